import crypto from "node:crypto";
import type { DB } from "#db/client";
import {
  ALLOWED_FROM,
  caseDueAt,
  contactKeptUntilBefore,
  endOfVietnamDate,
  formatTrackingCode,
  isOverdue,
  nextStatus,
  normaliseTrackingCode,
  trackingCodeFromBytes,
  type CaseAction,
  type CaseFilter,
  type ConsentedContact,
} from "~/domain/cases";
import type { OutboxMessage } from "~/domain/outbox";
import { problem, refused, succeeded, type Outcome } from "~/domain/problem";
import { isLocale } from "~/domain/questionnaire";
import { env } from "~/env.server";
import { i18nServer } from "~/i18n/i18n.server";
import { recordAudit } from "~/modules/audit/audit.repository.server";
import type { Actor } from "~/modules/audit/types";
import { enqueue } from "~/modules/outbox/outbox.service.server";
import { inTransaction } from "~/modules/shared/transaction.server";
import {
  clearContactsClosedBefore,
  countOverdueOpenCases,
  findCaseByCode,
  findCaseCodeOfResponse,
  insertCase,
  insertCaseNote,
  listCaseNotes,
  listCases,
  listResponseAnswers,
  updateCaseIf,
  type CaseChange,
  type CaseRecord,
  type CaseRow,
} from "./cases.repository.server";
import type { CaseList, CaseListItem, PublicCaseView, StaffCaseView } from "./types";

/*
 * Follow-up cases (docs/decisions/020-follow-up-cases.md): opened in the
 * transaction that stores their response, looked up by the citizen's code,
 * answered, closed and reopened by the sector's staff — each step checked
 * by its own write and recorded in the audit log in the same transaction.
 */

/** Which sectors a staff member may see (null: all) and whether they may change cases. */
export type CaseScope = { sectorIds: number[] | null; mayManage: boolean };

const inScope = (scope: CaseScope, sectorId: number) => scope.sectorIds === null || scope.sectorIds.includes(sectorId);

/** A fresh code drawn this many times before giving up: 50 bits make a second draw already unheard of. */
const CODE_DRAWS = 5;

export type CaseToOpen = { responseId: number; servicePointId: number; sectorId: number; contact: ConsentedContact };

/**
 * Opens the case of a response just stored, in its transaction (the survey
 * calls it only when consented contact came with the answers). Its code is
 * drawn again when taken, so two cases never share one.
 */
export async function openCaseFor(trx: DB, c: CaseToOpen, now: Date, dueDays = env().caseDueDays): Promise<string> {
  for (let draw = 0; draw < CODE_DRAWS; draw++) {
    const code = trackingCodeFromBytes(crypto.randomBytes(10));
    const id = await insertCase(trx, {
      code,
      responseId: c.responseId,
      servicePointId: c.servicePointId,
      sectorId: c.sectorId,
      dueAt: caseDueAt(now, dueDays),
      phone: c.contact.phone,
      email: c.contact.email,
      at: now.toISOString(),
    });
    if (id !== null) return code;
  }
  throw new Error("no free tracking code after several draws");
}

/** The tracking code of the case a response opened, for a repeat of that response. */
export function caseCodeOfResponse(db: DB, responseId: number): Promise<string | null> {
  return findCaseCodeOfResponse(db, responseId);
}

function publicViewOf(c: CaseRow): PublicCaseView {
  return {
    code: c.code,
    status: c.status,
    agency: c.agency.name,
    servicePoint: c.servicePoint.name,
    createdAt: c.createdAt,
    dueAt: c.dueAt,
    answeredAt: c.answeredAt,
    closedAt: c.closedAt,
    publicAnswer: c.publicAnswer,
  };
}

/**
 * What anyone with the code may read: the status, the agency, the dates
 * and the public answer. Null when the code is malformed or no case has it.
 */
export async function lookupCase(db: DB, rawCode: string): Promise<PublicCaseView | null> {
  const code = normaliseTrackingCode(rawCode);
  if (!code) return null;
  const found = await findCaseByCode(db, code);
  return found ? publicViewOf(found) : null;
}

export const CASES_PER_PAGE = 50;

