/**
 * Who may do what: every role × action in one table, and the guards that
 * apply it. A route names the permission it needs; it never lists roles.
 * Sector scope (a manager sees their sectors only) travels with the
 * principal (`sectorIds`, null = all) and is applied by `canSeeSector` and
 * by the queries that take it.
 */
import { redirect, type AppLoadContext } from "@remix-run/node";
import type { TokenRole } from "~/domain/enums";
import { PASSWORD_CHANGE_PATH } from "~/domain/staff-accounts";
import { getPrincipal } from "~/modules/accounts/sessions.service.server";
import type { Principal } from "~/modules/accounts/types";
import { problem, problemJson, problemPage } from "./problem.server";

export const PERMISSIONS = {
  /** The managers' dashboard pages. */
  "dashboard:read": ["administrator", "manager", "viewer"],
  /** Indices and service points as JSON (an integration may read them too). */
  "indices:read": ["administrator", "manager", "viewer", "integration"],
  /** CSV downloads of indices and raw responses. */
  "exports:download": ["administrator", "manager", "viewer"],
  /** A point's QR code as SVG or PNG. */
  "qr:read": ["administrator", "manager", "viewer", "integration", "kiosk"],
  /** Everything under /admin: organisation, questionnaires, users, tokens, posters, tickets, audit. */
  "admin:manage": ["administrator"],
  /** A single-use survey ticket for one dossier (POST /api/v1/tickets). */
  "tickets:mint": ["administrator", "integration"],
  /** Dossiers from the one-stop software (POST /api/v1/dossiers). */
  "dossiers:write": ["administrator", "integration"],
  /** One dossier's standing as JSON (GET /api/v1/dossiers/:code), within the caller's sectors. */
  "dossiers:read": ["administrator", "manager", "viewer", "integration"],
  /** Filling in and sending a late dossier's apology (/dashboard/apologies/:id), within the caller's sectors; viewers only read it. */
  "apologies:send": ["administrator", "manager"],
  /** Follow-up cases of the caller's sectors: the list and a case's page (contact details only with cases:manage). */
  "cases:read": ["administrator", "manager", "viewer"],
  /** Answering, closing, reopening a case, moving its due date, adding a note; seeing the citizen's contact. */
  "cases:manage": ["administrator", "manager"],
  /** Approving or rejecting comments for publication (/dashboard/moderation), within the caller's sectors; viewers only read the queue. */
  "comments:moderate": ["administrator", "manager"],
  /**
   * Submitting as a trusted device: no per-device or per-IP limits and an
   * `answeredAt` older than 24 hours. Only machines that stand in for many
   * citizens: a registered kiosk, the one-stop integration. Never a staff member.
   */
  "responses:submit-trusted": ["kiosk", "integration"],
} as const satisfies Record<string, readonly TokenRole[]>;

export type Permission = keyof typeof PERMISSIONS;

type RouteArgs = { request: Request; context: AppLoadContext };

export function can(principal: Principal | null, permission: Permission): boolean {
  return principal !== null && (PERMISSIONS[permission] as readonly TokenRole[]).includes(principal.role);
}

/** Whether the principal's scope includes the sector (null scope: every sector). */
export function canSeeSector(principal: Principal, sectorId: number): boolean {
  return principal.sectorIds === null || principal.sectorIds.includes(sectorId);
}

/** The caller of this request, from a bearer token or the session cookie; null when neither is valid. */
export function callerOf({ request, context }: RouteArgs): Promise<Principal | null> {
  return getPrincipal(context.db, request);
}

function pathOf(request: Request): string {
  const url = new URL(request.url);
  return url.pathname + url.search;
}

/**
 * Any signed-in staff member, even one who still has to change a temporary
 * password (the password page itself); otherwise a redirect to the login page.
 */
export async function requireSignedInStaff(args: RouteArgs): Promise<Principal> {
  const principal = await callerOf(args);
  if (!principal || principal.kind !== "user") {
    throw redirect(`/login?redirectTo=${encodeURIComponent(pathOf(args.request))}`);
  }
  return principal;
}

/**
 * For staff pages: the signed-in staff member who has the permission;
 * otherwise a redirect to the login page (not signed in), to the password
 * page (a temporary password not yet changed) or a 403 page.
 */
export async function requirePermission(args: RouteArgs, permission: Permission): Promise<Principal> {
  const principal = await requireSignedInStaff(args);
  if (principal.mustChangePassword) {
    throw redirect(`${PASSWORD_CHANGE_PATH}?redirectTo=${encodeURIComponent(pathOf(args.request))}`);
  }
  if (!can(principal, permission)) throw problemPage(problem("forbidden", "this account may not do that"));
  return principal;
}

/** For the JSON API: a session or a bearer token with the permission; else 401 or 403 as JSON. */
export async function requireApiPermission(args: RouteArgs, permission: Permission): Promise<Principal> {
  const principal = await callerOf(args);
  if (!principal) throw problemJson(problem("unauthenticated", "sign in or send Authorization: Bearer <token>"));
  if (principal.mustChangePassword) {
    throw problemJson(problem("forbidden", `change the temporary password first at ${PASSWORD_CHANGE_PATH}`));
  }
  if (!can(principal, permission)) throw problemJson(problem("forbidden", "this token or account may not do that"));
  return principal;
}
