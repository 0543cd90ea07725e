import type { DB } from "#db/client";
import type { Question } from "#db/schema";
import {
  DEFAULT_TEXT_MAX_LENGTH,
  type ChoiceOption,
  type SurveyQuestion,
} from "~/domain/questionnaire";

export type StoredQuestion = SurveyQuestion & { id: number; position: number; groupId: number | null };

export type SurveyVersion = {
  id: number;
  version: number;
  questionnaireCode: string;
  questions: StoredQuestion[];
};

/** Published versions never change, so their questions are read once per process. */
const publishedQuestions = new Map<number, StoredQuestion[]>();

/** The latest published version of a questionnaire, with its ordered questions. */
export function getCurrentVersion(db: DB, questionnaireId: number): Promise<SurveyVersion | null> {
  return findPublishedVersion(db, questionnaireId, null);
}

/** One published version of a questionnaire by its number; null when there is no such published version. */
export function getPublishedVersion(db: DB, questionnaireId: number, versionNumber: number): Promise<SurveyVersion | null> {
  return findPublishedVersion(db, questionnaireId, versionNumber);
}

async function findPublishedVersion(db: DB, questionnaireId: number, versionNumber: number | null): Promise<SurveyVersion | null> {
  let query = db
    .selectFrom("questionnaire_versions as v")
    .innerJoin("questionnaires as q", "q.id", "v.questionnaire_id")
    .select(["v.id", "v.version", "q.code"])
    .where("v.questionnaire_id", "=", questionnaireId)
    .where("v.status", "=", "published");
  if (versionNumber !== null) query = query.where("v.version", "=", versionNumber);
  const version = await query.orderBy("v.version", "desc").limit(1).executeTakeFirst();
  if (!version) return null;

  let questions = publishedQuestions.get(version.id);
  if (!questions) {
    const rows = await db
      .selectFrom("questions as q")
      .leftJoin("criterion_groups as g", "g.id", "q.criterion_group_id")
      .selectAll("q")
      .select("g.key as group_key")
      .where("q.questionnaire_version_id", "=", version.id)
      .orderBy("q.position")
      .execute();
    questions = rows.map(toSurveyQuestion);
    publishedQuestions.set(version.id, questions);
  }
  return { id: version.id, version: version.version, questionnaireCode: version.code, questions };
}

function toSurveyQuestion(row: Question & { group_key: string | null }): StoredQuestion {
  const base = {
    id: row.id,
    position: row.position,
    key: row.key,
    required: row.required === 1,
    text: { vi: row.text_vi, en: row.text_en },
    group: row.group_key,
    groupId: row.criterion_group_id,
  };
  switch (row.type) {
    case "scale":
      return { ...base, type: "scale", allowNA: row.allow_na === 1, overall: row.is_overall === 1 };
    case "choice":
      return { ...base, type: "choice", options: JSON.parse(row.options_json ?? "[]") as ChoiceOption[] };
    case "number":
      return { ...base, type: "number", min: row.min_value ?? 0, max: row.max_value ?? 100 };
    case "text":
      return { ...base, type: "text", maxLength: row.max_length ?? DEFAULT_TEXT_MAX_LENGTH };
  }
}
