import crypto from "node:crypto";
import { env } from "~/env.server";
import { csrfTokenFor } from "~/modules/accounts/sessions.service.server";

/**
 * The browser says the request was made by another site's page:
 * `Sec-Fetch-Site: cross-site`, or an `Origin` that is not ours (`null`
 * included: a sandboxed frame or a page that hides where it came from).
 */
export function comesFromAnotherSite(request: Request): boolean {
  if (request.headers.get("Sec-Fetch-Site") === "cross-site") return true;
  const origin = request.headers.get("Origin");
  return origin !== null && origin !== new URL(request.url).origin && origin !== new URL(env().publicBaseUrl).origin;
}

/**
 * Whether a signed-in staff member's state-changing post comes from our own
 * pages: the browser must not name another site, and the form's `_csrf` field
 * must match the session's token.
 */
export async function isSameSiteSubmission(request: Request, submitted: string | null): Promise<boolean> {
  if (comesFromAnotherSite(request)) return false;
  const expected = await csrfTokenFor(request);
  if (!expected || !submitted) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(submitted);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
