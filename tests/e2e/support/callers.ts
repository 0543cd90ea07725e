import crypto from "node:crypto";
import { expect, inject } from "vitest";
import type { DB } from "#db/client";
import type { TokenRole } from "#db/schema";

export const DEMO_PASSWORD = "hailong-demo";

/** Signs a demo account in through the login form, as a browser would, and returns its session cookie. */
export async function signIn(email: string): Promise<string> {
  const response = await fetch(`${inject("baseUrl")}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, redirectTo: "/dashboard" }).toString(),
    redirect: "manual",
  });
  expect(response.status, `signing in ${email}`).toBe(302);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("hl_session="));
  expect(cookie, `session cookie of ${email}`).toBeDefined();
  return cookie!.split(";")[0]!;
}

/**
 * Stores an API token in the server's database as `npm run token:create`
 * would (only its SHA-256 is kept) and returns the secret to send.
 */
export async function createToken(db: DB, role: TokenRole, sectorCodes: string[] = []): Promise<string> {
  const secret = `t_${crypto.randomBytes(24).toString("base64url")}`;
  const { id } = await db
    .insertInto("api_tokens")
    .values({ name: `e2e ${role}`, token_hash: crypto.createHash("sha256").update(secret).digest("hex"), role, created_by: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (sectorCodes.length > 0) {
    const sectors = await db.selectFrom("sectors").select("id").where("code", "in", sectorCodes).execute();
    await db.insertInto("api_token_sectors").values(sectors.map((s) => ({ token_id: id, sector_id: s.id }))).execute();
  }
  return secret;
}

export type Caller = { cookie?: string; token?: string };

/** GET a path of the server under test as a caller (anonymous when neither cookie nor token is given), not following redirects. */
export function getAs(caller: Caller, path: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (caller.cookie) headers.Cookie = caller.cookie;
  if (caller.token) headers.Authorization = `Bearer ${caller.token}`;
  return fetch(`${inject("baseUrl")}${path}`, { headers, redirect: "manual" });
}
