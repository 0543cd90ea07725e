import type { DB } from "#db/client";
import type { TokenRole } from "~/domain/enums";
import type { Principal } from "./types";


async function sectorIdsOf(db: DB, table: "user_sectors" | "api_token_sectors", id: number): Promise<number[]> {
  const rows =
    table === "user_sectors"
      ? await db.selectFrom("user_sectors").select("sector_id").where("user_id", "=", id).execute()
      : await db.selectFrom("api_token_sectors").select("sector_id").where("token_id", "=", id).execute();
  return rows.map((r) => r.sector_id);
}

/** Managers see their sectors; administrators, viewers and integrations see all. */
function scopeFor(role: TokenRole, sectorIds: number[]): number[] | null {
  return role === "manager" ? sectorIds : null;
}

export async function findUserForLogin(db: DB, email: string) {
  return db
    .selectFrom("users")
    .select(["id", "password_hash", "active", "must_change_password"])
    .where("email", "=", email.trim().toLowerCase())
    .executeTakeFirst();
}

export async function createSession(db: DB, input: { tokenHash: string; userId: number; expiresAt: string }): Promise<void> {
  await db.insertInto("sessions").values({ token_hash: input.tokenHash, user_id: input.userId, expires_at: input.expiresAt }).execute();
}

export async function deleteSession(db: DB, tokenHash: string): Promise<void> {
  await db.deleteFrom("sessions").where("token_hash", "=", tokenHash).execute();
}

/** The active user behind an unexpired session, or null. */
export async function findSessionPrincipal(db: DB, tokenHash: string, now: Date): Promise<Principal | null> {
  const row = await db
    .selectFrom("sessions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(["u.id", "u.name", "u.role", "u.must_change_password"])
    .where("s.token_hash", "=", tokenHash)
    .where("s.expires_at", ">", now.toISOString())
    .where("u.active", "=", 1)
    .executeTakeFirst();
  if (!row) return null;
  return {
    kind: "user",
    id: row.id,
    name: row.name,
    role: row.role,
    sectorIds: scopeFor(row.role, await sectorIdsOf(db, "user_sectors", row.id)),
    mustChangePassword: row.must_change_password === 1,
  };
}

export type NewApiTokenRow = { name: string; tokenHash: string; role: TokenRole; sectorIds: number[]; createdBy: number | null };

/** Stores a token (its hash only) and its sectors; call it inside the caller's transaction. */
export async function insertApiToken(trx: DB, input: NewApiTokenRow): Promise<number> {
  const { id } = await trx
    .insertInto("api_tokens")
    .values({ name: input.name, token_hash: input.tokenHash, role: input.role, created_by: input.createdBy })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (input.sectorIds.length > 0) {
    await trx.insertInto("api_token_sectors").values(input.sectorIds.map((sector_id) => ({ token_id: id, sector_id }))).execute();
  }
  return id;
}

/** The unrevoked token with this hash, or null; records (to the minute) when it was last used. */
export async function findTokenPrincipal(db: DB, tokenHash: string, now: Date): Promise<Principal | null> {
  const row = await db
    .selectFrom("api_tokens")
    .select(["id", "name", "role", "last_used_at"])
    .where("token_hash", "=", tokenHash)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  // A write (and an fsync) per API call would compete with citizens' submissions: once a minute is enough.
  const stale = new Date(now.getTime() - 60_000).toISOString();
  if (row.last_used_at === null || row.last_used_at < stale) {
    await db.updateTable("api_tokens").set({ last_used_at: now.toISOString() }).where("id", "=", row.id).execute();
  }
  return {
    kind: "token",
    id: row.id,
    name: row.name,
    role: row.role,
    sectorIds: scopeFor(row.role, await sectorIdsOf(db, "api_token_sectors", row.id)),
    mustChangePassword: false,
  };
}

export async function findSectorIdsByCodes(db: DB, codes: readonly string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom("sectors").select(["id", "code"]).where("code", "in", [...codes]).execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

