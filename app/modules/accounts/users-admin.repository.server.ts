import type { DB } from "#db/client";
import { takeTurns, vietnameseOrder } from "#db/dialect";
import type { Role, TokenRole } from "~/domain/enums";
import type { ApiTokenListing, SectorChoice, StaffAccount } from "./types";

/*
 * Staff accounts and API tokens as administrators see them: queries only,
 * rows mapped here once. Password hashes and token secrets never leave
 * this file except `findPasswordHash`, for verifying.
 */

/** The sectors a manager or a token may be given. */
export async function listSectorChoices(db: DB): Promise<SectorChoice[]> {
  const rows = await db.selectFrom("sectors").select(["id", "code", "name_vi", "name_en"]).orderBy("sort_order").orderBy("id").execute();
  return rows.map((r) => ({ id: r.id, code: r.code, nameVi: r.name_vi, nameEn: r.name_en }));
}

async function sectorCodesOf(db: DB, table: "user_sectors" | "api_token_sectors", ids: number[]): Promise<Map<number, string[]>> {
  const byOwner = new Map<number, string[]>();
  if (ids.length === 0) return byOwner;
  const rows =
    table === "user_sectors"
      ? await db
          .selectFrom("user_sectors as us")
          .innerJoin("sectors as s", "s.id", "us.sector_id")
          .select(["us.user_id as owner", "s.code"])
          .where("us.user_id", "in", ids)
          .orderBy("s.sort_order")
          .execute()
      : await db
          .selectFrom("api_token_sectors as ts")
          .innerJoin("sectors as s", "s.id", "ts.sector_id")
          .select(["ts.token_id as owner", "s.code"])
          .where("ts.token_id", "in", ids)
          .orderBy("s.sort_order")
          .execute();
  for (const r of rows) byOwner.set(r.owner, [...(byOwner.get(r.owner) ?? []), r.code]);
  return byOwner;
}

const ACCOUNT_COLUMNS = ["id", "email", "name", "role", "active", "must_change_password", "created_at"] as const;

type AccountRow = { id: number; email: string; name: string; role: Role; active: 0 | 1; must_change_password: 0 | 1; created_at: string };

function accountRowToAccount(row: AccountRow, sectors: string[]): StaffAccount {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    sectors,
    active: row.active === 1,
    mustChangePassword: row.must_change_password === 1,
    createdAt: row.created_at,
  };
}

/** Every account, active ones first, then by name. */
export async function listStaffAccounts(db: DB): Promise<StaffAccount[]> {
  const rows = await db.selectFrom("users").select(ACCOUNT_COLUMNS).orderBy("active", "desc").orderBy(vietnameseOrder(db, "name")).orderBy("id").execute();
  const sectors = await sectorCodesOf(
    db,
    "user_sectors",
    rows.map((r) => r.id),
  );
  return rows.map((r) => accountRowToAccount(r, sectors.get(r.id) ?? []));
}

export async function findStaffAccount(db: DB, id: number): Promise<StaffAccount | null> {
  const row = await db.selectFrom("users").select(ACCOUNT_COLUMNS).where("id", "=", id).executeTakeFirst();
  if (!row) return null;
  return accountRowToAccount(row, (await sectorCodesOf(db, "user_sectors", [id])).get(id) ?? []);
}

export async function emailTaken(db: DB, email: string): Promise<boolean> {
  return (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst()) !== undefined;
}

/** Inside a transaction, concurrent callers count one after the other (see takeTurns). */
export async function countActiveAdministrators(db: DB): Promise<number> {
  await takeTurns(db, "active administrators");
  const { n } = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("role", "=", "administrator")
    .where("active", "=", 1)
    .executeTakeFirstOrThrow();
  return Number(n);
}

export async function replaceUserSectors(db: DB, userId: number, sectorIds: readonly number[]): Promise<void> {
  await db.deleteFrom("user_sectors").where("user_id", "=", userId).execute();
  if (sectorIds.length > 0) await db.insertInto("user_sectors").values(sectorIds.map((sector_id) => ({ user_id: userId, sector_id }))).execute();
}

/** A new account that must change its (temporary) password at first sign-in. */
export async function insertStaffAccount(db: DB, input: { email: string; name: string; role: Role; passwordHash: string }): Promise<number> {
  const { id } = await db
    .insertInto("users")
    .values({ email: input.email, name: input.name, role: input.role, password_hash: input.passwordHash, must_change_password: 1 })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateStaffAccountRow(db: DB, id: number, edit: { name: string; role: Role }): Promise<void> {
  await db.updateTable("users").set({ name: edit.name, role: edit.role }).where("id", "=", id).execute();
}

export async function setStaffAccountActiveRow(db: DB, id: number, active: boolean): Promise<void> {
  await db.updateTable("users").set({ active: active ? 1 : 0 }).where("id", "=", id).execute();
}

/** A new password hash; `mustChange` marks it temporary. */
export async function setPasswordHash(db: DB, id: number, passwordHash: string, mustChange: boolean): Promise<void> {
  await db.updateTable("users").set({ password_hash: passwordHash, must_change_password: mustChange ? 1 : 0 }).where("id", "=", id).execute();
}

/** Ends every session of the account, but the one with `keepSessionHash` when given. */
export async function deleteSessionsOf(db: DB, userId: number, keepSessionHash: string | null = null): Promise<void> {
  let query = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (keepSessionHash) query = query.where("token_hash", "!=", keepSessionHash);
  await query.execute();
}

export async function findPasswordHash(db: DB, userId: number): Promise<string | null> {
  const row = await db.selectFrom("users").select("password_hash").where("id", "=", userId).where("active", "=", 1).executeTakeFirst();
  return row?.password_hash ?? null;
}

/* ---------------------------------------------------------------- tokens */

/** Every token, unrevoked first, newest first; never its hash. */
export async function listApiTokens(db: DB): Promise<ApiTokenListing[]> {
  const rows = await db
    .selectFrom("api_tokens as t")
    .leftJoin("users as u", "u.id", "t.created_by")
    .select(["t.id", "t.name", "t.role", "u.name as createdBy", "t.created_at", "t.last_used_at", "t.revoked_at"])
    .orderBy((eb) => eb.case().when("t.revoked_at", "is", null).then(0).else(1).end())
    .orderBy("t.id", "desc")
    .execute();
  const sectors = await sectorCodesOf(
    db,
    "api_token_sectors",
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role as TokenRole,
    sectors: sectors.get(r.id) ?? [],
    createdBy: r.createdBy,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

export async function findApiToken(db: DB, id: number): Promise<{ name: string; revokedAt: string | null } | null> {
  const row = await db.selectFrom("api_tokens").select(["name", "revoked_at"]).where("id", "=", id).executeTakeFirst();
  return row ? { name: row.name, revokedAt: row.revoked_at } : null;
}

export async function markTokenRevoked(db: DB, id: number, at: string): Promise<void> {
  await db.updateTable("api_tokens").set({ revoked_at: at }).where("id", "=", id).execute();
}
