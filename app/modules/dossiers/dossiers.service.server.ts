import type { DB } from "#db/client";
import { takeTurns } from "#db/dialect";
import { isUniqueViolation } from "#db/unique-violation";
import { dossierSummaryChange, type DossierFacts } from "~/domain/dossier-contribution";
import {
  apologyDateProblem,
  apologyDueBy,
  apologyMessage,
  apologyStanding,
  dossierConflict,
  dossierStanding,
  lateSince,
  type ApologyInput,
  type ApologyListFilter,
  type DossierInput,
} from "~/domain/dossiers";
import { fieldProblem, formProblem } from "~/domain/form-errors";
import type { OutboxMessage } from "~/domain/outbox";
import { problem, refused, succeeded, type Outcome } from "~/domain/problem";
import type { Locale } from "~/domain/questionnaire";
import { env } from "~/env.server";
import { i18nServer } from "~/i18n/i18n.server";
import { recordAudit } from "~/modules/audit/audit.repository.server";
import type { Actor } from "~/modules/audit/types";
import { getActiveServicePoint } from "~/modules/organisation/organisation.repository.server";
import { findSectorId } from "~/modules/organisation/sectors.repository.server";
import { inTransaction } from "~/modules/shared/transaction.server";
import { enqueue } from "~/modules/outbox/outbox.service.server";
import { dossierTicketLink, issueDossierTicket } from "~/modules/tickets/tickets.service.server";
import {
  countApologies,
  deleteRequiredApology,
  findApologyById,
  findDossierByCode,
  insertDossier,
  insertDueChange,
  insertRequiredApologies,
  listApologyRecords,
  lockDossier,
  markApologySent,
  markOverdueDossierRows,
  updateDossier,
  type ApologyRecord,
  type DossierRecord,
  type DossierValues,
} from "./dossiers.repository.server";
import { applyDossierSummaryDeltas, findDossierIdByTicket, readDossierFacts } from "./dossier-summaries.repository.server";
import type { ApologyCounts, ApologySent, ApologyView, DossierAnswer, DossierRecorded } from "./types";

/*
 * Dossiers from the one-stop software (docs/decisions/018-dossiers.md):
 * stored once per code however many posts arrive together, each late one
 * with exactly one apology record, each returned one with exactly one ticket.
 */

/** Which sectors the caller may touch (null: all). */
export type DossierScope = { sectorIds: number[] | null };

type Clock = { now?: Date; apologyDueHours?: number };

const inScope = (scope: DossierScope, sectorId: number) => scope.sectorIds === null || scope.sectorIds.includes(sectorId);

/** The one row-to-answer mapping; the ticket's QR is drawn here, outside any transaction. */
async function answerOf(record: DossierRecord, now: Date): Promise<DossierAnswer> {
  const standing = dossierStanding(record, now, { apologySent: record.apology?.status === "sent" });
  return {
    code: record.code,
    ...standing,
    apology: record.apology,
    ticket: record.ticketToken !== null ? await dossierTicketLink(record.pointCode, record.ticketToken) : null,
  };
}

/**
 * Stores a dossier the one-stop software posted, or brings the stored one up
 * to date (CONTRACTS.md): refused when its point or sector is unknown, the
 * point does not serve the sector, or the caller's scope leaves it out (400,
 * 403, nothing stored); a conflict (409) when it contradicts what is fixed.
 * Its lateness is settled at `now`: a late dossier gets its apology record, a
 * returned one its survey ticket, in the same transaction.
 */
export async function recordDossier(
  db: DB,
  actor: Actor,
  scope: DossierScope,
  input: DossierInput,
  { now = new Date(), apologyDueHours = env().apologyDueHours }: Clock = {},
): Promise<Outcome<DossierRecorded>> {
  const point = await getActiveServicePoint(db, input.servicePoint);
  if (!point) return refused(problem("badRequest", "servicePoint is not a known, active service point", { field: "servicePoint" }));
  const sector = point.sectors.find((s) => s.code === input.sector);
  if (!sector) {
    const known = (await findSectorId(db, input.sector)) !== null;
    return refused(
      problem("badRequest", known ? "sector is not a sector this service point serves" : "sector is not a known sector", { field: "sector" }),
    );
  }
  if (!inScope(scope, sector.id)) return refused(problem("forbidden", "this token or account may not post dossiers of that sector"));

  const store = () => storeDossier(db, actor, { ...input, servicePointId: point.id, sectorId: sector.id }, now, apologyDueHours);
  let stored: Outcome<{ created: boolean }>;
  try {
    stored = await store();
  } catch (error) {
    // Another post stored the same new code between our look and our insert
    // (PostgreSQL runs them side by side): its transaction has committed, so
    // this time the look finds it and the post becomes an update.
    if (!isUniqueViolation(error)) throw error;
    stored = await store();
  }
  if (!stored.ok) return stored;
  const record = await findDossierByCode(db, input.code);
  return succeeded({ created: stored.value.created, dossier: await answerOf(record!, now) });
}

