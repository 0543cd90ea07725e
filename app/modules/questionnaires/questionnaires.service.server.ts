import type { DB } from "#db/client";
import { fieldProblem, formProblem } from "~/domain/form-errors";
import { problem, refused, succeeded, type Outcome } from "~/domain/problem";
import {
  moveKey,
  publishProblemErrors,
  publishProblems,
  questionProblems,
  type DraftQuestionInput,
  type FieldProblem,
  type NewQuestionnaireInput,
} from "~/domain/questionnaire-draft";
import { recordAudit } from "~/modules/audit/audit.repository.server";
import type { Actor } from "~/modules/audit/types";
import { inTransaction } from "~/modules/shared/transaction.server";
import * as repo from "./questionnaires.repository.server";
import type { BuilderQuestion, QuestionnaireChoice, QuestionnaireRecord, VersionHeader } from "./types";

/*
 * The questionnaire builder's use cases. Every write touches only a draft
 * (a published version never changes) and runs in one transaction with its
 * audit record. Refusals carry their errors as a form shows them: beside a
 * field, `_form` for the whole form, `publish.N` for why a draft cannot be
 * published (see `builderRefusalOf`).
 */

export { listCriterionGroupChoices, listQuestionnairesForAdmin, listVersions } from "./questionnaires.repository.server";

/** The questionnaire an address names (`/admin/questionnaires/:code`), or null. */
export async function findQuestionnaire(db: DB, code: string | undefined): Promise<QuestionnaireRecord | null> {
  return code && code.length <= 100 ? repo.findQuestionnaire(db, code) : null;
}

/** The questionnaires a sector or point may use: those with a published version. */
export const listQuestionnaireChoices: (db: DB) => Promise<QuestionnaireChoice[]> = repo.listPublishedQuestionnaires;

/**
 * Whether a questionnaire may be given to a sector or a point (null: none, its
 * default applies): it must exist and have a published version, so that the
 * point always has a survey to serve. Refused beside `field`.
 */
export async function checkAssignable(db: DB, questionnaireId: number | null, field: string): Promise<Outcome<string | null>> {
  if (questionnaireId === null) return succeeded(null);
  const found = await repo.findQuestionnaireById(db, questionnaireId);
  if (!found) return refused(fieldProblem("badRequest", field, "notFound"));
  if (!found.published) return refused(fieldProblem("badRequest", field, "unpublished"));
  return succeeded(found.code);
}

/** A version's header and questions: a published version by its number, or the draft; null when there is none. */
export async function findVersionWithQuestions(
  db: DB,
  questionnaireId: number,
  which: number | "draft",
): Promise<{ version: VersionHeader; questions: BuilderQuestion[] } | null> {
  const version = which === "draft" ? await repo.findDraft(db, questionnaireId) : await repo.findVersion(db, questionnaireId, which);
  if (!version) return null;
  return { version, questions: await repo.listVersionQuestions(db, version.id) };
}

export { findDraft } from "./questionnaires.repository.server";

const noDraft = () => formProblem("conflict", "noDraft");
const draftExists = () => formProblem("conflict", "draftExists");
const noSuchQuestion = () => problem("notFound", "the draft has no question with that key", { fieldErrors: { _form: { code: "notFound" } } });
const invalid = (problems: readonly FieldProblem[]) =>
  problem("badRequest", problems.map((p) => `${p.field}: ${p.code}`).join(", "), { fieldErrors: Object.fromEntries(problems.map((p) => [p.field, { code: p.code }])) });

/** A new questionnaire with an empty draft version 1. */
export function createQuestionnaire(db: DB, actor: Actor, input: NewQuestionnaireInput, now = new Date()): Promise<Outcome<{ code: string }>> {
  const duplicate = () => fieldProblem("badRequest", "code", "duplicate");
  return inTransaction(
    db,
    async (trx) => {
      if (await repo.findQuestionnaire(trx, input.code)) return refused(duplicate());
      const id = await repo.insertQuestionnaire(trx, input, now);
      const versionId = await repo.insertDraftVersion(trx, id, 1, now);
      await recordAudit(trx, actor, { action: "create", entityType: "questionnaire", entityId: id, label: input.code, after: { code: input.code, name_vi: input.nameVi, name_en: input.nameEn } });
      await recordAudit(trx, actor, { action: "create_draft", entityType: "questionnaire_version", entityId: versionId, label: `${input.code} v1`, after: { version: 1, questions: 0 } });
      return succeeded({ code: input.code });
    },
    // Two administrators creating the same code at once: the unique index decides.
    duplicate,
  );
}

