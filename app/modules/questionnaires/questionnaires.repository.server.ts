import type { DB } from "#db/client";
import { vietnameseOrder } from "#db/dialect";
import type { QuestionnaireVersion } from "#db/schema";
import type { DraftQuestionInput } from "~/domain/questionnaire-draft";
import { builderQuestionOf, questionRowToQuestion } from "./question-rows.server";
import type { BuilderQuestion, KeyWordings, QuestionnaireChoice, QuestionnaireRecord, QuestionnaireSummary, VersionHeader, VersionRecord } from "./types";

/*
 * Questionnaires, their versions and questions: queries only, rows mapped
 * here once. Published versions are never changed (the survey caches their
 * questions and answers point at their rows): the writes here are used on
 * drafts only, by the service.
 */

type Named = { vi: string; en: string };

export async function listQuestionnairesForAdmin(db: DB): Promise<QuestionnaireSummary[]> {
  const [questionnaires, versions, sectors, points] = await Promise.all([
    db.selectFrom("questionnaires").selectAll().orderBy("code").execute(),
    db.selectFrom("questionnaire_versions").select(["questionnaire_id", "version", "status", "published_at"]).orderBy("version", "desc").execute(),
    db.selectFrom("sectors").select(["code", "name_vi", "name_en", "questionnaire_id"]).orderBy("sort_order").execute(),
    db.selectFrom("service_points").select(["code", "name_vi", "name_en", "questionnaire_id"]).where("questionnaire_id", "is not", null).orderBy("code").execute(),
  ]);
  return questionnaires.map((q) => {
    const latest = versions.find((v) => v.questionnaire_id === q.id && v.status === "published");
    const draft = versions.find((v) => v.questionnaire_id === q.id && v.status === "draft");
    return {
      id: q.id,
      code: q.code,
      name: { vi: q.name_vi, en: q.name_en },
      latest: latest ? { version: latest.version, publishedAt: latest.published_at } : null,
      draft: draft ? { version: draft.version } : null,
      sectors: sectors.filter((s) => s.questionnaire_id === q.id).map((s) => ({ code: s.code, name: { vi: s.name_vi, en: s.name_en } })),
      points: points.filter((p) => p.questionnaire_id === q.id).map((p) => ({ code: p.code, name: { vi: p.name_vi, en: p.name_en } })),
    };
  });
}

export async function findQuestionnaire(db: DB, code: string): Promise<QuestionnaireRecord | null> {
  const row = await db.selectFrom("questionnaires").selectAll().where("code", "=", code).executeTakeFirst();
  return row ? { id: row.id, code: row.code, name: { vi: row.name_vi, en: row.name_en } } : null;
}

/** A questionnaire by id with whether it has a published version; null when unknown. */
export async function findQuestionnaireById(db: DB, id: number): Promise<{ code: string; published: boolean } | null> {
  const row = await db
    .selectFrom("questionnaires as q")
    .select((eb) => [
      "q.code",
      eb
        .exists(eb.selectFrom("questionnaire_versions as v").select("v.id").whereRef("v.questionnaire_id", "=", "q.id").where("v.status", "=", "published"))
        .as("published"),
    ])
    .where("q.id", "=", id)
    .executeTakeFirst();
  return row ? { code: row.code, published: Boolean(row.published) } : null;
}

/** The questionnaires that have a published version. */
export async function listPublishedQuestionnaires(db: DB): Promise<QuestionnaireChoice[]> {
  const rows = await db
    .selectFrom("questionnaires as q")
    .select(["q.id", "q.code", "q.name_vi", "q.name_en"])
    .where((eb) =>
      eb.exists(eb.selectFrom("questionnaire_versions as v").select("v.id").whereRef("v.questionnaire_id", "=", "q.id").where("v.status", "=", "published")),
    )
    .orderBy(vietnameseOrder(db, "q.name_vi"))
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.code, name: { vi: r.name_vi, en: r.name_en } }));
}