/**
 * Keeps the timeliness roll-up in step, in the caller's transaction: adds the
 * difference between the dossiers' state `before` (read before the change;
 * absent ids were not stored) and their state now.
 */
async function rollUpChange(trx: DB, before: ReadonlyMap<number, DossierFacts>, ids: readonly number[]): Promise<void> {
  const after = await readDossierFacts(trx, ids);
  const change = dossierSummaryChange(ids.map((id) => ({ before: before.get(id) ?? null, after: after.get(id) ?? null })));
  await applyDossierSummaryDeltas(trx, change);
}

/**
 * A survey response was stored with this ticket (in the survey's
 * transaction): when it is a dossier's ticket, that dossier now counts as
 * answered in the response rate.
 */
export async function noteTicketResponse(trx: DB, ticketId: number): Promise<void> {
  const dossierId = await findDossierIdByTicket(trx, ticketId);
  if (dossierId === null) return;
  const after = (await readDossierFacts(trx, [dossierId])).get(dossierId)!;
  await applyDossierSummaryDeltas(trx, dossierSummaryChange([{ before: { ...after, responded: false }, after }]));
}

type PostedDossier = DossierInput & { servicePointId: number; sectorId: number };

function storeDossier(db: DB, actor: Actor, posted: PostedDossier, now: Date, apologyDueHours: number): Promise<Outcome<{ created: boolean }>> {
  const at = now.toISOString();
  return inTransaction(db, async (trx) => {
    await lockDossier(trx, posted.code);
    const stored = await findDossierByCode(trx, posted.code);
    const before = stored ? await readDossierFacts(trx, [stored.id]) : new Map<number, DossierFacts>();
    const apologySent = stored?.apology?.status === "sent";

    if (stored) {
      const conflict = dossierConflict(stored, posted);
      if (conflict) return refused(problem("conflict", conflict.message, { field: conflict.field }));
    }
    const dueAt = stored && Date.parse(stored.dueAt) >= Date.parse(posted.dueAt) ? stored.dueAt : posted.dueAt;
    const returnedAt = stored?.returnedAt ?? posted.returnedAt;
    // Late as the stored dossier stands now (what the minute's check would
    // have marked), then as the post leaves it.
    const lateBefore = stored ? lateSince(stored, now, { apologySent }) : null;
    const lateAt = lateSince({ dueAt, returnedAt, lateAt: lateBefore }, now, { apologySent });

    const values: DossierValues = {
      servicePointId: posted.servicePointId,
      sectorId: posted.sectorId,
      procedure: posted.procedure,
      receivedAt: stored?.receivedAt ?? posted.receivedAt,
      dueAt,
      returnedAt,
      contactPhone: posted.contact?.phone ?? null,
      contactEmail: posted.contact?.email ?? null,
      consent: posted.consent,
      lateAt,
      ticketId: stored?.ticketId ?? null,
    };
    if (returnedAt !== null && values.ticketId === null) {
      const ticket = await issueDossierTicket(trx, { servicePointId: posted.servicePointId, sectorId: posted.sectorId, dossierCode: posted.code });
      values.ticketId = ticket.id;
    }

    let dossierId: number;
    if (!stored) {
      dossierId = await insertDossier(trx, posted.code, values, at);
    } else {
      dossierId = stored.id;
      if (changed(stored, values)) await updateDossier(trx, dossierId, values, at);
      if (dueAt !== stored.dueAt) {
        const by = { actorUserId: actor.userId, actorName: actor.name };
        await insertDueChange(trx, { dossierId, from: stored.dueAt, to: dueAt, at, source: "dossier_api", ...by });
      }
    }
    if (lateAt !== null && !stored?.apology) {
      await insertRequiredApologies(trx, [{ dossierId, dueBy: apologyDueBy(lateAt, apologyDueHours) }], at);
    } else if (lateAt === null && stored?.apology) {
      await deleteRequiredApology(trx, dossierId);
    }
    await rollUpChange(trx, before, [dossierId]);
    return succeeded({ created: !stored });
  });
}

