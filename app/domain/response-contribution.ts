import {
  answerSumsOf,
  ON_TIME_CHOICES,
  respondentSums,
  type AnswerSums,
  type IndexSums,
  type OnTimeChoice,
} from "./index-engine";
import type { ScaleLevel } from "./scale";

/**
 * The choice question whose answer is the citizen-reported punctuality
 * (DOMAIN.md default questionnaire, question 10). Its key is stable across
 * versions, so the convention holds for every version that keeps it.
 */
export const ON_TIME_QUESTION_KEY = "on_time";

export type ContributionQuestion = {
  id: number;
  key: string;
  type: "scale" | "choice" | "number" | "text";
  overall: boolean;
  groupId: number | null;
};

export type StoredAnswer = {
  questionId: number;
  /** 1–5, or null for "no opinion / not applicable" or a non-scale answer. */
  score: number | null;
  notApplicable: boolean;
  choice: string | null;
};

/** What one response adds to each summary: totals, per question, per criterion group, per choice. */
export type ResponseContribution = {
  totals: IndexSums;
  questions: Array<{ questionId: number; sums: AnswerSums }>;
  groups: Array<{ groupId: number; sums: AnswerSums }>;
  choices: Array<{ questionId: number; value: string }>;
};

const asLevel = (a: StoredAnswer): ScaleLevel | null => (a.notApplicable ? null : (a.score as ScaleLevel));

/**
 * The additive sums one response contributes. Summary rows add these up in the
 * same transaction as the insert, so every view rolls up by plain addition.
 */
export function responseContribution(
  questions: readonly ContributionQuestion[],
  answers: readonly StoredAnswer[],
): ResponseContribution {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const scale: Array<{ question: ContributionQuestion; level: ScaleLevel | null }> = [];
  const choices: Array<{ questionId: number; value: string }> = [];
  let onTime: OnTimeChoice | null = null;

  for (const answer of answers) {
    const question = byId.get(answer.questionId);
    if (!question) throw new RangeError(`answer to question ${answer.questionId}, which is not in this version`);
    if (question.type === "scale") scale.push({ question, level: asLevel(answer) });
    if (question.type === "choice" && answer.choice !== null) {
      choices.push({ questionId: question.id, value: answer.choice });
      if (question.key === ON_TIME_QUESTION_KEY && (ON_TIME_CHOICES as readonly string[]).includes(answer.choice)) {
        onTime = answer.choice as OnTimeChoice;
      }
    }
  }

  const totals = respondentSums(
    scale.map(({ question, level }) => ({ score: level, criterion: !question.overall, overall: question.overall })),
    onTime,
  );

  const byGroup = new Map<number, Array<ScaleLevel | null>>();
  for (const { question, level } of scale) {
    if (question.overall || question.groupId === null) continue;
    byGroup.set(question.groupId, [...(byGroup.get(question.groupId) ?? []), level]);
  }

  return {
    totals,
    questions: scale.map(({ question, level }) => ({ questionId: question.id, sums: answerSumsOf([level]) })),
    groups: [...byGroup].map(([groupId, levels]) => ({ groupId, sums: answerSumsOf(levels) })),
    choices,
  };
}
