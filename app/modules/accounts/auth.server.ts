import crypto from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { createCookie, data, redirect, type Cookie } from "@remix-run/node";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { TokenRole } from "#db/schema";
import { PASSWORD_CHANGE_PATH } from "~/domain/staff-accounts";
import {
  createSession,
  deleteSession,
  findSessionPrincipal,
  findTokenPrincipal,
  findUserForLogin,
  type Principal,
} from "./users.repository.server";
import { getDb } from "~/db.server";
import { env } from "~/env.server";

export type { Principal };

const SESSION_SECONDS = 12 * 60 * 60;

let cookie: Cookie | undefined;
/** The staff session cookie: httpOnly, SameSite=Lax, Secure in production, signed. */
function sessionCookie(): Cookie {
  cookie ??= createCookie("hl_session", {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: env().nodeEnv === "production",
    secrets: [env().sessionSecret],
    maxAge: SESSION_SECONDS,
  });
  return cookie;
}

/** Tokens are stored only as SHA-256: they are long and random, so no salt or slow hash is needed. */
export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export function newSecretToken(prefix: string): string {
  return `${prefix}_${crypto.randomBytes(32).toString("base64url")}`;
}

/** Hashes a password with argon2id (the library's default algorithm). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** Whether `password` is the one `passwordHash` was made from (false for a malformed hash). */
export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

// A real argon2id hash to verify against when the email is unknown, so that
// "no such user" takes as long as "wrong password".
let dummyHash: Promise<string> | undefined;

const loginLimiters = {
  account: new RateLimiterMemory({ keyPrefix: "login-acct", points: 5, duration: 15 * 60 }),
  address: new RateLimiterMemory({ keyPrefix: "login-ip", points: 30, duration: 15 * 60 }),
};

/** Seconds until `key` may try again, or null when it may try now. */
async function blockedFor(limiter: RateLimiterMemory, key: string): Promise<number | null> {
  const record = await limiter.get(key);
  return record !== null && record.consumedPoints >= limiter.points ? Math.max(1, Math.ceil(record.msBeforeNext / 1000)) : null;
}

export type LoginOutcome =
  | { kind: "ok"; setCookie: string; mustChangePassword: boolean }
  | { kind: "invalid" }
  | { kind: "rate_limited"; retryAfterSeconds: number };

/**
 * Checks a password and opens a session. Only failures count against the
 * limits (5 per account and address, 30 per address, in 15 minutes), so a
 * busy office behind one address never locks itself out by signing in; a
 * success clears the account's failures.
 */
export async function login(input: { email: string; password: string; ip: string }): Promise<LoginOutcome> {
  const email = input.email.trim().toLowerCase();
  const accountKey = `${input.ip}:${email}`;
  const limited = (await blockedFor(loginLimiters.address, input.ip)) ?? (await blockedFor(loginLimiters.account, accountKey));
  if (limited !== null) return { kind: "rate_limited", retryAfterSeconds: limited };

  const db = getDb();
  const user = await findUserForLogin(db, email);
  dummyHash ??= hash("not a password of anyone");
  const valid = await verify(user?.password_hash ?? (await dummyHash), input.password).catch(() => false);
  if (!user || !valid || user.active !== 1) {
    await Promise.all([loginLimiters.address.penalty(input.ip, 1), loginLimiters.account.penalty(accountKey, 1)]);
    return { kind: "invalid" };
  }
  await loginLimiters.account.delete(accountKey);

  const token = newSecretToken("s");
  await createSession(db, {
    tokenHash: hashToken(token),
    userId: user.id,
    expiresAt: new Date(Date.now() + SESSION_SECONDS * 1000).toISOString(),
  });
  return { kind: "ok", setCookie: await sessionCookie().serialize(token), mustChangePassword: user.must_change_password === 1 };
}

async function sessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length < 200 ? value : null;
}

/** The stored hash of this request's session (to keep it while ending the others), or null. */
export async function sessionTokenHash(request: Request): Promise<string | null> {
  const token = await sessionToken(request);
  return token ? hashToken(token) : null;
}

/**
 * The anti-forgery token of this request's session: an HMAC of the session
 * token, so it needs no storage, changes with every sign-in and cannot be
 * computed by another site. Null without a session.
 */
