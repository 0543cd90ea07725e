import crypto from "node:crypto";
import type { DB } from "#db/client";
import type { TicketBatch, TicketBatchSummary } from "./types";

export type TicketState = {
  id: number;
  token: string;
  servicePointId: number;
  sectorId: number | null;
  used: boolean;
  expired: boolean;
};

/** A ticket by its token, with whether it can still be used at `now`. */
export async function getTicket(db: DB, token: string, now: Date): Promise<TicketState | null> {
  const row = await db
    .selectFrom("tickets")
    .select(["id", "token", "service_point_id", "sector_id", "used_at", "expires_at"])
    .where("token", "=", token)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    token: row.token,
    servicePointId: row.service_point_id,
    sectorId: row.sector_id,
    used: row.used_at !== null,
    expired: row.expires_at !== null && row.expires_at < now.toISOString(),
  };
}

/** Short, unguessable and safe in a URL: 12 characters of base64url (72 bits). */
function newTicketToken(): string {
  return crypto.randomBytes(9).toString("base64url");
}

/** Mints single-use tickets for one service point (and optionally one sector, dossier, batch and expiry). */
export async function createTickets(
  db: DB,
  input: {
    servicePointId: number;
    sectorId: number | null;
    dossierCode: string | null;
    count: number;
    batchId?: number | null;
    expiresAt?: string | null;
  },
): Promise<string[]> {
  const tokens = Array.from({ length: input.count }, newTicketToken);
  if (tokens.length === 0) return tokens;
  await db
    .insertInto("tickets")
    .values(
      tokens.map((token) => ({
        token,
        service_point_id: input.servicePointId,
        sector_id: input.sectorId,
        dossier_code: input.dossierCode,
        batch_id: input.batchId ?? null,
        expires_at: input.expiresAt ?? null,
      })),
    )
    .execute();
  return tokens;
}

/** A batch row for `count` tickets printed as one sheet; its tickets are minted with `createTickets`. */
export async function insertTicketBatch(
  db: DB,
  input: { servicePointId: number; sectorId: number | null; count: number; createdBy: number | null },
): Promise<number> {
  const { id } = await db
    .insertInto("ticket_batches")
    .values({ service_point_id: input.servicePointId, sector_id: input.sectorId, count: input.count, created_by: input.createdBy })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

function batchQuery(db: DB) {
  return db
    .selectFrom("ticket_batches as b")
    .innerJoin("service_points as p", "p.id", "b.service_point_id")
    .leftJoin("sectors as s", "s.id", "b.sector_id")
    .leftJoin("users as u", "u.id", "b.created_by")
    .select((eb) => [
      "b.id",
      "b.count",
      "b.created_at",
      "p.code as point_code",
      "p.name_vi as point_name_vi",
      "p.name_en as point_name_en",
      "s.code as sector_code",
      "s.name_vi as sector_name_vi",
      "s.name_en as sector_name_en",
      "u.name as created_by_name",
      eb
        .selectFrom("tickets as t")
        .whereRef("t.batch_id", "=", "b.id")
        .where("t.used_at", "is not", null)
        .select((c) => c.fn.countAll<number>().as("n"))
        .as("used"),
      eb.selectFrom("tickets as t").whereRef("t.batch_id", "=", "b.id").select((c) => c.fn.max("t.expires_at").as("e")).as("expires_at"),
    ]);
}

type BatchRow = Awaited<ReturnType<ReturnType<typeof batchQuery>["executeTakeFirstOrThrow"]>>;

function toSummary(r: BatchRow): TicketBatchSummary {
  return {
    id: r.id,
    point: { code: r.point_code, name: { vi: r.point_name_vi, en: r.point_name_en } },
    sector:
      r.sector_code !== null && r.sector_name_vi !== null && r.sector_name_en !== null
        ? { code: r.sector_code, name: { vi: r.sector_name_vi, en: r.sector_name_en } }
        : null,
    count: r.count,
    used: Number(r.used ?? 0),
    createdAt: r.created_at,
    createdBy: r.created_by_name,
    expiresAt: (r.expires_at as string | null) ?? null,
  };
}

/** The newest batches first, with how many of their tickets were used. */
export async function listRecentTicketBatches(db: DB, limit = 20): Promise<TicketBatchSummary[]> {
  const rows = await batchQuery(db).orderBy("b.id", "desc").limit(limit).execute();
  return rows.map(toSummary);
}

/** One batch with its tickets in the order they were minted; null when unknown. */
export async function getTicketBatch(
  db: DB,
  batchId: number,
): Promise<TicketBatch | null> {
  const row = await batchQuery(db).where("b.id", "=", batchId).executeTakeFirst();
  if (!row) return null;
  const tickets = await db.selectFrom("tickets").select(["token", "used_at"]).where("batch_id", "=", batchId).orderBy("id").execute();
  return { ...toSummary(row), tickets: tickets.map((t) => ({ token: t.token, used: t.used_at !== null })) };
}
