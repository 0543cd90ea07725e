import type { DB } from "#db/client";
import type { Channel, QuestionType } from "#db/schema";
import { scopeCondition, type SummaryScope } from "~/modules/indices/indices.repository.server";

/** One questionnaire answered in scope, with every question key of the versions answered. */
export type ExportQuestionnaire = {
  id: number;
  code: string;
  /** Stable keys, each once, in the order of the newest answered version that has it. */
  questions: Array<{ key: string; type: QuestionType }>;
};

/**
 * The id of the newest response stored now (0 when there is none). An export
 * covers responses up to it, so the file is what the database held when the
 * download began, however long the download takes, and its columns match its rows.
 */
export async function lastResponseId(db: DB): Promise<number> {
  const { maxId } = await db
    .selectFrom("responses")
    .select((eb) => eb.fn.max("id").as("maxId"))
    .executeTakeFirstOrThrow();
  return maxId ?? 0;
}

/**
 * The questionnaires whose versions were answered by the responses in scope
 * (up to `upToId`), ordered by code: what decides the columns of the raw
 * export. Read from the responses themselves, since a point may have changed
 * questionnaire and its old responses still belong in the file.
 */
export async function listExportQuestionnaires(db: DB, scope: SummaryScope, upToId: number): Promise<ExportQuestionnaire[]> {
  const versions = await db
    .selectFrom("responses as r")
    .select("r.questionnaire_version_id")
    .distinct()
    .where("r.id", "<=", upToId)
    .where(scopeCondition(scope, "r"))
    .execute();
  if (versions.length === 0) return [];

  const rows = await db
    .selectFrom("questions as q")
    .innerJoin("questionnaire_versions as v", "v.id", "q.questionnaire_version_id")
    .innerJoin("questionnaires as qn", "qn.id", "v.questionnaire_id")
    .select(["qn.id as questionnaire_id", "qn.code", "v.version", "q.key", "q.type", "q.position"])
    .where("v.id", "in", versions.map((v) => v.questionnaire_version_id))
    .orderBy("qn.code")
    .orderBy("v.version", "desc")
    .orderBy("q.position")
    .execute();

  const byId = new Map<number, ExportQuestionnaire & { seen: Set<string>; position: Map<string, number> }>();
  for (const row of rows) {
    let questionnaire = byId.get(row.questionnaire_id);
    if (!questionnaire) {
      questionnaire = { id: row.questionnaire_id, code: row.code, questions: [], seen: new Set(), position: new Map() };
      byId.set(row.questionnaire_id, questionnaire);
    }
    if (questionnaire.seen.has(row.key)) continue;
    questionnaire.seen.add(row.key);
    questionnaire.position.set(row.key, row.position);
    questionnaire.questions.push({ key: row.key, type: row.type });
  }
  return [...byId.values()].map(({ id, code, questions, position }) => ({
    id,
    code,
    // A key dropped in a later version keeps its old place among the others.
    questions: questions
      .map((q, order) => ({ q, order }))
      .sort((a, b) => position.get(a.q.key)! - position.get(b.q.key)! || a.order - b.order)
      .map(({ q }) => q),
  }));
}

/** One stored answer, as stored: no display formatting here. */
export type ExportAnswer = {
  type: QuestionType;
  score: number | null;
  notApplicable: boolean;
  choice: string | null;
  number: number | null;
  text: string | null;
};

/** One response with what the export may show of it: never its IP or device hash. */
export type ExportResponse = {
  id: number;
  clientId: string;
  answeredAt: string;
  servicePointCode: string;
  agencyCode: string;
  sectorCode: string;
  channel: Channel;
  locale: string;
  questionnaireId: number;
  questionnaireCode: string;
  questionnaireVersion: number;
  flagged: boolean;
  flagReason: string | null;
  /** By question key: unique within the version the response answered. */
  answers: Map<string, ExportAnswer>;
};

export const EXPORT_BATCH_SIZE = 1000;