/** A new draft: the latest published version's questions, same keys, as version max+1. */
export function startDraft(db: DB, actor: Actor, questionnaire: QuestionnaireRecord, now = new Date()): Promise<Outcome<{ version: number }>> {
  return inTransaction(
    db,
    async (trx) => {
      if (await repo.findDraft(trx, questionnaire.id)) return refused(draftExists());
      const latest = await repo.findLatestVersion(trx, questionnaire.id);
      const number = (latest?.version ?? 0) + 1;
      const published = await repo.findLatestPublished(trx, questionnaire.id);
      const draftId = await repo.insertDraftVersion(trx, questionnaire.id, number, now);
      const copied = published ? await repo.copyQuestions(trx, published.id, draftId) : 0;
      await recordAudit(trx, actor, {
        action: "create_draft",
        entityType: "questionnaire_version",
        entityId: draftId,
        label: `${questionnaire.code} v${number}`,
        after: { version: number, copiedFrom: latest && published ? latest.version : null, questions: copied },
      });
      return succeeded({ version: number });
    },
    draftExists,
  );
}

export function discardDraft(db: DB, actor: Actor, questionnaire: QuestionnaireRecord): Promise<Outcome> {
  return inTransaction(db, async (trx) => {
    const draft = await repo.findDraft(trx, questionnaire.id);
    if (!draft) return refused(noDraft());
    const questions = await repo.listVersionQuestions(trx, draft.id);
    await repo.deleteDraftVersion(trx, draft.id);
    await recordAudit(trx, actor, {
      action: "discard_draft",
      entityType: "questionnaire_version",
      entityId: draft.id,
      label: `${questionnaire.code} v${draft.version}`,
      before: { version: draft.version, questions: questions.map((q) => q.key) },
    });
    return succeeded(null);
  });
}

function auditShape(q: DraftQuestionInput) {
  const { key, type, textVi, textEn, groupKey, required } = q;
  const extra =
    q.type === "scale" ? { allowNA: q.allowNA, overall: q.overall } : q.type === "choice" ? { options: q.options.map((o) => o.value).join(", ") } : q.type === "number" ? { min: q.min, max: q.max } : { maxLength: q.maxLength };
  return { key, type, text_vi: textVi, text_en: textEn, group: groupKey, required, ...extra };
}

async function keyContext(trx: DB, questionnaireId: number, draftQuestions: BuilderQuestion[], exceptKey: string | null) {
  const others = draftQuestions.filter((q) => q.key !== exceptKey);
  const groups = await repo.listCriterionGroupChoices(trx);
  return {
    draftKeys: others.map((q) => q.key),
    earlierTypes: await repo.earlierKeyTypes(trx, questionnaireId),
    otherOverall: others.some((q) => q.type === "scale" && q.overall),
    groupKeys: groups.map((g) => g.key),
  };
}

const groupIdOf = (trx: DB, key: string | null) => (key === null ? Promise.resolve(null) : repo.findCriterionGroupId(trx, key));

/** The draft and its questions, or the "no draft" refusal. */
async function openDraft(trx: DB, questionnaire: QuestionnaireRecord): Promise<Outcome<{ draft: VersionHeader; questions: BuilderQuestion[] }>> {
  const draft = await repo.findDraft(trx, questionnaire.id);
  if (!draft) return refused(noDraft());
  return succeeded({ draft, questions: await repo.listVersionQuestions(trx, draft.id) });
}

/** Adds a question at the end of the draft. */
export function addQuestion(db: DB, actor: Actor, questionnaire: QuestionnaireRecord, input: DraftQuestionInput): Promise<Outcome> {
  return inTransaction(db, async (trx) => {
    const opened = await openDraft(trx, questionnaire);
    if (!opened.ok) return opened;
    const { draft, questions } = opened.value;
    const problems = questionProblems(input, await keyContext(trx, questionnaire.id, questions, null));
    if (problems.length > 0) return refused(invalid(problems));
    const position = questions.reduce((max, q) => Math.max(max, q.position), 0) + 1;
    const id = await repo.insertQuestion(trx, draft.id, position, input, await groupIdOf(trx, input.groupKey));
    await recordAudit(trx, actor, { action: "add_question", entityType: "question", entityId: id, label: `${questionnaire.code} v${draft.version}: ${input.key}`, after: auditShape(input) });
    return succeeded(null);
  });
}