function changed(stored: DossierRecord, next: DossierValues): boolean {
  return (
    stored.procedure !== next.procedure ||
    stored.dueAt !== next.dueAt ||
    stored.returnedAt !== next.returnedAt ||
    stored.contactPhone !== next.contactPhone ||
    stored.contactEmail !== next.contactEmail ||
    stored.consent !== next.consent ||
    stored.lateAt !== next.lateAt ||
    stored.ticketId !== next.ticketId
  );
}

/** One dossier's answer at `now`: 404 when unknown, 403 outside the caller's sectors. */
export async function getDossier(db: DB, scope: DossierScope, code: string, now = new Date()): Promise<Outcome<DossierAnswer>> {
  const record = await findDossierByCode(db, code);
  if (!record) return refused(problem("notFound", "no dossier has that code"));
  if (!inScope(scope, record.sectorId)) return refused(problem("forbidden", "this token or account may not read dossiers of that sector"));
  return succeeded(await answerOf(record, now));
}

/**
 * Marks late every unreturned dossier whose due time passed before `now`,
 * each with its `required` apology, without any request arriving: run at
 * start-up and every minute by scripts/start.ts. Running it again marks
 * nothing new; two processes running it at once take turns (and each
 * dossier's row lock keeps it apart from a post of the same dossier).
 */
export async function markOverdueDossiers(db: DB, now: Date, apologyDueHours = env().apologyDueHours): Promise<{ marked: number }> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    await takeTurns(trx, "dossiers:overdue-check");
    const marked = await markOverdueDossierRows(trx, at);
    await insertRequiredApologies(
      trx,
      marked.map((m) => ({ dossierId: m.id, dueBy: apologyDueBy(m.lateAt, apologyDueHours) })),
      at,
    );
    // Each was open, unmarked and so without an apology until this statement.
    const after = await readDossierFacts(trx, marked.map((m) => m.id));
    await applyDossierSummaryDeltas(trx, dossierSummaryChange([...after.values()].map((f) => ({ before: { ...f, lateAt: null, apology: null }, after: f }))));
    return { marked: marked.length };
  });
}

/* ---------------------------------------------------------------------------
 * Apologies (CONTRACTS.md "Dossiers", DOMAIN.md "Timeliness and apologies"):
 * staff of the dossier's sector list them, fill in the Phiếu and send it.
 * ------------------------------------------------------------------------ */

/** The most apologies one list shows; a backlog larger than this is the news, and the counts say how large. */
export const APOLOGY_LIST_LIMIT = 500;

function apologyView(record: ApologyRecord, now: Date, locale: Locale): ApologyView {
  return {
    id: record.id,
    status: record.status,
    dueBy: record.dueBy,
    sentAt: record.sentAt,
    reason: record.reason,
    newDueAt: record.newDueAt,
    notify: record.notify,
    ...apologyStanding(record, now),
    dossier: record.dossier,
    point: { code: record.point.code, name: record.point.name[locale] },
    agency: record.agency.name[locale],
    sector: record.sector.name[locale],
  };
}

/** The apologies of the caller's sectors that a filter holds, and how many each filter holds. */
export async function listApologies(
  db: DB,
  scope: DossierScope,
  filter: ApologyListFilter,
  now: Date,
  locale: Locale,
): Promise<{ counts: ApologyCounts; apologies: ApologyView[] }> {
  const listScope = { sectorIds: scope.sectorIds, now: now.toISOString() };
  const [counts, records] = await Promise.all([countApologies(db, listScope), listApologyRecords(db, listScope, filter, APOLOGY_LIST_LIMIT)]);
  return { counts, apologies: records.map((r) => apologyView(r, now, locale)) };
}

const noSuchApology = () => refused<never>(problem("notFound", "no apology of your sectors has that id"));

