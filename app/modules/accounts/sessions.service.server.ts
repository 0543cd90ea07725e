import crypto from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { createCookie, type Cookie } from "@remix-run/node";
import type { DB } from "#db/client";
import { env } from "~/env.server";
import { createSession, deleteSession, findSessionPrincipal, findTokenPrincipal, findUserForLogin } from "./users.repository.server";
import type { Principal } from "./types";

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

export type LoginOutcome = { kind: "ok"; setCookie: string; mustChangePassword: boolean } | { kind: "invalid" };

/** The form of an email address that accounts are kept under. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Checks a password and opens a session. The caller limits the tries (the
 * `login` rate-limit policy) before calling.
 */
export async function login(db: DB, input: { email: string; password: string }): Promise<LoginOutcome> {
  const email = normaliseEmail(input.email);
  const user = await findUserForLogin(db, email);
  dummyHash ??= hash("not a password of anyone");
  const valid = await verify(user?.password_hash ?? (await dummyHash), input.password).catch(() => false);
  if (!user || !valid || user.active !== 1) {
    return { kind: "invalid" };
  }

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

/** Ends the session of this request and returns the header that clears the cookie. */
export async function logout(db: DB, request: Request): Promise<string> {
  const token = await sessionToken(request);
  if (token) await deleteSession(db, hashToken(token));
  return sessionCookie().serialize("", { maxAge: 0 });
}

/** The bearer token the request sends: undefined without an Authorization header, null when it is malformed. */
export function bearerTokenOf(request: Request): string | null | undefined {
  const authorization = request.headers.get("Authorization");
  if (authorization === null) return undefined;
  return /^Bearer\s+([\w-]{10,200})$/.exec(authorization.trim())?.[1] ?? null;
}

/** The caller: a bearer token when one is sent, else the session cookie; null when neither is valid. */
export async function getPrincipal(db: DB, request: Request): Promise<Principal | null> {
  const now = new Date();
  const bearer = bearerTokenOf(request);
  if (bearer !== undefined) return bearer ? findTokenPrincipal(db, hashToken(bearer), now) : null;
  const token = await sessionToken(request);
  return token ? findSessionPrincipal(db, hashToken(token), now) : null;
}
