import crypto from "node:crypto";
import type { DB } from "#db/client";
import type { TokenRole } from "#db/schema";
import type { FieldErrors } from "~/domain/form-errors";
import { temporaryPassword } from "~/domain/staff-accounts";
import type { Actor } from "~/modules/audit/audit.repository.server";
import {
  changeOwnPassword,
  createAuditedApiToken,
  createStaffAccount,
  findPasswordHash,
  resetStaffPassword,
  type AdminOutcome,
  type NewAccountInput,
} from "./users-admin.repository.server";
import type { Attempt } from "~/domain/attempt";
import { hashPassword, hashToken, newSecretToken, verifyPassword, type Principal } from "./sessions.service.server";

/** A fresh temporary password, from the operating system's random source. */
export function newTemporaryPassword(): string {
  return temporaryPassword((n) => crypto.randomInt(n));
}

/** Creates an account with a temporary password, returned once for the administrator to hand over. */
export async function openStaffAccount(
  db: DB,
  actor: Actor,
  input: Omit<NewAccountInput, "passwordHash">,
): Promise<AdminOutcome<{ id: number; temporaryPassword: string }>> {
  const password = newTemporaryPassword();
  const outcome = await createStaffAccount(db, actor, { ...input, passwordHash: await hashPassword(password) });
  return outcome.ok ? { ok: true, value: { id: outcome.value, temporaryPassword: password } } : outcome;
}

/** A new temporary password for an account (returned once); its sessions end. */
export async function resetToTemporaryPassword(db: DB, actor: Actor, userId: number): Promise<AdminOutcome<{ temporaryPassword: string }>> {
  const password = newTemporaryPassword();
  const outcome = await resetStaffPassword(db, actor, userId, await hashPassword(password));
  return outcome.ok ? { ok: true, value: { temporaryPassword: password } } : outcome;
}

/**
 * A new API token: the secret (returned once, printed or shown) and only its
 * SHA-256 stored, with an audit record. Used by the admin page and by
 * `npm run token:create` alike.
 */
export async function issueApiToken(
  db: DB,
  actor: Actor,
  input: { name: string; role: TokenRole; sectors: string[]; createdBy: number | null },
): Promise<AdminOutcome<{ id: number; secret: string }>> {
  const secret = newSecretToken("hl");
  const outcome = await createAuditedApiToken(db, actor, { ...input, tokenHash: hashToken(secret) });
  return outcome.ok ? { ok: true, value: { id: outcome.value, secret } } : outcome;
}

/**
 * A staff member changes their own password. Voluntarily, the current one
 * must be given; either way the new one must differ from the old (the
 * temporary one included). Errors are per field; nothing is stored then.
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
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const stored = await findPasswordHash(db, principal.id);
  if (stored === null) return { ok: false, errors: { _form: { code: "invalid" } } };
  if (!principal.mustChangePassword) {
    // Five wrong current passwords pause the guessing, as a sign-in would.
    const attempt = await input.beginGuess();
    if (!attempt.allowed) {
      return { ok: false, errors: { currentPassword: { code: "tooManyTries", values: { minutes: Math.ceil(attempt.retryAfterSeconds / 60) } } } };
    }
    if (!(await verifyPassword(stored, input.currentPassword ?? ""))) {
      await attempt.failed();
      return { ok: false, errors: { currentPassword: { code: "wrongPassword" } } };
    }
    await attempt.succeeded();
  }
  if (await verifyPassword(stored, input.newPassword)) return { ok: false, errors: { newPassword: { code: "samePassword" } } };
  await changeOwnPassword(db, { userId: principal.id, name: principal.name }, {
    userId: principal.id,
    passwordHash: await hashPassword(input.newPassword),
    keepSessionHash: input.keepSessionHash,
  });
  return { ok: true };
}
