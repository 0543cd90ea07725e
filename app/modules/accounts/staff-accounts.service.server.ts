import crypto from "node:crypto";
import type { DB } from "#db/client";
import type { Attempt } from "~/domain/attempt";
import type { Role, TokenRole } from "~/domain/enums";
import { fieldProblem, formProblem } from "~/domain/form-errors";
import { problem, refused, succeeded, type Outcome } from "~/domain/problem";
import { removesLastAdministrator, temporaryPassword, type AccountState } from "~/domain/staff-accounts";
import { recordAudit } from "~/modules/audit/audit.repository.server";
import type { Actor } from "~/modules/audit/types";
import { inTransaction } from "~/modules/shared/transaction.server";
import { hashPassword, hashToken, newSecretToken, verifyPassword } from "./sessions.service.server";
import type { Principal, StaffAccount } from "./types";
import * as accounts from "./users-admin.repository.server";
import { findSectorIdsByCodes, insertApiToken } from "./users.repository.server";

/*
 * Administering staff accounts and API tokens, and a staff member's own
 * password. Every change is made in one transaction with its audit record;
 * password hashes, temporary passwords and token secrets never reach the
 * audit log.
 */

export { findStaffAccount, listApiTokens, listSectorChoices, listStaffAccounts } from "./users-admin.repository.server";

const accountGone = () => problem("notFound", "no account has that id");
const emailTaken = () => fieldProblem("badRequest", "email", "emailTaken");

/** What the audit log keeps of an account: never a password or its hash. */
function auditedAccount(a: StaffAccount) {
  return { email: a.email, name: a.name, role: a.role, sectors: a.sectors, active: a.active, mustChangePassword: a.mustChangePassword };
}

/** Sector codes → ids; an unknown code refuses the change (a form offers only real ones). */
async function sectorIdsFor(trx: DB, codes: readonly string[]): Promise<Outcome<number[]>> {
  const found = await findSectorIdsByCodes(trx, codes);
  const unknown = [...new Set(codes)].filter((code) => !found.has(code));
  if (unknown.length === 0) return succeeded([...found.values()]);
  return refused({ ...fieldProblem("badRequest", "sectors", "notFound"), message: `unknown sector: ${unknown.join(", ")}` });
}

/**
 * Null when the change already written in `trx` leaves an active
 * administrator; else the refusal beside `field` (which rolls it back).
 * Checked after the write, inside the transaction, so two administrators
 * demoting each other at once cannot both succeed.
 */
async function lastAdministratorProblem(trx: DB, before: AccountState, after: AccountState, field: string) {
  return removesLastAdministrator(before, after, await accounts.countActiveAdministrators(trx)) ? fieldProblem("badRequest", field, "lastAdministrator") : null;
}

/** A fresh temporary password, from the operating system's random source. */
function newTemporaryPassword(): string {
  return temporaryPassword((n) => crypto.randomInt(n));
}

/** Creates an account with a temporary password, returned once for the administrator to hand over. */
export async function openStaffAccount(
  db: DB,
  actor: Actor,
  input: { email: string; name: string; role: Role; sectors: string[] },
): Promise<Outcome<{ id: number; temporaryPassword: string }>> {
  const password = newTemporaryPassword();
  const passwordHash = await hashPassword(password);
  return inTransaction(
    db,
    async (trx) => {
      if (await accounts.emailTaken(trx, input.email)) return refused(emailTaken());
      const sectorIds = await sectorIdsFor(trx, input.sectors);
      if (!sectorIds.ok) return sectorIds;
      const id = await accounts.insertStaffAccount(trx, { email: input.email, name: input.name, role: input.role, passwordHash });
      await accounts.replaceUserSectors(trx, id, sectorIds.value);
      const created = (await accounts.findStaffAccount(trx, id))!;
      await recordAudit(trx, actor, { action: "create", entityType: "user", entityId: id, label: input.email, after: auditedAccount(created) });
      return succeeded({ id, temporaryPassword: password });
    },
    // Two administrators creating the same address at once: the unique index decides.
    emailTaken,
  );
}

export function updateStaffAccount(db: DB, actor: Actor, id: number, edit: { name: string; role: Role; sectors: string[] }): Promise<Outcome> {
  return inTransaction(db, async (trx) => {
    const before = await accounts.findStaffAccount(trx, id);
    if (!before) return refused(accountGone());
    const sectorIds = await sectorIdsFor(trx, edit.sectors);
    if (!sectorIds.ok) return sectorIds;
    await accounts.updateStaffAccountRow(trx, id, edit);
    await accounts.replaceUserSectors(trx, id, sectorIds.value);
    const last = await lastAdministratorProblem(trx, before, { role: edit.role, active: before.active }, "role");
    if (last) return refused(last);
    const after = (await accounts.findStaffAccount(trx, id))!;
    await recordAudit(trx, actor, { action: "update", entityType: "user", entityId: id, label: before.email, before: auditedAccount(before), after: auditedAccount(after) });
    return succeeded(null);
  });
}

