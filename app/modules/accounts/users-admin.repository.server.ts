import type { DB } from "#db/client";
import type { Role, TokenRole } from "#db/schema";
import type { FieldErrors } from "~/domain/form-errors";
import { removesLastAdministrator, type AccountState } from "~/domain/staff-accounts";
import { recordAudit, type Actor } from "~/modules/audit/audit.repository.server";
import { insertApiToken } from "./users.repository.server";

/*
 * Administering staff accounts and API tokens. Every change is made in one
 * transaction with its audit record; password hashes, temporary passwords and
 * token secrets never reach the audit log.
 */

export type AdminOutcome<T = null> = { ok: true; value: T } | { ok: false; kind: "notFound" } | { ok: false; kind: "invalid"; errors: FieldErrors };

const ok = <T>(value: T): AdminOutcome<T> => ({ ok: true, value });
const notFound = { ok: false, kind: "notFound" } as const;
const invalid = (errors: FieldErrors) => ({ ok: false, kind: "invalid", errors }) as const;

/** Thrown inside a transaction to undo it and answer with field errors. */
class Refused extends Error {
  constructor(readonly errors: FieldErrors) {
    super("refused");
  }
}

async function refusable<T>(work: () => Promise<AdminOutcome<T>>): Promise<AdminOutcome<T>> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Refused) return invalid(error.errors);
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && "code" in error && String((error as { code: unknown }).code).startsWith("SQLITE_CONSTRAINT");
}

export type SectorChoice = { id: number; code: string; nameVi: string; nameEn: string };

/** The sectors a manager or a token may be given. */
export async function listSectorChoices(db: DB): Promise<SectorChoice[]> {
  const rows = await db.selectFrom("sectors").select(["id", "code", "name_vi", "name_en"]).orderBy("sort_order").orderBy("id").execute();
  return rows.map((r) => ({ id: r.id, code: r.code, nameVi: r.name_vi, nameEn: r.name_en }));
}