function listItemOf(c: CaseRow, now: Date): CaseListItem {
  return {
    code: c.code,
    status: c.status,
    overdue: isOverdue(c, now),
    dueAt: c.dueAt,
    createdAt: c.createdAt,
    sector: c.sector.name,
    agency: c.agency.name,
    servicePoint: c.servicePoint.name,
  };
}

/** The staff list: the caller's sectors only, overdue first, then by due date. */
export async function listStaffCases(db: DB, scope: CaseScope, filter: CaseFilter, page: number, now = new Date()): Promise<CaseList> {
  const { rows, total } = await listCases(db, {
    sectorIds: scope.sectorIds,
    status: filter,
    now: now.toISOString(),
    limit: CASES_PER_PAGE,
    offset: (page - 1) * CASES_PER_PAGE,
  });
  return { filter, items: rows.map((r) => listItemOf(r, now)), total, page, perPage: CASES_PER_PAGE };
}

/** Open cases past due in the caller's sectors, for the dashboard overview. */
export function countOverdueCases(db: DB, sectorIds: number[] | null, now = new Date()): Promise<number> {
  return countOverdueOpenCases(db, { sectorIds, now: now.toISOString() });
}

const notFound = () => problem("notFound", "no case has that code in your sectors");

/** A case in the caller's scope; another sector's case is as unknown as a wrong code (404). */
async function caseInScope(db: DB, scope: CaseScope, rawCode: string): Promise<CaseRecord | null> {
  const code = normaliseTrackingCode(rawCode);
  const found = code ? await findCaseByCode(db, code) : null;
  return found && inScope(scope, found.sectorId) ? found : null;
}

/** One case as its page shows it: the response's answers, the notes, and the contact for those who may manage it. */
export async function getStaffCase(db: DB, scope: CaseScope, rawCode: string, now = new Date()): Promise<Outcome<StaffCaseView>> {
  const found = await caseInScope(db, scope, rawCode);
  if (!found) return refused(notFound());
  const [answers, notes] = await Promise.all([listResponseAnswers(db, found.responseId), listCaseNotes(db, found.id)]);
  const hasContact = found.contactPhone !== null || found.contactEmail !== null;
  return succeeded({
    ...publicViewOf(found),
    overdue: isOverdue(found, now),
    sector: found.sector.name,
    reopenedCount: found.reopenedCount,
    answers,
    notes,
    contact: scope.mayManage && hasContact ? { phone: found.contactPhone, email: found.contactEmail } : null,
    canManage: scope.mayManage,
  });
}

/** What the audit log keeps of a case: its state, never the citizen's contact. */
function auditedState(c: { status: string; dueAt: string; publicAnswer: string | null }) {
  return { status: c.status, dueAt: c.dueAt, publicAnswer: c.publicAnswer };
}

const moved = () => problem("conflict", "the case was changed meanwhile: reload it", { fieldErrors: { _form: { code: "caseMoved" } } });

type Step = {
  action: CaseAction;
  /** What the step writes at `at`. */
  change: (at: string) => CaseChange;
  /** What else the step writes in its transaction (the answer's message). */
  also?: (trx: DB, c: CaseRecord, written: { answerCount: number }, now: Date) => Promise<void>;
};

/**
 * One step on a case, in one transaction: the status the step needs is
 * checked by the write itself (`updateCaseIf`), so of two managers answering
 * at once one succeeds and the other is told the case moved on (409).
 */
async function takeStep(db: DB, actor: Actor, scope: CaseScope, rawCode: string, step: Step, now: Date): Promise<Outcome<{ code: string }>> {
  if (!scope.mayManage) return refused(problem("forbidden", "this account may not change cases"));
  const found = await caseInScope(db, scope, rawCode);
  if (!found) return refused(notFound());
  if (nextStatus(found.status, step.action) === null) return refused(moved());
  const at = now.toISOString();
  const change = step.change(at);
  return inTransaction(db, async (trx) => {
    const written = await updateCaseIf(trx, found.id, ALLOWED_FROM[step.action], change, at);
    if (!written) return refused(moved());
    await step.also?.(trx, found, written, now);
    const after = {
      status: change.status ?? found.status,
      dueAt: change.due_at ?? found.dueAt,
      publicAnswer: change.public_answer ?? found.publicAnswer,
    };
    await recordAudit(trx, actor, { action: step.action, entityType: "case", entityId: found.id, label: found.code, before: auditedState(found), after }, now);
    return succeeded({ code: found.code });
  });
}