/** Changes one question of the draft (its key too, under the same rules); its place stays. */
export function updateQuestion(db: DB, actor: Actor, questionnaire: QuestionnaireRecord, originalKey: string, input: DraftQuestionInput): Promise<Outcome> {
  return inTransaction(db, async (trx) => {
    const opened = await openDraft(trx, questionnaire);
    if (!opened.ok) return opened;
    const { draft, questions } = opened.value;
    const current = questions.find((q) => q.key === originalKey);
    if (!current) return refused(noSuchQuestion());
    const problems = questionProblems(input, await keyContext(trx, questionnaire.id, questions, originalKey));
    if (problems.length > 0) return refused(invalid(problems));
    await repo.updateQuestionRow(trx, draft.id, current.id, input, await groupIdOf(trx, input.groupKey));
    await recordAudit(trx, actor, {
      action: "update_question",
      entityType: "question",
      entityId: current.id,
      label: `${questionnaire.code} v${draft.version}: ${input.key}`,
      before: auditShape(current),
      after: auditShape(input),
    });
    return succeeded(null);
  });
}

/** Positions 1…n in the given order. */
async function renumber(trx: DB, ordered: readonly BuilderQuestion[]): Promise<void> {
  for (const [i, q] of ordered.entries()) {
    if (q.position !== i + 1) await repo.setQuestionPosition(trx, q.id, i + 1);
  }
}

/** Removes a question from the draft; answers to earlier versions keep their own question rows. */
export function removeQuestion(db: DB, actor: Actor, questionnaire: QuestionnaireRecord, key: string): Promise<Outcome> {
  return inTransaction(db, async (trx) => {
    const opened = await openDraft(trx, questionnaire);
    if (!opened.ok) return opened;
    const { draft, questions } = opened.value;
    const current = questions.find((q) => q.key === key);
    if (!current) return refused(noSuchQuestion());
    await repo.deleteQuestionRow(trx, draft.id, current.id);
    await renumber(trx, questions.filter((q) => q.id !== current.id));
    await recordAudit(trx, actor, { action: "remove_question", entityType: "question", entityId: current.id, label: `${questionnaire.code} v${draft.version}: ${key}`, before: auditShape(current) });
    return succeeded(null);
  });
}

export function moveQuestion(db: DB, actor: Actor, questionnaire: QuestionnaireRecord, key: string, direction: "up" | "down"): Promise<Outcome> {
  return inTransaction(db, async (trx) => {
    const opened = await openDraft(trx, questionnaire);
    if (!opened.ok) return opened;
    const { draft, questions } = opened.value;
    if (!questions.some((q) => q.key === key)) return refused(noSuchQuestion());
    const order = moveKey(questions.map((q) => q.key), key, direction);
    if (!order) return refused(formProblem("badRequest", "cannotMove"));
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
    return succeeded(null);
  });
}

/**
 * The draft becomes an immutable published version, at once the one the
 * survey serves (the latest published). Refused, with reasons, when
 * `publishProblems` finds any.
 */
export function publishDraft(db: DB, actor: Actor, questionnaire: QuestionnaireRecord, now = new Date()): Promise<Outcome<{ version: number }>> {
  return inTransaction(db, async (trx) => {
    const opened = await openDraft(trx, questionnaire);
    if (!opened.ok) return opened;
    const { draft, questions } = opened.value;
    const previousVersion = await repo.findLatestPublished(trx, questionnaire.id);
    const previous = previousVersion ? await repo.listVersionQuestions(trx, previousVersion.id) : null;
    const asPublish = (q: BuilderQuestion) => ({ key: q.key, type: q.type, overall: q.type === "scale" && q.overall, optionCount: q.type === "choice" ? q.options.length : undefined });
    const problems = publishProblems(questions.map(asPublish), previous?.map(asPublish) ?? null, await repo.earlierKeyTypes(trx, questionnaire.id));
    if (problems.length > 0) return refused(problem("badRequest", problems.map((p) => p.code).join(", "), { fieldErrors: publishProblemErrors(problems) }));
    await repo.markPublished(trx, draft.id, now);
    await recordAudit(trx, actor, {
      action: "publish",
      entityType: "questionnaire_version",
      entityId: draft.id,
      label: `${questionnaire.code} v${draft.version}`,
      after: { version: draft.version, questions: questions.map((q) => ({ key: q.key, type: q.type, text_vi: q.textVi })) },
    });
    return succeeded({ version: draft.version });
  });
}