/** Deactivating also ends every session of the account at once. */
export function setStaffAccountActive(db: DB, actor: Actor, id: number, active: boolean): Promise<Outcome> {
  return inTransaction(db, async (trx) => {
    const before = await accounts.findStaffAccount(trx, id);
    if (!before) return refused(accountGone());
    if (before.active === active) return succeeded(null);
    await accounts.setStaffAccountActiveRow(trx, id, active);
    if (!active) await accounts.deleteSessionsOf(trx, id);
    const last = await lastAdministratorProblem(trx, before, { role: before.role, active }, "active");
    if (last) return refused(last);
    await recordAudit(trx, actor, {
      action: active ? "reactivate" : "deactivate",
      entityType: "user",
      entityId: id,
      label: before.email,
      before: { active: before.active },
      after: { active },
    });
    return succeeded(null);
  });
}

/** A new temporary password for an account (returned once): every session of it ends; it must be changed at next sign-in. */
export async function resetToTemporaryPassword(db: DB, actor: Actor, userId: number): Promise<Outcome<{ temporaryPassword: string }>> {
  const password = newTemporaryPassword();
  const passwordHash = await hashPassword(password);
  return inTransaction(db, async (trx) => {
    const before = await accounts.findStaffAccount(trx, userId);
    if (!before) return refused(accountGone());
    await accounts.setPasswordHash(trx, userId, passwordHash, true);
    await accounts.deleteSessionsOf(trx, userId);
    await recordAudit(trx, actor, {
      action: "reset_password",
      entityType: "user",
      entityId: userId,
      label: before.email,
      before: { mustChangePassword: before.mustChangePassword },
      after: { mustChangePassword: true },
    });
    return succeeded({ temporaryPassword: password });
  });
}

/**
 * A new API token: the secret (returned once, printed or shown) and only its
 * SHA-256 stored, with an audit record. Used by the admin page and by
 * `npm run token:create` alike.
 */
export function issueApiToken(
  db: DB,
  actor: Actor,
  input: { name: string; role: TokenRole; sectors: string[]; createdBy: number | null },
): Promise<Outcome<{ id: number; secret: string }>> {
  const secret = newSecretToken("hl");
  return inTransaction(db, async (trx) => {
    const sectorIds = await sectorIdsFor(trx, input.sectors);
    if (!sectorIds.ok) return sectorIds;
    const id = await insertApiToken(trx, { name: input.name, tokenHash: hashToken(secret), role: input.role, sectorIds: sectorIds.value, createdBy: input.createdBy });
    await recordAudit(trx, actor, {
      action: "create",
      entityType: "api_token",
      entityId: id,
      label: input.name,
      after: { name: input.name, role: input.role, sectors: [...input.sectors].sort() },
    });
    return succeeded({ id, secret });
  });
}

/** Revokes a token: it stops working on its next request. Revoking twice changes nothing. */
export function revokeApiToken(db: DB, actor: Actor, id: number, now = new Date()): Promise<Outcome> {
  return inTransaction(db, async (trx) => {
    const token = await accounts.findApiToken(trx, id);
    if (!token) return refused(problem("notFound", "no token has that id"));
    if (token.revokedAt !== null) return succeeded(null);
    const at = now.toISOString();
    await accounts.markTokenRevoked(trx, id, at);
    await recordAudit(trx, actor, { action: "revoke", entityType: "api_token", entityId: id, label: token.name, before: { revokedAt: null }, after: { revokedAt: at } });
    return succeeded(null);
  });
}

/**
 * A staff member changes their own password. Voluntarily, the current one
 * must be given; either way the new one must differ from the old (the
 * temporary one included). Refusals are beside their field; nothing is
 * stored then. Every other session of theirs ends.
 */
export async function changePassword(
  db: DB,
  principal: Principal,
  input: {
    currentPassword?: string;
    newPassword: string;
    keepSessionHash: string | null;
    /** The rate-limit policy for guesses of the current password. */
    beginGuess: () => Promise<Attempt>;
  },
): Promise<Outcome> {
  const stored = await accounts.findPasswordHash(db, principal.id);
  if (stored === null) return refused(formProblem("badRequest", "invalid"));
  if (!principal.mustChangePassword) {
    // Five wrong current passwords pause the guessing, as a sign-in would.
    const attempt = await input.beginGuess();
    if (!attempt.allowed) {
      return refused(fieldProblem("badRequest", "currentPassword", "tooManyTries", { minutes: Math.ceil(attempt.retryAfterSeconds / 60) }));
    }
    if (!(await verifyPassword(stored, input.currentPassword ?? ""))) {
      await attempt.failed();
      return refused(fieldProblem("badRequest", "currentPassword", "wrongPassword"));
    }
    await attempt.succeeded();
  }
  if (await verifyPassword(stored, input.newPassword)) return refused(fieldProblem("badRequest", "newPassword", "samePassword"));
  const passwordHash = await hashPassword(input.newPassword);
  return inTransaction(db, async (trx) => {
    const before = await accounts.findStaffAccount(trx, principal.id);
    if (!before) return refused(formProblem("badRequest", "invalid"));
    await accounts.setPasswordHash(trx, principal.id, passwordHash, false);
    await accounts.deleteSessionsOf(trx, principal.id, input.keepSessionHash);
    await recordAudit(trx, { userId: principal.id, name: principal.name }, {
      action: "update",
      entityType: "user",
      entityId: principal.id,
      label: before.email,
      before: { mustChangePassword: before.mustChangePassword },
      after: { passwordChanged: true, mustChangePassword: false },
    });
    return succeeded(null);
  });
}
