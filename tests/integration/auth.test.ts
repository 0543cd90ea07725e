import { afterAll, describe, expect, test } from "vitest";
import { findSectorIdsByCodes } from "~/modules/accounts/users.repository.server";
import { getPrincipal, logout } from "~/modules/accounts/sessions.service.server";
import { safeRedirectPath } from "~/http/redirects";
import { useFreshDatabase } from "../setup/test-database";
import { postForm, postLogin, routeContext } from "../setup/admin-requests";
import { action as loginAction } from "~/routes/login";
import { requireApiPermission, requirePermission } from "~/http/permissions.server";

const system = { userId: null, name: "tests" };
import { issueApiToken } from "~/modules/accounts/staff-accounts.service.server";

/** Signing in through the login form, told as the outcome a person sees: signed in, refused, or asked to wait. */
async function login(input: { email: string; password: string; ip: string }) {
  const r = await postLogin(input.email, input.password, input.ip);
  if (r.status === 302 && r.setCookie) return { kind: "ok" as const, setCookie: r.setCookie, mustChangePassword: r.location?.startsWith("/account/password") ?? false };
  return r.status === 429 ? { kind: "rate_limited" as const } : { kind: "invalid" as const };
}


const { db } = useFreshDatabase();
afterAll(() => db.destroy());

let address = 0;
/** Each test signs in from its own address, so the login limits of one do not touch another. */
const ip = () => `198.51.100.${++address}`;

function withCookie(setCookie: string, url = "http://localhost/dashboard"): Request {
  return new Request(url, { headers: { Cookie: setCookie.split(";")[0]! } });
}

async function signIn(email: string) {
  const outcome = await login({ email, password: "hailong-demo", ip: ip() });
  if (outcome.kind !== "ok") throw new Error(outcome.kind);
  return outcome.setCookie;
}

