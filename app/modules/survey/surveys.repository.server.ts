import type { DB } from "#db/client";
import { questionRowToQuestion } from "~/modules/questionnaires/question-rows.server";
import type { StoredQuestion } from "~/modules/questionnaires/types";

export type { StoredQuestion };

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
    questions = rows.map(questionRowToQuestion);
    publishedQuestions.set(version.id, questions);
  }
  return { id: version.id, version: version.version, questionnaireCode: version.code, questions };
}

