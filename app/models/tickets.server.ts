import crypto from "node:crypto";
import type { DB } from "#db/client";

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

/** Mints single-use tickets for one service point (and optionally one sector and dossier). */
export async function createTickets(
  db: DB,
  input: { servicePointId: number; sectorId: number | null; dossierCode: string | null; count: number },
): Promise<string[]> {
  const tokens = Array.from({ length: input.count }, newTicketToken);
  await db
    .insertInto("tickets")
    .values(
      tokens.map((token) => ({
        token,
        service_point_id: input.servicePointId,
        sector_id: input.sectorId,
        dossier_code: input.dossierCode,
      })),
    )
    .execute();
  return tokens;
}