describe("signing in", () => {
  test("the right password opens a session with an httpOnly, SameSite=Lax cookie", async () => {
    const setCookie = await signIn("manager.land@demo.vn");
    expect(setCookie).toMatch(/^hl_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const land = (await findSectorIdsByCodes(db, ["land"])).get("land");
    expect(await getPrincipal(db, withCookie(setCookie))).toMatchObject({ kind: "user", role: "manager", sectorIds: [land] });
  });

  test("the email is not case-sensitive; the password is", async () => {
    expect((await login({ email: "  Viewer@Demo.VN ", password: "hailong-demo", ip: ip() })).kind).toBe("ok");
    expect((await login({ email: "viewer@demo.vn", password: "HAILONG-DEMO", ip: ip() })).kind).toBe("invalid");
  });

  test("an unknown email and a wrong password get the same answer", async () => {
    expect(await login({ email: "nobody@demo.vn", password: "hailong-demo", ip: ip() })).toEqual({ kind: "invalid" });
    expect(await login({ email: "admin@demo.vn", password: "wrong", ip: ip() })).toEqual({ kind: "invalid" });
  });

  test("a deactivated account cannot sign in, and its open sessions stop working", async () => {
    const setCookie = await signIn("manager.education@demo.vn");
    await db.updateTable("users").set({ active: 0 }).where("email", "=", "manager.education@demo.vn").execute();
    expect((await login({ email: "manager.education@demo.vn", password: "hailong-demo", ip: ip() })).kind).toBe("invalid");
    expect(await getPrincipal(db, withCookie(setCookie))).toBeNull();
  });

  test("five failures for one account from one address lock it for a while, even with the right password", async () => {
    const from = ip();
    for (let i = 0; i < 5; i++) await login({ email: "admin@demo.vn", password: `guess-${i}`, ip: from });
    expect(await login({ email: "admin@demo.vn", password: "hailong-demo", ip: from })).toMatchObject({ kind: "rate_limited" });
    expect((await login({ email: "admin@demo.vn", password: "hailong-demo", ip: ip() })).kind).toBe("ok");
  });

  test("twelve wrong passwords sent at once for one account: only five are checked, the rest wait", async () => {
    const from = ip();
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => postLogin("manager.health@demo.vn", `guess-${i}`, from)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    // Even the right password now waits, from this address.
    expect((await postLogin("manager.health@demo.vn", "hailong-demo", from)).status).toBe(429);
  });

  test("a refused sign-in says when to try again", async () => {
    const from = ip();
    for (let i = 0; i < 5; i++) await postLogin("manager.construction@demo.vn", `guess-${i}`, from);
    const request = postForm("/login", { email: "manager.construction@demo.vn", password: "hailong-demo" });
    const refused = (await loginAction({ request, params: {}, context: routeContext(from) })) as { init: ResponseInit | null };
    expect(refused.init?.status).toBe(429);
    const retryAfter = Number(new Headers(refused.init?.headers).get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  test("successful sign-ins never lock anyone out: a whole office shares one address", async () => {
    const office = ip();
    for (let i = 0; i < 40; i++) expect((await login({ email: "viewer@demo.vn", password: "hailong-demo", ip: office })).kind).toBe("ok");
    // A success also clears the account's earlier failures.
    for (let i = 0; i < 4; i++) await login({ email: "viewer@demo.vn", password: `slip-${i}`, ip: office });
    expect((await login({ email: "viewer@demo.vn", password: "hailong-demo", ip: office })).kind).toBe("ok");
    for (let i = 0; i < 4; i++) await login({ email: "viewer@demo.vn", password: `slip-${i}`, ip: office });
    expect((await login({ email: "viewer@demo.vn", password: "hailong-demo", ip: office })).kind).toBe("ok");
  });

  test("signing out ends the session in the database, not only in the browser", async () => {
    const setCookie = await signIn("viewer@demo.vn");
    const cleared = await logout(db, withCookie(setCookie));
    expect(cleared).toMatch(/Max-Age=0/i);
    expect(await getPrincipal(db, withCookie(setCookie))).toBeNull();
  });

  test("an expired session does not count", async () => {
    const setCookie = await signIn("viewer@demo.vn");
    await db.updateTable("sessions").set({ expires_at: "2000-01-01T00:00:00.000Z" }).execute();
    expect(await getPrincipal(db, withCookie(setCookie))).toBeNull();
  });

  test("a forged or tampered cookie does not count", async () => {
    expect(await getPrincipal(db, withCookie("hl_session=forged"))).toBeNull();
    const setCookie = await signIn("viewer@demo.vn");
    expect(await getPrincipal(db, withCookie(setCookie.replace(/=(.)/, "=x")))).toBeNull();
  });
});

describe("API tokens", () => {
  test("are stored only as hashes and name the caller's role and sectors", async () => {
    const health = (await findSectorIdsByCodes(db, ["health"])).get("health")!;
    const { value } = (await issueApiToken(db, system, { name: "health dashboard", role: "manager", sectors: ["health"], createdBy: null })) as { ok: true; value: { secret: string } };
    const token = value.secret;
    const stored = await db.selectFrom("api_tokens").select("token_hash").execute();
    expect(stored.some((r) => r.token_hash.includes(token))).toBe(false);
    const request = new Request("http://localhost/api/v1/indices", { headers: { Authorization: `Bearer ${token}` } });
    expect(await getPrincipal(db, request)).toMatchObject({ kind: "token", role: "manager", sectorIds: [health] });
  });

  test("a revoked or unknown token answers 401", async () => {
    const { value } = (await issueApiToken(db, system, { name: "old", role: "viewer", sectors: [], createdBy: null })) as { ok: true; value: { id: number; secret: string } };
    const { id, secret: token } = value;
    await db.updateTable("api_tokens").set({ revoked_at: new Date().toISOString() }).where("id", "=", id).execute();
    for (const bearer of [token, "hl_unknown-token-value", "not a token"]) {
      const request = new Request("http://localhost/api/v1/indices", { headers: { Authorization: `Bearer ${bearer}` } });
      const refused = await requireApiPermission({ request, context: routeContext() }, "indices:read").catch((r: unknown) => r);
      expect((refused as Response).status).toBe(401);
    }
  });
});

describe("guards", () => {
  test("a staff page sends a visitor to the login page, keeping where they were going", async () => {
    const refused = (await requirePermission({ request: new Request("http://localhost/dashboard?period=2026-Q3"), context: routeContext() }, "dashboard:read").catch((r: unknown) => r)) as Response;
    expect(refused.status).toBe(302);
    expect(refused.headers.get("Location")).toBe("/login?redirectTo=%2Fdashboard%3Fperiod%3D2026-Q3");
  });

  test("a signed-in user without the role gets a 403", async () => {
    const setCookie = await signIn("viewer@demo.vn");
    const refused = await requirePermission({ request: withCookie(setCookie, "http://localhost/admin"), context: routeContext() }, "admin:manage").catch((r: unknown) => r);
    expect(refused).toMatchObject({ init: { status: 403 } });
  });

  test.each([
    ["/dashboard?x=1", "/dashboard?x=1"],
    ["//evil.example/", "/dashboard"],
    ["/\\evil.example", "/dashboard"],
    ["/%09/evil.example/x", "/%09/evil.example/x"],
    ["/\t/evil.example/x", "/dashboard"],
    ["/\u0000/evil.example", "/dashboard"],
    ["/dashboard\\..\\evil", "/dashboard"],
    ["https://evil.example", "/dashboard"],
    ["javascript:alert(1)", "/dashboard"],
    ["", "/dashboard"],
    [null, "/dashboard"],
  ])("redirects after login only to same-origin paths: %j → %s", (to, expected) => {
    expect(safeRedirectPath(to)).toBe(expected);
  });
});
