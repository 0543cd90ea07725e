import { z } from "zod";
import { STAFF_ROLES, TOKEN_ROLES, type TokenRole } from "./enums";
import { CONTROL_CHARACTERS } from "./printable-text";

/** Where a staff member with a temporary password is sent (any staff page), keeping where they were going. */
export const PASSWORD_CHANGE_PATH = "/account/password";

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

/** Letters and digits nobody misreads when handing a password over on paper or by phone: no 0/o, 1/l/i. */
const READABLE = "abcdefghjkmnpqrstuvwxyz23456789";
const GROUPS = 3;
const GROUP_LENGTH = 4;

/**
 * A temporary password to hand over: three groups of four readable
 * characters (`k7pm-x3qa-9fzt`, 14 characters, about 59 bits). `randomBelow(n)`
 * must return a uniformly random integer in [0, n) (crypto.randomInt).
 */
export function temporaryPassword(randomBelow: (n: number) => number): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = "";
    for (let i = 0; i < GROUP_LENGTH; i++) group += READABLE[randomBelow(READABLE.length)];
    groups.push(group);
  }
  return groups.join("-");
}

export type AccountState = { role: TokenRole; active: boolean };

export function isActiveAdministrator(state: AccountState): boolean {
  return state.active && state.role === "administrator";
}

/**
 * The province must never be left without someone who can administer it: a
 * change that takes an active administrator away (deactivating or demoting,
 * oneself included) is refused when no other active administrator is left.
 * `activeAdministratorsAfter` counts every active administrator once the
 * change is made, so the caller checks it inside the change's transaction.
 */
export function removesLastAdministrator(before: AccountState, after: AccountState, activeAdministratorsAfter: number): boolean {
  return isActiveAdministrator(before) && !isActiveAdministrator(after) && activeAdministratorsAfter === 0;
}

/** Managers see only their sectors; everyone else sees all, so their sector list is kept empty. */
export function sectorsFor(role: TokenRole, sectors: readonly string[]): string[] {
  return role === "manager" ? [...new Set(sectors)] : [];
}


const personName = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .refine((v) => !CONTROL_CHARACTERS.test(v), { message: "format" });

const sectorCodes = z.array(z.string().max(40)).max(50);

function requireSectorsOfManagers(value: { role: TokenRole; sectors: string[] }, ctx: z.RefinementCtx) {
  if (value.role === "manager" && value.sectors.length === 0) {
    ctx.addIssue({ code: "custom", message: "chooseOne", path: ["sectors"] });
  }
}

/** An email address as stored: trimmed, lowercase (so uniqueness ignores case). */
const email = z
  .string()
  .trim()
  .min(1)
  .max(254)
  .pipe(z.email({ message: "format" }))
  .transform((v) => v.toLowerCase());

export const NewStaffAccount = z
  .object({
    email,
    name: personName,
    role: z.enum(STAFF_ROLES),
    sectors: sectorCodes,
  })
  .superRefine(requireSectorsOfManagers)
  .transform((v) => ({ ...v, sectors: sectorsFor(v.role, v.sectors) }));
export type NewStaffAccount = z.output<typeof NewStaffAccount>;

export const StaffAccountEdit = z
  .object({
    name: personName,
    role: z.enum(STAFF_ROLES),
    sectors: sectorCodes,
  })
  .superRefine(requireSectorsOfManagers)
  .transform((v) => ({ ...v, sectors: sectorsFor(v.role, v.sectors) }));
export type StaffAccountEdit = z.output<typeof StaffAccountEdit>;

export const NewApiToken = z
  .object({
    name: personName,
    role: z.enum(TOKEN_ROLES),
    sectors: sectorCodes,
  })
  .superRefine(requireSectorsOfManagers)
  .transform((v) => ({ ...v, sectors: sectorsFor(v.role, v.sectors) }));
export type NewApiToken = z.output<typeof NewApiToken>;

/**
 * A new password, typed twice. The current one is asked only when the change
 * is voluntary (after a temporary password, signing in just proved it).
 */
export function passwordChangeSchema({ askCurrent }: { askCurrent: boolean }) {
  return z
    .object({
      currentPassword: askCurrent ? z.string().min(1).max(1000) : z.string().max(1000).optional(),
      newPassword: z.string().min(PASSWORD_MIN).max(PASSWORD_MAX),
      confirmPassword: z.string().max(1000),
    })
    .superRefine((v, ctx) => {
      if (v.confirmPassword !== v.newPassword) ctx.addIssue({ code: "custom", message: "passwordMismatch", path: ["confirmPassword"] });
    });
}

/** A numeric id from the address (`/admin/users/12`), or null for anything else. */
export function idFromParam(value: string | undefined): number | null {
  return value !== undefined && /^[1-9]\d{0,9}$/.test(value) && Number(value) <= Number.MAX_SAFE_INTEGER ? Number(value) : null;
}

/**
 * What was typed in an account or token form, to show again beside its errors:
 * the named text fields (cut short) and the ticked sectors. Passwords are never
 * among them.
 */
export function typedAccountFields<K extends string>(
  input: Record<string, string | string[]>,
  fields: readonly K[],
): Record<K, string> & { sectors: string[] } {
  const typed = {} as Record<K, string>;
  for (const field of fields) {
    const value = input[field];
    typed[field] = typeof value === "string" ? value.slice(0, 300) : "";
  }
  const sectors = Array.isArray(input.sectors) ? input.sectors.slice(0, 50).map((s) => s.slice(0, 40)) : [];
  return { ...typed, sectors };
}
