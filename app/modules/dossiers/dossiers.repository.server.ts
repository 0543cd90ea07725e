import type { DB } from "#db/client";
import type { ApologyStatus } from "~/domain/dossiers";

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
  change: { dossierId: number; from: string; to: string; at: string; source: "dossier_api"; actorUserId: number | null; actorName: string },
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
