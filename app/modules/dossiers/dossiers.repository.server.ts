import { sql } from "kysely";
import type { DB } from "#db/client";
import type { ApologyListFilter, ApologyStatus } from "~/domain/dossiers";

/** A stored dossier with its point, sector, apology and ticket, as the service reads it. */
export type DossierRecord = {
  id: number;
  code: string;
  servicePointId: number;
  pointCode: string;
  sectorId: number;
  sectorCode: string;
  procedure: string | null;
  receivedAt: string;
  dueAt: string;
  returnedAt: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  consent: boolean;
  lateAt: string | null;
  ticketId: number | null;
  ticketToken: string | null;
  /** The due time in force before an apology extended it, if one did. */
  apologyExtendedFrom: string | null;
  apology: { id: number; status: ApologyStatus; dueBy: string } | null;
};

/** The columns a post writes: everything but the id, the code and the creation time. */
export type DossierValues = Pick<
  DossierRecord,
  | "servicePointId" | "sectorId" | "procedure" | "receivedAt" | "dueAt" | "returnedAt"
  | "contactPhone" | "contactEmail" | "consent" | "lateAt" | "ticketId"
>;

function columnsOf(v: DossierValues) {
  return {
    service_point_id: v.servicePointId,
    sector_id: v.sectorId,
    procedure: v.procedure,
    received_at: v.receivedAt,
    due_at: v.dueAt,
    returned_at: v.returnedAt,
    contact_phone: v.contactPhone,
    contact_email: v.contactEmail,
    consent: v.consent ? (1 as const) : (0 as const),
    late_at: v.lateAt,
    ticket_id: v.ticketId,
  };
}

/**
 * Takes the dossier's row lock for the rest of the transaction by writing
 * its row unchanged: on PostgreSQL a concurrent post or overdue check for the
 * same dossier waits here, and what is read next is what they committed; on
 * SQLite it makes the transaction the writer from its first statement. A
 * code not stored yet locks nothing: its unique index decides that race.
 */
export async function lockDossier(db: DB, code: string): Promise<void> {
  await db
    .updateTable("dossiers")
    .set((eb) => ({ updated_at: eb.ref("updated_at") }))
    .where("code", "=", code)
    .execute();
}

export async function findDossierByCode(db: DB, code: string): Promise<DossierRecord | null> {
  const row = await db
    .selectFrom("dossiers as d")
    .innerJoin("service_points as p", "p.id", "d.service_point_id")
    .innerJoin("sectors as s", "s.id", "d.sector_id")
    .leftJoin("apologies as a", "a.dossier_id", "d.id")
    .leftJoin("tickets as t", "t.id", "d.ticket_id")
    .select([
      "d.id",
      "d.code",
      "d.service_point_id",
      "p.code as point_code",
      "d.sector_id",
      "s.code as sector_code",
      "d.procedure",
      "d.received_at",
      "d.due_at",
      "d.returned_at",
      "d.contact_phone",
      "d.contact_email",
      "d.consent",
      "d.late_at",
      "d.ticket_id",
      "t.token as ticket_token",
      "a.id as apology_id",
      "a.status as apology_status",
      "a.due_by as apology_due_by",
      (eb) =>
        eb
          .selectFrom("dossier_due_changes as c")
          .select((c) => c.fn.min("c.from_due_at").as("from_due_at"))
          .whereRef("c.dossier_id", "=", "d.id")
          .where("c.source", "=", "apology")
          .as("apology_extended_from"),
    ])
    .where("d.code", "=", code)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    code: row.code,
    servicePointId: row.service_point_id,
    pointCode: row.point_code,
    sectorId: row.sector_id,
    sectorCode: row.sector_code,
    procedure: row.procedure,
    receivedAt: row.received_at,
    dueAt: row.due_at,
    returnedAt: row.returned_at,
    contactPhone: row.contact_phone,
    contactEmail: row.contact_email,
    consent: row.consent === 1,
    lateAt: row.late_at,
    apologyExtendedFrom: row.apology_extended_from ?? null,
    ticketId: row.ticket_id,
    ticketToken: row.ticket_token,
    apology:
      row.apology_id !== null && row.apology_status !== null && row.apology_due_by !== null
        ? { id: row.apology_id, status: row.apology_status, dueBy: row.apology_due_by }
        : null,
  };
}