/** One apology of the caller's sectors; another sector's is as unknown as a missing one (404). */
export async function getApology(db: DB, scope: DossierScope, id: number, now: Date, locale: Locale): Promise<Outcome<ApologyView>> {
  const record = await findApologyById(db, id);
  if (!record || !inScope(scope, record.dossier.sectorId)) return noSuchApology();
  return succeeded(apologyView(record, now, locale));
}

function valuesOf(d: DossierRecord): DossierValues {
  const { servicePointId, sectorId, procedure, receivedAt, dueAt, returnedAt, contactPhone, contactEmail, consent, lateAt, ticketId } = d;
  return { servicePointId, sectorId, procedure, receivedAt, dueAt, returnedAt, contactPhone, contactEmail, consent, lateAt, ticketId };
}

/** The message to the citizen, by e-mail when they gave one, else by SMS; none without a consented contact. */
async function apologyOutboxMessage(apology: ApologyRecord, dossier: DossierRecord, sent: ApologyInput): Promise<OutboxMessage | null> {
  if (!dossier.consent) return null;
  const channel = dossier.contactEmail ? "email" : dossier.contactPhone ? "sms" : null;
  if (channel === null) return null;
  const t = await i18nServer.getFixedT("vi", "timeliness");
  const text = apologyMessage({ agency: apology.agency.name.vi, dossierCode: dossier.code, reason: sent.reason, newDueAt: sent.newDueAt }, channel, t);
  return {
    channel,
    kind: "apology_sent",
    recipient: (channel === "email" ? dossier.contactEmail : dossier.contactPhone)!,
    ...text,
    idempotencyKey: `apology:${apology.id}:${channel}`,
    about: { type: "apology", id: apology.id },
  };
}

/**
 * Sends a late dossier's apology: in one transaction the apology becomes
 * `sent` with its reason and new date, the new date extends the dossier's due
 * time (a `dossier_due_changes` row, source `apology`), the audit log records
 * it, and a citizen who consented to be contacted gets a message through the
 * outbox. The dossier's row lock (as its posts take it) makes two sends at
 * once one send and one "already sent" (409). Another sector's apology is
 * 404; a new date not after now and the due time is 400 beside the field.
 */
export async function sendApology(
  db: DB,
  actor: Actor,
  scope: DossierScope,
  id: number,
  input: ApologyInput,
  now: Date = new Date(),
): Promise<Outcome<ApologySent>> {
  const found = await findApologyById(db, id);
  if (!found || !inScope(scope, found.dossier.sectorId)) return noSuchApology();
  const at = now.toISOString();
  return inTransaction(db, async (trx) => {
    await lockDossier(trx, found.dossier.code);
    // Read again under the lock: what a concurrent send or post committed.
    const apology = (await findApologyById(trx, id))!;
    const dossier = (await findDossierByCode(trx, found.dossier.code))!;
    if (apology.status === "sent") return refused(formProblem("conflict", "alreadySent"));
    const dateProblem = apologyDateProblem(dossier, input.newDueAt, now);
    if (dateProblem) return refused(fieldProblem("badRequest", "newDueAt", dateProblem));

    const before = await readDossierFacts(trx, [dossier.id]);
    if (!(await markApologySent(trx, id, { sentAt: at, reason: input.reason, newDueAt: input.newDueAt }))) {
      return refused(formProblem("conflict", "alreadySent"));
    }
    if (input.newDueAt !== null) {
      await updateDossier(trx, dossier.id, { ...valuesOf(dossier), dueAt: input.newDueAt }, at);
      await insertDueChange(trx, {
        dossierId: dossier.id,
        from: dossier.dueAt,
        to: input.newDueAt,
        at,
        source: "apology",
        actorUserId: actor.userId,
        actorName: actor.name,
      });
    }
    const message = await apologyOutboxMessage(apology, dossier, input);
    await recordAudit(
      trx,
      actor,
      {
        action: "send",
        entityType: "apology",
        entityId: id,
        label: dossier.code,
        before: { status: apology.status, dueAt: dossier.dueAt },
        after: { status: "sent", reason: input.reason, newDueAt: input.newDueAt, notified: message?.channel ?? null },
      },
      now,
    );
    if (message) await enqueue(trx, [message], now);
    await rollUpChange(trx, before, [dossier.id]);
    return succeeded({ id, channel: message?.channel ?? null });
  });
}