/** Sector codes → ids; an unknown code refuses the change (a form offers only real ones). */
async function sectorIdsFor(trx: DB, codes: readonly string[]): Promise<number[]> {
  if (codes.length === 0) return [];
  const rows = await trx.selectFrom("sectors").select(["id", "code"]).where("code", "in", [...codes]).execute();
  if (rows.length !== new Set(codes).size) throw new Refused({ sectors: { code: "notFound" } });
  return rows.map((r) => r.id);
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

export type StaffAccount = {
  id: number;
  email: string;
  name: string;
  role: Role;
  sectors: string[];
  active: boolean;
  mustChangePassword: boolean;
  createdAt: string;
};

const ACCOUNT_COLUMNS = ["id", "email", "name", "role", "active", "must_change_password", "created_at"] as const;

type AccountRow = { id: number; email: string; name: string; role: Role; active: 0 | 1; must_change_password: 0 | 1; created_at: string };

function accountOf(row: AccountRow, sectors: string[]): StaffAccount {
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

/** What the audit log keeps of an account: never a password or its hash. */
function auditedAccount(a: StaffAccount) {
  return { email: a.email, name: a.name, role: a.role, sectors: a.sectors, active: a.active, mustChangePassword: a.mustChangePassword };
}

/** Every account, active ones first, then by name. */
export async function listStaffAccounts(db: DB): Promise<StaffAccount[]> {
  const rows = await db.selectFrom("users").select(ACCOUNT_COLUMNS).orderBy("active", "desc").orderBy("name").orderBy("id").execute();
  const sectors = await sectorCodesOf(
    db,
    "user_sectors",
    rows.map((r) => r.id),
  );
  return rows.map((r) => accountOf(r, sectors.get(r.id) ?? []));
}

export async function findStaffAccount(db: DB, id: number): Promise<StaffAccount | null> {
  const row = await db.selectFrom("users").select(ACCOUNT_COLUMNS).where("id", "=", id).executeTakeFirst();
  if (!row) return null;
  return accountOf(row, (await sectorCodesOf(db, "user_sectors", [id])).get(id) ?? []);
}

async function countActiveAdministrators(trx: DB): Promise<number> {
  const { n } = await trx
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("role", "=", "administrator")
    .where("active", "=", 1)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/**
 * Refuses (and so rolls back) a change already written in `trx` that left no
 * active administrator. Checked after the write, inside the transaction, so
 * two administrators demoting each other at once cannot both succeed.
 */
async function keepAnAdministrator(trx: DB, before: AccountState, after: AccountState, field: string): Promise<void> {
  if (removesLastAdministrator(before, after, await countActiveAdministrators(trx))) {
    throw new Refused({ [field]: { code: "lastAdministrator" } });
  }
}

async function replaceUserSectors(trx: DB, userId: number, sectorIds: number[]): Promise<void> {
  await trx.deleteFrom("user_sectors").where("user_id", "=", userId).execute();
  if (sectorIds.length > 0) await trx.insertInto("user_sectors").values(sectorIds.map((sector_id) => ({ user_id: userId, sector_id }))).execute();
}

export type NewAccountInput = { email: string; name: string; role: Role; sectors: string[]; passwordHash: string };

/** A new account that must change its (temporary) password at first sign-in. */
export function createStaffAccount(db: DB, actor: Actor, input: NewAccountInput): Promise<AdminOutcome<number>> {
  return refusable(async () => {
    try {
      return await db.transaction().execute(async (trx) => {
        const taken = await trx.selectFrom("users").select("id").where("email", "=", input.email).executeTakeFirst();
        if (taken) throw new Refused({ email: { code: "emailTaken" } });
        const sectorIds = await sectorIdsFor(trx, input.sectors);
        const { id } = await trx
          .insertInto("users")
          .values({ email: input.email, name: input.name, role: input.role, password_hash: input.passwordHash, must_change_password: 1 })
          .returning("id")
          .executeTakeFirstOrThrow();
        await replaceUserSectors(trx, id, sectorIds);
        const created = (await findStaffAccount(trx, id))!;
        await recordAudit(trx, actor, { action: "create", entityType: "user", entityId: id, label: input.email, after: auditedAccount(created) });
        return ok(id);
      });
    } catch (error) {
      // Two administrators creating the same address at once: the unique index decides.
      if (isUniqueViolation(error)) return invalid({ email: { code: "emailTaken" } });
      throw error;
    }
  });
}

export type AccountEdit = { name: string; role: Role; sectors: string[] };

export function updateStaffAccount(db: DB, actor: Actor, id: number, edit: AccountEdit): Promise<AdminOutcome> {
  return refusable(() =>
    db.transaction().execute(async (trx) => {
      const before = await findStaffAccount(trx, id);
      if (!before) return notFound;
      const sectorIds = await sectorIdsFor(trx, edit.sectors);
      await trx.updateTable("users").set({ name: edit.name, role: edit.role }).where("id", "=", id).execute();
      await replaceUserSectors(trx, id, sectorIds);
      await keepAnAdministrator(trx, before, { role: edit.role, active: before.active }, "role");
      const after = (await findStaffAccount(trx, id))!;
      await recordAudit(trx, actor, { action: "update", entityType: "user", entityId: id, label: before.email, before: auditedAccount(before), after: auditedAccount(after) });
      return ok(null);
    }),
  );
}

/** Deactivating also ends every session of the account at once. */
export function setStaffAccountActive(db: DB, actor: Actor, id: number, active: boolean): Promise<AdminOutcome> {
  return refusable(() =>
    db.transaction().execute(async (trx) => {
      const before = await findStaffAccount(trx, id);
      if (!before) return notFound;
      if (before.active === active) return ok(null);
      await trx.updateTable("users").set({ active: active ? 1 : 0 }).where("id", "=", id).execute();
      if (!active) await trx.deleteFrom("sessions").where("user_id", "=", id).execute();
      await keepAnAdministrator(trx, before, { role: before.role, active }, "active");
      await recordAudit(trx, actor, {
        action: active ? "reactivate" : "deactivate",
        entityType: "user",
        entityId: id,
        label: before.email,
        before: { active: before.active },
        after: { active },
      });
      return ok(null);
    }),
  );
}

/** A new temporary password (its hash given): every session of the account ends; it must be changed at next sign-in. */
export function resetStaffPassword(db: DB, actor: Actor, id: number, passwordHash: string): Promise<AdminOutcome> {
  return db.transaction().execute(async (trx) => {
    const before = await findStaffAccount(trx, id);
    if (!before) return notFound;
    await trx.updateTable("users").set({ password_hash: passwordHash, must_change_password: 1 }).where("id", "=", id).execute();
    await trx.deleteFrom("sessions").where("user_id", "=", id).execute();
    await recordAudit(trx, actor, {
      action: "reset_password",
      entityType: "user",
      entityId: id,
      label: before.email,
      before: { mustChangePassword: before.mustChangePassword },
      after: { mustChangePassword: true },
    });
    return ok(null);
  });
}

export async function findPasswordHash(db: DB, userId: number): Promise<string | null> {
  const row = await db.selectFrom("users").select("password_hash").where("id", "=", userId).where("active", "=", 1).executeTakeFirst();
  return row?.password_hash ?? null;
}

/** A staff member's own new password: the temporary flag goes, and every other session of theirs ends. */
export async function changeOwnPassword(
  db: DB,
  actor: Actor,
  input: { userId: number; passwordHash: string; keepSessionHash: string | null },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await findStaffAccount(trx, input.userId);
    if (!before) return;
    await trx.updateTable("users").set({ password_hash: input.passwordHash, must_change_password: 0 }).where("id", "=", input.userId).execute();
    let others = trx.deleteFrom("sessions").where("user_id", "=", input.userId);
    if (input.keepSessionHash) others = others.where("token_hash", "!=", input.keepSessionHash);
    await others.execute();
    await recordAudit(trx, actor, {
      action: "update",
      entityType: "user",
      entityId: input.userId,
      label: before.email,
      before: { mustChangePassword: before.mustChangePassword },
      after: { passwordChanged: true, mustChangePassword: false },
    });
  });
}

export type ApiTokenListing = {
  id: number;
  name: string;
  role: TokenRole;
  sectors: string[];
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

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
    role: r.role,
    sectors: sectors.get(r.id) ?? [],
    createdBy: r.createdBy,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

export type NewTokenInput = { name: string; role: TokenRole; sectors: string[]; tokenHash: string; createdBy: number | null };

/** Stores a token by its hash, with its audit record (the secret is never stored or logged). */
export function createAuditedApiToken(db: DB, actor: Actor, input: NewTokenInput): Promise<AdminOutcome<number>> {
  return refusable(() =>
    db.transaction().execute(async (trx) => {
      const sectorIds = await sectorIdsFor(trx, input.sectors);
      const id = await insertApiToken(trx, { name: input.name, tokenHash: input.tokenHash, role: input.role, sectorIds, createdBy: input.createdBy });
      await recordAudit(trx, actor, {
        action: "create",
        entityType: "api_token",
        entityId: id,
        label: input.name,
        after: { name: input.name, role: input.role, sectors: [...input.sectors].sort() },
      });
      return ok(id);
    }),
  );
}

/** Revokes a token: it stops working on its next request. Revoking twice changes nothing. */
export function revokeApiToken(db: DB, actor: Actor, id: number, now = new Date()): Promise<AdminOutcome> {
  return db.transaction().execute(async (trx) => {
    const token = await trx.selectFrom("api_tokens").select(["name", "revoked_at"]).where("id", "=", id).executeTakeFirst();
    if (!token) return notFound;
    if (token.revoked_at !== null) return ok(null);
    const at = now.toISOString();
    await trx.updateTable("api_tokens").set({ revoked_at: at }).where("id", "=", id).execute();
    await recordAudit(trx, actor, { action: "revoke", entityType: "api_token", entityId: id, label: token.name, before: { revokedAt: null }, after: { revokedAt: at } });
    return ok(null);
  });
}