/**
 * The message that tells the citizen the case was answered: by e-mail when
 * they left one, else by SMS. None without a contact (cleared, or never).
 */
async function answeredMessage(c: CaseRecord, answer: string, n: number): Promise<OutboxMessage | null> {
  const recipient = c.contactEmail ?? c.contactPhone;
  if (recipient === null) return null;
  const locale = isLocale(c.locale) ? c.locale : "vi";
  const t = await i18nServer.getFixedT(locale, "cases");
  const words = {
    code: formatTrackingCode(c.code),
    agency: c.agency.name[locale],
    answer,
    link: `${env().publicBaseUrl}/tra-cuu?code=${c.code}${locale === "en" ? "&lang=en" : ""}`,
  };
  const byEmail = c.contactEmail !== null;
  return {
    channel: byEmail ? "email" : "sms",
    kind: "case_answered",
    recipient,
    subject: byEmail ? t("message.answered.subject", words) : null,
    body: byEmail ? t("message.answered.emailBody", words) : t("message.answered.smsBody", words),
    idempotencyKey: `case:${c.id}:answered:${n}`,
    about: { type: "case", id: c.id },
  };
}

/** The public answer: the case becomes answered and the citizen is told, in the same transaction. */
export function answerCase(db: DB, actor: Actor, scope: CaseScope, code: string, answer: string, now = new Date()) {
  return takeStep(db, actor, scope, code, {
    action: "answer",
    change: (at) => ({ status: "answered", public_answer: answer, answered_at: at, countAnswer: true }),
    also: async (trx, c, { answerCount }, at) => {
      const message = await answeredMessage(c, answer, answerCount);
      if (message) await enqueue(trx, [message], at);
    },
  }, now);
}

export function closeCase(db: DB, actor: Actor, scope: CaseScope, code: string, now = new Date()) {
  return takeStep(db, actor, scope, code, { action: "close", change: (at) => ({ status: "closed", closed_at: at }) }, now);
}

/** Back to open (a citizen not satisfied with the answer): due again CASE_DUE_DAYS from now. */
export function reopenCase(db: DB, actor: Actor, scope: CaseScope, code: string, now = new Date(), dueDays = env().caseDueDays) {
  return takeStep(db, actor, scope, code, {
    action: "reopen",
    change: (at) => ({ status: "open", closed_at: null, countReopen: true, reopened_at: at, due_at: caseDueAt(now, dueDays) }),
  }, now);
}

/** A new due date (a Vietnam calendar date; due at its end). */
export function changeCaseDue(db: DB, actor: Actor, scope: CaseScope, code: string, dueDate: string, now = new Date()) {
  return takeStep(db, actor, scope, code, { action: "changeDue", change: () => ({ due_at: endOfVietnamDate(dueDate) }) }, now);
}

/** An internal note: staff only, never on /tra-cuu; recorded in the audit log too. */
export async function addCaseNote(db: DB, actor: Actor, scope: CaseScope, rawCode: string, body: string, now = new Date()): Promise<Outcome<{ code: string }>> {
  if (!scope.mayManage) return refused(problem("forbidden", "this account may not change cases"));
  const found = await caseInScope(db, scope, rawCode);
  if (!found) return refused(notFound());
  const at = now.toISOString();
  return inTransaction(db, async (trx) => {
    const noteId = await insertCaseNote(trx, { caseId: found.id, authorUserId: actor.userId, authorName: actor.name, body, at });
    await recordAudit(trx, actor, { action: "note", entityType: "case", entityId: found.id, label: found.code, before: null, after: { noteId, note: body } }, now);
    return succeeded({ code: found.code });
  });
}

/**
 * Retention: clears the contact details of cases closed more than
 * CONTACT_RETENTION_DAYS ago (the case, its answer and its notes stay).
 * For the scheduled jobs; returns how many cases were cleared.
 */
export function clearExpiredCaseContacts(db: DB, now = new Date(), retentionDays = env().contactRetentionDays): Promise<number> {
  return clearContactsClosedBefore(db, contactKeptUntilBefore(now, retentionDays), now.toISOString());
}