export async function insertQuestionnaire(db: DB, input: { code: string; nameVi: string; nameEn: string }, now: Date): Promise<number> {
  const { id } = await db
    .insertInto("questionnaires")
    .values({ code: input.code, name_vi: input.nameVi, name_en: input.nameEn, created_at: now.toISOString() })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/* ---------------------------------------------------------------- versions */

function versionRowToHeader(row: QuestionnaireVersion): VersionHeader {
  return { id: row.id, version: row.version, status: row.status, publishedAt: row.published_at, createdAt: row.created_at };
}

export async function listVersions(db: DB, questionnaireId: number): Promise<VersionRecord[]> {
  const rows = await db
    .selectFrom("questionnaire_versions as v")
    .leftJoin("questions as q", "q.questionnaire_version_id", "v.id")
    .select(["v.id", "v.version", "v.status", "v.published_at", "v.created_at"])
    .select((eb) => eb.fn.count<number>("q.id").as("n"))
    .where("v.questionnaire_id", "=", questionnaireId)
    .groupBy("v.id")
    .orderBy("v.version", "desc")
    .execute();
  return rows.map((r) => ({ id: r.id, version: r.version, status: r.status, publishedAt: r.published_at, createdAt: r.created_at, questionCount: Number(r.n) }));
}

export async function findVersion(db: DB, questionnaireId: number, version: number): Promise<VersionHeader | null> {
  const row = await db.selectFrom("questionnaire_versions").selectAll().where("questionnaire_id", "=", questionnaireId).where("version", "=", version).executeTakeFirst();
  return row ? versionRowToHeader(row) : null;
}

export async function findDraft(db: DB, questionnaireId: number): Promise<VersionHeader | null> {
  const row = await db.selectFrom("questionnaire_versions").selectAll().where("questionnaire_id", "=", questionnaireId).where("status", "=", "draft").executeTakeFirst();
  return row ? versionRowToHeader(row) : null;
}

/** The newest version of any status, or null. */
export async function findLatestVersion(db: DB, questionnaireId: number): Promise<VersionHeader | null> {
  const row = await db.selectFrom("questionnaire_versions").selectAll().where("questionnaire_id", "=", questionnaireId).orderBy("version", "desc").limit(1).executeTakeFirst();
  return row ? versionRowToHeader(row) : null;
}

/** The newest published version, or null. */
export async function findLatestPublished(db: DB, questionnaireId: number): Promise<VersionHeader | null> {
  const row = await db
    .selectFrom("questionnaire_versions")
    .selectAll()
    .where("questionnaire_id", "=", questionnaireId)
    .where("status", "=", "published")
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? versionRowToHeader(row) : null;
}

export async function insertDraftVersion(db: DB, questionnaireId: number, version: number, now: Date): Promise<number> {
  const { id } = await db
    .insertInto("questionnaire_versions")
    .values({ questionnaire_id: questionnaireId, version, status: "draft", published_at: null, created_at: now.toISOString() })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** Deletes a draft version and its questions (no answer can point at a draft's questions). */
export async function deleteDraftVersion(db: DB, versionId: number): Promise<void> {
  await db.deleteFrom("questions").where("questionnaire_version_id", "=", versionId).execute();
  await db.deleteFrom("questionnaire_versions").where("id", "=", versionId).where("status", "=", "draft").execute();
}

export async function markPublished(db: DB, versionId: number, now: Date): Promise<void> {
  await db.updateTable("questionnaire_versions").set({ status: "published", published_at: now.toISOString() }).where("id", "=", versionId).where("status", "=", "draft").execute();
}

/* --------------------------------------------------------------- questions */

export async function listVersionQuestions(db: DB, versionId: number): Promise<BuilderQuestion[]> {
  const rows = await db
    .selectFrom("questions as q")
    .leftJoin("criterion_groups as g", "g.id", "q.criterion_group_id")
    .selectAll("q")
    .select("g.key as group_key")
    .where("q.questionnaire_version_id", "=", versionId)
    .orderBy("q.position")
    .execute();
  return rows.map((row) => builderQuestionOf(questionRowToQuestion(row)));
}

/** Copies every question of one version into another (same keys, same places). */
export async function copyQuestions(db: DB, fromVersionId: number, toVersionId: number): Promise<number> {
  const rows = await db.selectFrom("questions").selectAll().where("questionnaire_version_id", "=", fromVersionId).orderBy("position").execute();
  if (rows.length > 0) {
    await db
      .insertInto("questions")
      .values(rows.map(({ id: _id, ...row }) => ({ ...row, questionnaire_version_id: toVersionId })))
      .execute();
  }
  return rows.length;
}

function questionColumns(q: DraftQuestionInput, groupId: number | null) {
  return {
    key: q.key,
    type: q.type,
    criterion_group_id: groupId,
    is_overall: (q.type === "scale" && q.overall ? 1 : 0) as 0 | 1,
    required: (q.required ? 1 : 0) as 0 | 1,
    allow_na: (q.type === "scale" && q.allowNA ? 1 : 0) as 0 | 1,
    text_vi: q.textVi,
    text_en: q.textEn,
    options_json: q.type === "choice" ? JSON.stringify(q.options) : null,
    min_value: q.type === "number" ? q.min : null,
    max_value: q.type === "number" ? q.max : null,
    max_length: q.type === "text" ? q.maxLength : null,
  };
}

export async function insertQuestion(db: DB, versionId: number, position: number, q: DraftQuestionInput, groupId: number | null): Promise<number> {
  const { id } = await db
    .insertInto("questions")
    .values({ questionnaire_version_id: versionId, position, ...questionColumns(q, groupId) })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateQuestionRow(db: DB, versionId: number, questionId: number, q: DraftQuestionInput, groupId: number | null): Promise<void> {
  await db.updateTable("questions").set(questionColumns(q, groupId)).where("id", "=", questionId).where("questionnaire_version_id", "=", versionId).execute();
}

export async function deleteQuestionRow(db: DB, versionId: number, questionId: number): Promise<void> {
  await db.deleteFrom("questions").where("id", "=", questionId).where("questionnaire_version_id", "=", versionId).execute();
}

export async function setQuestionPosition(db: DB, questionId: number, position: number): Promise<void> {
  await db.updateTable("questions").set({ position }).where("id", "=", questionId).execute();
}

/* ------------------------------------------------------- criterion groups */

export async function listCriterionGroupChoices(db: DB): Promise<Array<{ key: string; name: Named }>> {
  const rows = await db.selectFrom("criterion_groups").select(["key", "name_vi", "name_en"]).orderBy("sort_order").execute();
  return rows.map((r) => ({ key: r.key, name: { vi: r.name_vi, en: r.name_en } }));
}

export async function findCriterionGroupId(db: DB, key: string): Promise<number | null> {
  return (await db.selectFrom("criterion_groups").select("id").where("key", "=", key).executeTakeFirst())?.id ?? null;
}

/** The type every key had in the published versions of a questionnaire (the latest wins, though they never differ). */
export async function earlierKeyTypes(db: DB, questionnaireId: number): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom("questions as q")
    .innerJoin("questionnaire_versions as v", "v.id", "q.questionnaire_version_id")
    .select(["q.key", "q.type"])
    .where("v.questionnaire_id", "=", questionnaireId)
    .where("v.status", "=", "published")
    .orderBy("v.version", "asc")
    .execute();
  return new Map(rows.map((r) => [r.key, r.type]));
}

/* ---------------------------------------------------------------------------
 * Wording history, for the dashboard
 * ------------------------------------------------------------------------ */

/** Every published wording of every question key, per questionnaire. */
export async function listQuestionWordings(db: DB): Promise<KeyWordings[]> {
  const rows = await db
    .selectFrom("questions as q")
    .innerJoin("questionnaire_versions as v", "v.id", "q.questionnaire_version_id")
    .innerJoin("questionnaires as qn", "qn.id", "v.questionnaire_id")
    .select(["v.questionnaire_id", "qn.code", "v.version", "q.key", "q.text_vi", "q.text_en"])
    .where("v.status", "=", "published")
    .orderBy("v.version", "desc")
    .execute();
  const out = new Map<string, KeyWordings>();
  for (const r of rows) {
    const id = `${r.questionnaire_id}:${r.key}`;
    let entry = out.get(id);
    if (!entry) out.set(id, (entry = { questionnaireId: r.questionnaire_id, questionnaireCode: r.code, key: r.key, wordings: [] }));
    entry.wordings.push({ version: r.version, text: { vi: r.text_vi, en: r.text_en } });
  }
  return [...out.values()];
}

export type { KeyWordings };
