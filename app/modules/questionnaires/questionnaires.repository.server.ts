import type { DB } from "#db/client";
import type { Question } from "#db/schema";
import type { ChoiceOption } from "~/domain/questionnaire";
import {
  moveKey,
  publishProblems,
  questionProblems,
  type DraftQuestionInput,
  type FieldProblem,
  type NewQuestionnaireInput,
  type PublishProblem,
} from "~/domain/questionnaire-draft";
import { recordAudit, type Actor } from "~/modules/audit/audit.repository.server";

/**
 * The questionnaire builder's reads and writes. Published versions are never
 * changed (the survey caches their questions and answers point at their rows):
 * every write here touches only a draft, and each runs in one transaction
 * with its audit record.
 */

type Named = { vi: string; en: string };

export type QuestionnaireSummary = {
  id: number;
  code: string;
  name: Named;
  latest: { version: number; publishedAt: string | null } | null;
  draft: { version: number } | null;
  sectors: Array<{ code: string; name: Named }>;
  points: Array<{ code: string; name: Named }>;
};

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

export type QuestionnaireRecord = { id: number; code: string; name: Named };

export async function findQuestionnaire(db: DB, code: string): Promise<QuestionnaireRecord | null> {
  const row = await db.selectFrom("questionnaires").selectAll().where("code", "=", code).executeTakeFirst();
  return row ? { id: row.id, code: row.code, name: { vi: row.name_vi, en: row.name_en } } : null;
}

export type VersionRecord = { id: number; version: number; status: "draft" | "published"; publishedAt: string | null; createdAt: string; questionCount: number };

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

/** A stored question as the builder shows and edits it. */
export type BuilderQuestion = DraftQuestionInput & { id: number; position: number };

function toBuilderQuestion(row: Question & { group_key: string | null }): BuilderQuestion {
  const base = {
    id: row.id,
    position: row.position,
    key: row.key,
    textVi: row.text_vi,
    textEn: row.text_en,
    groupKey: row.group_key,
    required: row.required === 1,
  };
  switch (row.type) {
    case "scale":
      return { ...base, type: "scale", allowNA: row.allow_na === 1, overall: row.is_overall === 1 };
    case "choice":
      return { ...base, type: "choice", options: JSON.parse(row.options_json ?? "[]") as ChoiceOption[] };
    case "number":
      return { ...base, type: "number", min: row.min_value ?? 0, max: row.max_value ?? 100 };
    case "text":
      return { ...base, type: "text", maxLength: row.max_length ?? 2000 };
  }
}

export async function listVersionQuestions(db: DB, versionId: number): Promise<BuilderQuestion[]> {
  const rows = await db
    .selectFrom("questions as q")
    .leftJoin("criterion_groups as g", "g.id", "q.criterion_group_id")
    .selectAll("q")
    .select("g.key as group_key")
    .where("q.questionnaire_version_id", "=", versionId)
    .orderBy("q.position")
    .execute();
  return rows.map(toBuilderQuestion);
}

export async function findVersion(db: DB, questionnaireId: number, version: number) {
  return (await db.selectFrom("questionnaire_versions").selectAll().where("questionnaire_id", "=", questionnaireId).where("version", "=", version).executeTakeFirst()) ?? null;
}

export async function findDraft(db: DB, questionnaireId: number) {
  return (await db.selectFrom("questionnaire_versions").selectAll().where("questionnaire_id", "=", questionnaireId).where("status", "=", "draft").executeTakeFirst()) ?? null;
}

export async function listCriterionGroupChoices(db: DB): Promise<Array<{ key: string; name: Named }>> {
  const rows = await db.selectFrom("criterion_groups").select(["key", "name_vi", "name_en"]).orderBy("sort_order").execute();
  return rows.map((r) => ({ key: r.key, name: { vi: r.name_vi, en: r.name_en } }));
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
 * Writes
 * ------------------------------------------------------------------------ */

export type WriteOutcome<T = null> =
  | { kind: "ok"; value: T }
  | { kind: "invalid"; problems: FieldProblem[] }
  | { kind: "noDraft" }
  | { kind: "draftExists" }
  | { kind: "noPublished" }
  | { kind: "notFound" }
  | { kind: "cannotMove" }
  | { kind: "unpublishable"; problems: PublishProblem[] };

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && "code" in error && String((error as { code: unknown }).code).startsWith("SQLITE_CONSTRAINT");
}