/**
 * Every response in scope up to `upToId`, oldest id first, read in
 * keyset-paginated batches (`id > last id … limit n`) so a million rows never
 * sit in memory together and each batch costs the same however deep into the
 * table it is. Stops before the next batch once `signal` is aborted (the
 * client went away) or the consumer stops iterating.
 */
export async function* streamResponsesForExport(
  db: DB,
  scope: SummaryScope,
  options: { upToId: number; batchSize?: number; signal?: AbortSignal },
): AsyncGenerator<ExportResponse, void, undefined> {
  const batchSize = options.batchSize ?? EXPORT_BATCH_SIZE;
  // The organisation is small: look its codes up in memory rather than join them
  // into every batch, which keeps the batch query a plain scan in id order.
  const [points, sectors, versions, questions] = await Promise.all([
    db
      .selectFrom("service_points as p")
      .innerJoin("agencies as a", "a.id", "p.agency_id")
      .select(["p.id", "p.code", "a.code as agency_code"])
      .execute(),
    db.selectFrom("sectors").select(["id", "code"]).execute(),
    db
      .selectFrom("questionnaire_versions as v")
      .innerJoin("questionnaires as qn", "qn.id", "v.questionnaire_id")
      .select(["v.id", "v.version", "qn.id as questionnaire_id", "qn.code"])
      .execute(),
    db.selectFrom("questions").select(["id", "key", "type"]).execute(),
  ]);
  const pointById = new Map(points.map((p) => [p.id, p]));
  const sectorById = new Map(sectors.map((s) => [s.id, s.code]));
  const versionById = new Map(versions.map((v) => [v.id, v]));
  const questionById = new Map(questions.map((q) => [q.id, q]));

  let lastId = 0;
  while (!options.signal?.aborted) {
    const batch = await db
      .selectFrom("responses as r")
      .select([
        "r.id",
        "r.client_id",
        "r.answered_at",
        "r.service_point_id",
        "r.sector_id",
        "r.questionnaire_version_id",
        "r.channel",
        "r.locale",
        "r.flagged",
        "r.flag_reason",
      ])
      .where("r.id", ">", lastId)
      .where("r.id", "<=", options.upToId)
      .where(scopeCondition(scope, "r", { inIdOrder: true }))
      .orderBy("r.id")
      .limit(batchSize)
      .execute();
    if (batch.length === 0) return;
    lastId = batch[batch.length - 1]!.id;

    const answerRows = await db
      .selectFrom("answers")
      .select(["response_id", "question_id", "score", "is_na", "choice_value", "number_value", "text_value"])
      .where("response_id", "in", batch.map((r) => r.id))
      .execute();
    const answersOf = new Map<number, Map<string, ExportAnswer>>();
    for (const a of answerRows) {
      const question = questionById.get(a.question_id);
      if (!question) continue;
      let answers = answersOf.get(a.response_id);
      if (!answers) answersOf.set(a.response_id, (answers = new Map()));
      answers.set(question.key, {
        type: question.type,
        score: a.score,
        notApplicable: a.is_na === 1,
        choice: a.choice_value,
        number: a.number_value,
        text: a.text_value,
      });
    }

    for (const r of batch) {
      const point = pointById.get(r.service_point_id);
      const version = versionById.get(r.questionnaire_version_id);
      yield {
        id: r.id,
        clientId: r.client_id,
        answeredAt: r.answered_at,
        servicePointCode: point?.code ?? "",
        agencyCode: point?.agency_code ?? "",
        sectorCode: sectorById.get(r.sector_id) ?? "",
        channel: r.channel,
        locale: r.locale,
        questionnaireId: version?.questionnaire_id ?? 0,
        questionnaireCode: version?.code ?? "",
        questionnaireVersion: version?.version ?? 0,
        flagged: r.flagged === 1,
        flagReason: r.flag_reason,
        answers: answersOf.get(r.id) ?? new Map(),
      };
    }
    if (batch.length < batchSize) return;
  }
}