export async function csrfTokenFor(request: Request): Promise<string | null> {
  const token = await sessionToken(request);
  if (!token) return null;
  return crypto.createHmac("sha256", env().sessionSecret).update(`csrf\0${token}`).digest("base64url");
}

/** The browser says the request was made by another site's page: `Sec-Fetch-Site: cross-site`, or a foreign `Origin`. */
export function comesFromAnotherSite(request: Request): boolean {
  if (request.headers.get("Sec-Fetch-Site") === "cross-site") return true;
  const origin = request.headers.get("Origin");
  return origin !== null && origin !== new URL(request.url).origin && origin !== new URL(env().publicBaseUrl).origin;
}

/**
 * Whether a state-changing request comes from our own pages: the browser must
 * not name another site, and the form's `_csrf` field must match the session's token.
 */
export async function isSameSiteSubmission(request: Request, submitted: string | null): Promise<boolean> {
  if (comesFromAnotherSite(request)) return false;
  const expected = await csrfTokenFor(request);
  if (!expected || !submitted) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(submitted);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** Ends the session of this request and returns the header that clears the cookie. */
export async function logout(request: Request): Promise<string> {
  const token = await sessionToken(request);
  if (token) await deleteSession(getDb(), hashToken(token));
  return sessionCookie().serialize("", { maxAge: 0 });
}

/** The caller: a bearer token when one is sent, else the session cookie; null when neither is valid. */
export async function getPrincipal(request: Request): Promise<Principal | null> {
  const now = new Date();
  const authorization = request.headers.get("Authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+([\w-]{10,200})$/.exec(authorization.trim());
    return match ? findTokenPrincipal(getDb(), hashToken(match[1]!), now) : null;
  }
  const token = await sessionToken(request);
  return token ? findSessionPrincipal(getDb(), hashToken(token), now) : null;
}

/** Staff who may read the indices. */
export const READER_ROLES: readonly TokenRole[] = ["administrator", "manager", "viewer", "integration"];

/** Only same-origin paths: `/dashboard?x=1`, never `//evil.example` or `https://…`. */
export function safeRedirectPath(to: string | null | undefined, fallback = "/dashboard"): string {
  if (!to || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\") || /[\r\n]/.test(to)) return fallback;
  return to;
}

export { PASSWORD_CHANGE_PATH };

function pathOf(request: Request): string {
  const url = new URL(request.url);
  return url.pathname + url.search;
}

/**
 * Any signed-in staff member, even one who still has to change a temporary
 * password (the password page itself); otherwise a redirect to the login page.
 */
export async function requireSignedInStaff(request: Request): Promise<Principal> {
  const principal = await getPrincipal(request);
  if (!principal || principal.kind !== "user") {
    throw redirect(`/login?redirectTo=${encodeURIComponent(pathOf(request))}`);
  }
  return principal;
}

/**
 * For staff pages: the signed-in staff member with one of `roles`; otherwise a
 * redirect to the login page (not signed in), to the password page (a
 * temporary password not yet changed) or a 403 page (wrong role).
 */
export async function requireStaff(request: Request, roles: readonly TokenRole[]): Promise<Principal> {
  const principal = await requireSignedInStaff(request);
  if (principal.mustChangePassword) {
    throw redirect(`${PASSWORD_CHANGE_PATH}?redirectTo=${encodeURIComponent(pathOf(request))}`);
  }
  if (!roles.includes(principal.role)) throw data({ kind: "forbidden" }, { status: 403 });
  return principal;
}

/** For the JSON API: a session or a bearer token with one of `roles`; else 401 or 403 as JSON. */
export async function requireApiCaller(request: Request, roles: readonly TokenRole[]): Promise<Principal> {
  const principal = await getPrincipal(request);
  if (!principal) {
    throw Response.json(
      { error: "sign in or send Authorization: Bearer <token>" },
      { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="hailong"' } },
    );
  }
  if (principal.mustChangePassword) {
    throw Response.json({ error: `change the temporary password first at ${PASSWORD_CHANGE_PATH}` }, { status: 403 });
  }
  if (!roles.includes(principal.role)) throw Response.json({ error: "this token or account may not do that" }, { status: 403 });
  return principal;
}

/** Staff sessions and kiosk or integration tokens are trusted devices: no per-device limits. */
export function isTrustedSubmitter(principal: Principal | null): boolean {
  return principal !== null;
}