/** A new questionnaire with an empty draft version 1. */
export async function createQuestionnaire(db: DB, actor: Actor, input: NewQuestionnaireInput): Promise<WriteOutcome<{ code: string }>> {
  try {
    return await db.transaction().execute(async (trx) => {
      const exists = await trx.selectFrom("questionnaires").select("id").where("code", "=", input.code).executeTakeFirst();
      if (exists) return { kind: "invalid", problems: [{ field: "code", code: "duplicate" }] } as const;
      const { id } = await trx
        .insertInto("questionnaires")
        .values({ code: input.code, name_vi: input.nameVi, name_en: input.nameEn, created_at: new Date().toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      const version = await trx
        .insertInto("questionnaire_versions")
        .values({ questionnaire_id: id, version: 1, status: "draft", published_at: null, created_at: new Date().toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, { action: "create", entityType: "questionnaire", entityId: id, label: input.code, after: { code: input.code, name_vi: input.nameVi, name_en: input.nameEn } });
      await recordAudit(trx, actor, { action: "create_draft", entityType: "questionnaire_version", entityId: version.id, label: `${input.code} v1`, after: { version: 1, questions: 0 } });
      return { kind: "ok", value: { code: input.code } } as const;
    });
  } catch (error) {
    // Two administrators creating the same code at once: the unique index decides.
    if (isUniqueViolation(error)) return { kind: "invalid", problems: [{ field: "code", code: "duplicate" }] };
    throw error;
  }
}

function questionRow(versionId: number, position: number, q: DraftQuestionInput, groupId: number | null) {
  return {
    questionnaire_version_id: versionId,
    key: q.key,
    position,
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

/** A new draft: the latest published version's questions, same keys, as version max+1. */
export async function startDraft(db: DB, actor: Actor, questionnaire: QuestionnaireRecord): Promise<WriteOutcome<{ version: number }>> {
  try {
    return await db.transaction().execute(async (trx) => {
      if (await findDraft(trx, questionnaire.id)) return { kind: "draftExists" } as const;
      const latest = await trx
        .selectFrom("questionnaire_versions")
        .selectAll()
        .where("questionnaire_id", "=", questionnaire.id)
        .orderBy("version", "desc")
        .limit(1)
        .executeTakeFirst();
      const number = (latest?.version ?? 0) + 1;
      const published = await trx
        .selectFrom("questionnaire_versions")
        .select("id")
        .where("questionnaire_id", "=", questionnaire.id)
        .where("status", "=", "published")
        .orderBy("version", "desc")
        .limit(1)
        .executeTakeFirst();
      const draft = await trx
        .insertInto("questionnaire_versions")
        .values({ questionnaire_id: questionnaire.id, version: number, status: "draft", published_at: null, created_at: new Date().toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      let copied = 0;
      if (published) {
        const rows = await trx.selectFrom("questions").selectAll().where("questionnaire_version_id", "=", published.id).orderBy("position").execute();
        if (rows.length > 0) {
          await trx
            .insertInto("questions")
            .values(rows.map(({ id: _id, ...row }) => ({ ...row, questionnaire_version_id: draft.id })))
            .execute();
        }
        copied = rows.length;
      }
      await recordAudit(trx, actor, {
        action: "create_draft",
        entityType: "questionnaire_version",
        entityId: draft.id,
        label: `${questionnaire.code} v${number}`,
        after: { version: number, copiedFrom: latest && published ? latest.version : null, questions: copied },
      });
      return { kind: "ok", value: { version: number } } as const;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { kind: "draftExists" };
    throw error;
  }
}

export async function discardDraft(db: DB, actor: Actor, questionnaire: QuestionnaireRecord): Promise<WriteOutcome> {
  return db.transaction().execute(async (trx) => {
    const draft = await findDraft(trx, questionnaire.id);
    if (!draft) return { kind: "noDraft" } as const;
    const questions = await listVersionQuestions(trx, draft.id);
    // No answer can point at a draft's questions: the survey serves published versions only.
    await trx.deleteFrom("questions").where("questionnaire_version_id", "=", draft.id).execute();
    await trx.deleteFrom("questionnaire_versions").where("id", "=", draft.id).execute();
    await recordAudit(trx, actor, {
      action: "discard_draft",
      entityType: "questionnaire_version",
      entityId: draft.id,
      label: `${questionnaire.code} v${draft.version}`,
      before: { version: draft.version, questions: questions.map((q) => q.key) },
    });
    return { kind: "ok", value: null } as const;
  });
}

async function groupIdOf(db: DB, key: string | null): Promise<number | null> {
  if (key === null) return null;
  return (await db.selectFrom("criterion_groups").select("id").where("key", "=", key).executeTakeFirst())?.id ?? null;
}

function auditShape(q: DraftQuestionInput) {
  const { key, type, textVi, textEn, groupKey, required } = q;
  const extra =
    q.type === "scale" ? { allowNA: q.allowNA, overall: q.overall } : q.type === "choice" ? { options: q.options.map((o) => o.value).join(", ") } : q.type === "number" ? { min: q.min, max: q.max } : { maxLength: q.maxLength };
  return { key, type, text_vi: textVi, text_en: textEn, group: groupKey, required, ...extra };
}

async function keyContext(db: DB, questionnaireId: number, draftQuestions: BuilderQuestion[], exceptKey: string | null) {
  const others = draftQuestions.filter((q) => q.key !== exceptKey);
  const groups = await listCriterionGroupChoices(db);
  return {
    draftKeys: others.map((q) => q.key),
    earlierTypes: await earlierKeyTypes(db, questionnaireId),
    otherOverall: others.some((q) => q.type === "scale" && q.overall),
    groupKeys: groups.map((g) => g.key),
  };
}

/** Adds a question at the end of the draft. */
export async function addQuestion(db: DB, actor: Actor, questionnaire: QuestionnaireRecord, input: DraftQuestionInput): Promise<WriteOutcome> {
  return db.transaction().execute(async (trx) => {
    const draft = await findDraft(trx, questionnaire.id);
    if (!draft) return { kind: "noDraft" } as const;
    const questions = await listVersionQuestions(trx, draft.id);
    const problems = questionProblems(input, await keyContext(trx, questionnaire.id, questions, null));
    if (problems.length > 0) return { kind: "invalid", problems } as const;
    const position = questions.reduce((max, q) => Math.max(max, q.position), 0) + 1;
    const { id } = await trx
      .insertInto("questions")
      .values(questionRow(draft.id, position, input, await groupIdOf(trx, input.groupKey)))
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: "add_question", entityType: "question", entityId: id, label: `${questionnaire.code} v${draft.version}: ${input.key}`, after: auditShape(input) });
    return { kind: "ok", value: null } as const;
  });
}

/** Changes one question of the draft (its key too, under the same rules); its place stays. */
export async function updateQuestion(db: DB, actor: Actor, questionnaire: QuestionnaireRecord, originalKey: string, input: DraftQuestionInput): Promise<WriteOutcome> {
  return db.transaction().execute(async (trx) => {
    const draft = await findDraft(trx, questionnaire.id);
    if (!draft) return { kind: "noDraft" } as const;
    const questions = await listVersionQuestions(trx, draft.id);
    const current = questions.find((q) => q.key === originalKey);
    if (!current) return { kind: "notFound" } as const;
    const problems = questionProblems(input, await keyContext(trx, questionnaire.id, questions, originalKey));
    if (problems.length > 0) return { kind: "invalid", problems } as const;
    const { questionnaire_version_id: _v, position: _p, ...changes } = questionRow(draft.id, current.position, input, await groupIdOf(trx, input.groupKey));
    await trx.updateTable("questions").set(changes).where("id", "=", current.id).where("questionnaire_version_id", "=", draft.id).execute();
    await recordAudit(trx, actor, {
      action: "update_question",
      entityType: "question",
      entityId: current.id,
      label: `${questionnaire.code} v${draft.version}: ${input.key}`,
      before: auditShape(current),
      after: auditShape(input),
    });
    return { kind: "ok", value: null } as const;
  });
}

/** Removes a question from the draft; answers to earlier versions keep their own question rows. */
export async function removeQuestion(db: DB, actor: Actor, questionnaire: QuestionnaireRecord, key: string): Promise<WriteOutcome> {
  return db.transaction().execute(async (trx) => {
    const draft = await findDraft(trx, questionnaire.id);
    if (!draft) return { kind: "noDraft" } as const;
    const questions = await listVersionQuestions(trx, draft.id);
    const current = questions.find((q) => q.key === key);
    if (!current) return { kind: "notFound" } as const;
    await trx.deleteFrom("questions").where("id", "=", current.id).where("questionnaire_version_id", "=", draft.id).execute();
    await renumber(trx, questions.filter((q) => q.id !== current.id));
    await recordAudit(trx, actor, { action: "remove_question", entityType: "question", entityId: current.id, label: `${questionnaire.code} v${draft.version}: ${key}`, before: auditShape(current) });
    return { kind: "ok", value: null } as const;
  });
}

/** Positions 1…n in the given order. */
async function renumber(db: DB, ordered: readonly BuilderQuestion[]): Promise<void> {
  for (const [i, q] of ordered.entries()) {
    if (q.position !== i + 1) await db.updateTable("questions").set({ position: i + 1 }).where("id", "=", q.id).execute();
  }
}

export async function moveQuestion(db: DB, actor: Actor, questionnaire: QuestionnaireRecord, key: string, direction: "up" | "down"): Promise<WriteOutcome> {
  return db.transaction().execute(async (trx) => {
    const draft = await findDraft(trx, questionnaire.id);
    if (!draft) return { kind: "noDraft" } as const;
    const questions = await listVersionQuestions(trx, draft.id);
    if (!questions.some((q) => q.key === key)) return { kind: "notFound" } as const;
    const order = moveKey(questions.map((q) => q.key), key, direction);
    if (!order) return { kind: "cannotMove" } as const;
    const byKey = new Map(questions.map((q) => [q.key, q]));
    await renumber(trx, order.map((k) => byKey.get(k)!));
    await recordAudit(trx, actor, {
      action: "move_question",
      entityType: "question",
      entityId: byKey.get(key)!.id,
      label: `${questionnaire.code} v${draft.version}: ${key}`,
      before: { position: order.indexOf(key) + (direction === "up" ? 2 : 0) },
      after: { position: order.indexOf(key) + 1 },
    });
    return { kind: "ok", value: null } as const;
  });
}

/**
 * The draft becomes an immutable published version, at once the one the
 * survey serves (the latest published). Refused, with reasons, when
 * `publishProblems` finds any.
 */
export async function publishDraft(db: DB, actor: Actor, questionnaire: QuestionnaireRecord, now = new Date()): Promise<WriteOutcome<{ version: number }>> {
  return db.transaction().execute(async (trx) => {
    const draft = await findDraft(trx, questionnaire.id);
    if (!draft) return { kind: "noDraft" } as const;
    const questions = await listVersionQuestions(trx, draft.id);
    const previousVersion = await trx
      .selectFrom("questionnaire_versions")
      .select("id")
      .where("questionnaire_id", "=", questionnaire.id)
      .where("status", "=", "published")
      .orderBy("version", "desc")
      .limit(1)
      .executeTakeFirst();
    const previous = previousVersion ? await listVersionQuestions(trx, previousVersion.id) : null;
    const asPublish = (q: BuilderQuestion) => ({ key: q.key, type: q.type, overall: q.type === "scale" && q.overall, optionCount: q.type === "choice" ? q.options.length : undefined });
    const problems = publishProblems(questions.map(asPublish), previous?.map(asPublish) ?? null, await earlierKeyTypes(trx, questionnaire.id));
    if (problems.length > 0) return { kind: "unpublishable", problems } as const;
    await trx.updateTable("questionnaire_versions").set({ status: "published", published_at: now.toISOString() }).where("id", "=", draft.id).where("status", "=", "draft").execute();
    await recordAudit(trx, actor, {
      action: "publish",
      entityType: "questionnaire_version",
      entityId: draft.id,
      label: `${questionnaire.code} v${draft.version}`,
      after: { version: draft.version, questions: questions.map((q) => ({ key: q.key, type: q.type, text_vi: q.textVi })) },
    });
    return { kind: "ok", value: { version: draft.version } } as const;
  });
}

/* ---------------------------------------------------------------------------
 * Wording history, for the dashboard
 * ------------------------------------------------------------------------ */

export type KeyWordings = { questionnaireId: number; questionnaireCode: string; key: string; wordings: Array<{ version: number; text: Named }> };

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