export async function insertDossier(db: DB, code: string, values: DossierValues, now: string): Promise<number> {
  const { id } = await db
    .insertInto("dossiers")
    .values({ code, ...columnsOf(values), created_at: now, updated_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateDossier(db: DB, id: number, values: DossierValues, now: string): Promise<void> {
  await db
    .updateTable("dossiers")
    .set({ ...columnsOf(values), updated_at: now })
    .where("id", "=", id)
    .execute();
}

export async function insertDueChange(
  db: DB,
  change: { dossierId: number; from: string; to: string; at: string; source: "dossier_api" | "apology"; actorUserId: number | null; actorName: string },
): Promise<void> {
  await db
    .insertInto("dossier_due_changes")
    .values({
      dossier_id: change.dossierId,
      from_due_at: change.from,
      to_due_at: change.to,
      changed_at: change.at,
      source: change.source,
      actor_user_id: change.actorUserId,
      actor_name: change.actorName,
    })
    .execute();
}

const APOLOGY_INSERT_CHUNK = 500;

/**
 * A `required` apology for each dossier that has none; a dossier that has
 * one keeps it (the unique dossier_id, not a look first, decides).
 */
export async function insertRequiredApologies(db: DB, apologies: Array<{ dossierId: number; dueBy: string }>, now: string): Promise<void> {
  for (let i = 0; i < apologies.length; i += APOLOGY_INSERT_CHUNK) {
    await db
      .insertInto("apologies")
      .values(apologies.slice(i, i + APOLOGY_INSERT_CHUNK).map((a) => ({ dossier_id: a.dossierId, status: "required" as const, due_by: a.dueBy, created_at: now })))
      .onConflict((oc) => oc.column("dossier_id").doNothing())
      .execute();
  }
}

/** Removes a dossier's apology while it is still only required (a dossier found not late after all). */
export async function deleteRequiredApology(db: DB, dossierId: number): Promise<void> {
  await db.deleteFrom("apologies").where("dossier_id", "=", dossierId).where("status", "=", "required").execute();
}

/**
 * Marks every unreturned dossier whose due time passed before `now` late
 * since that due time, and answers the ones it marked. On PostgreSQL a
 * dossier a concurrent transaction marked or returned first is re-read after
 * it commits and skipped, so each is marked once.
 */
export async function markOverdueDossierRows(db: DB, now: string): Promise<Array<{ id: number; lateAt: string }>> {
  const rows = await db
    .updateTable("dossiers")
    .set((eb) => ({ late_at: eb.ref("due_at"), updated_at: now }))
    .where("returned_at", "is", null)
    .where("late_at", "is", null)
    .where("due_at", "<", now)
    .returning(["id", "late_at"])
    .execute();
  return rows.map((r) => ({ id: r.id, lateAt: r.late_at! }));
}

/** An apology with its dossier, as the apology pages and `sendApology` read it. */
export type ApologyRecord = {
  id: number;
  status: ApologyStatus;
  dueBy: string;
  sentAt: string | null;
  reason: string | null;
  newDueAt: string | null;
  /** How the citizen can be told, without the contact itself: e-mail first, else SMS, null without consent. */
  notify: "email" | "sms" | null;
  dossier: { code: string; sectorId: number; procedure: string | null; receivedAt: string; dueAt: string; returnedAt: string | null; lateAt: string | null };
  point: { code: string; name: { vi: string; en: string } };
  agency: { name: { vi: string; en: string } };
  sector: { name: { vi: string; en: string } };
};

const apologies = (db: DB) =>
  db
    .selectFrom("apologies as a")
    .innerJoin("dossiers as d", "d.id", "a.dossier_id")
    .innerJoin("service_points as p", "p.id", "d.service_point_id")
    .innerJoin("agencies as g", "g.id", "p.agency_id")
    .innerJoin("sectors as s", "s.id", "d.sector_id")
    .select([
      "a.id",
      "a.status",
      "a.due_by",
      "a.sent_at",
      "a.reason",
      "a.new_due_at",
      "d.code",
      "d.sector_id",
      "d.procedure",
      "d.received_at",
      "d.due_at",
      "d.returned_at",
      "d.late_at",
      "d.consent",
      "d.contact_email",
      "d.contact_phone",
      "p.code as point_code",
      "p.name_vi as point_vi",
      "p.name_en as point_en",
      "g.name_vi as agency_vi",
      "g.name_en as agency_en",
      "s.name_vi as sector_vi",
      "s.name_en as sector_en",
    ]);

type ApologyRow = Awaited<ReturnType<ReturnType<typeof apologies>["executeTakeFirstOrThrow"]>>;

function apologyRowToRecord(row: ApologyRow): ApologyRecord {
  return {
    id: row.id,
    status: row.status,
    dueBy: row.due_by,
    sentAt: row.sent_at,
    reason: row.reason,
    newDueAt: row.new_due_at,
    notify: row.consent !== 1 ? null : row.contact_email ? "email" : row.contact_phone ? "sms" : null,
    dossier: {
      code: row.code,
      sectorId: row.sector_id,
      procedure: row.procedure,
      receivedAt: row.received_at,
      dueAt: row.due_at,
      returnedAt: row.returned_at,
      lateAt: row.late_at,
    },
    point: { code: row.point_code, name: { vi: row.point_vi, en: row.point_en } },
    agency: { name: { vi: row.agency_vi, en: row.agency_en } },
    sector: { name: { vi: row.sector_vi, en: row.sector_en } },
  };
}

export async function findApologyById(db: DB, id: number): Promise<ApologyRecord | null> {
  const row = await apologies(db).where("a.id", "=", id).executeTakeFirst();
  return row ? apologyRowToRecord(row) : null;
}

/** Which apologies of the caller's sectors (null: all) a list shows, judged overdue at `now`. */
export type ApologyListScope = { sectorIds: readonly number[] | null; now: string };

/**
 * One filter's apologies: the owed ones overdue first (the oldest due
 * first), the sent ones newest first; at most `limit`.
 */
export async function listApologyRecords(db: DB, scope: ApologyListScope, filter: ApologyListFilter, limit: number): Promise<ApologyRecord[]> {
  if (scope.sectorIds?.length === 0) return [];
  let q = apologies(db);
  if (scope.sectorIds !== null) q = q.where("d.sector_id", "in", [...scope.sectorIds]);
  if (filter === "sent") {
    q = q.where("a.status", "=", "sent").orderBy("a.sent_at", "desc").orderBy("a.id", "desc");
  } else {
    q = q.where("a.status", "=", "required");
    if (filter === "overdue") q = q.where("a.due_by", "<", scope.now);
    q = q.orderBy("a.due_by", "asc").orderBy("a.id", "asc");
  }
  return (await q.limit(limit).execute()).map(apologyRowToRecord);
}

/** How many apologies each filter holds, in the caller's sectors. */
export async function countApologies(db: DB, scope: ApologyListScope): Promise<Record<ApologyListFilter, number>> {
  if (scope.sectorIds?.length === 0) return { required: 0, overdue: 0, sent: 0 };
  let q = db
    .selectFrom("apologies as a")
    .innerJoin("dossiers as d", "d.id", "a.dossier_id")
    .select([
      sql<number>`sum(case when a.status = 'required' then 1 else 0 end)`.as("required"),
      sql<number>`sum(case when a.status = 'required' and a.due_by < ${scope.now} then 1 else 0 end)`.as("overdue"),
      sql<number>`sum(case when a.status = 'sent' then 1 else 0 end)`.as("sent"),
    ]);
  if (scope.sectorIds !== null) q = q.where("d.sector_id", "in", [...scope.sectorIds]);
  const row = await q.executeTakeFirstOrThrow();
  return { required: Number(row.required ?? 0), overdue: Number(row.overdue ?? 0), sent: Number(row.sent ?? 0) };
}

/**
 * Records the apology as sent; only a `required` one changes, so the count
 * says whether this call sent it.
 */
export async function markApologySent(
  db: DB,
  id: number,
  sent: { sentAt: string; reason: string; newDueAt: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable("apologies")
    .set({ status: "sent", sent_at: sent.sentAt, reason: sent.reason, new_due_at: sent.newDueAt })
    .where("id", "=", id)
    .where("status", "=", "required")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
