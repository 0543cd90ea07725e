import type { AppLoadContext } from "@remix-run/node";
import { afterAll, describe, expect, test } from "vitest";
import { openDatabase, type DB } from "#db/client";
import { env } from "~/env.server";
import { LOGIN_FAILURES_PER_ACCOUNT } from "~/http/rate-limits.server";
import { submitterOf } from "~/http/submitter.server";
import { sweepExpiredCounters, takePoints } from "~/modules/limits/limit-counters.service.server";
import { submitResponse } from "~/modules/survey/submission.service.server";
import { secondsSinceFormStart, signFormStart } from "~/modules/survey/trust.server";
import { action as loginAction } from "~/routes/login";
import { postForm } from "../setup/admin-requests";
import { trustedSubmission, ADMINISTRATIVE_ANSWERS } from "../setup/submissions";
import { useFreshDatabase } from "../setup/test-database";

// Two connections to one database stand for two app processes on it.
const { db: first, url } = useFreshDatabase();
const second = openDatabase(url);
afterAll(async () => {
  await second.destroy();
  await first.destroy();
});

let address = 0;
const newAddress = () => `198.51.100.${++address}`;

/** The login form posted to the process that serves `db`; the status it answers. */
async function signIn(db: DB, email: string, password: string, ip: string): Promise<number> {
  const context: AppLoadContext = { clientIp: ip, db, cspNonce: "integration-test-nonce" };
  try {
    const result = await loginAction({ request: postForm("/login", { email, password }), params: {}, context });
    if (result instanceof Response) return result.status;
    return "init" in result ? (result.init?.status ?? 200) : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe("limits are shared by every process on one database", () => {
  test("failed sign-ins on two processes add up: three on one and two on the other lock the account on both", async () => {
    const from = newAddress();
    for (let i = 0; i < 3; i++) expect(await signIn(first, "admin@demo.vn", `guess-${i}`, from)).toBe(401);
    for (let i = 3; i < LOGIN_FAILURES_PER_ACCOUNT; i++) expect(await signIn(second, "admin@demo.vn", `guess-${i}`, from)).toBe(401);
    expect(await signIn(first, "admin@demo.vn", "hailong-demo", from)).toBe(429);
    expect(await signIn(second, "admin@demo.vn", "hailong-demo", from)).toBe(429);
  });

  test("twelve wrong passwords sent at once to two processes: only five are checked", async () => {
    const from = newAddress();
    const statuses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => signIn(i % 2 === 0 ? first : second, "viewer@demo.vn", `guess-${i}`, from)),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(LOGIN_FAILURES_PER_ACCOUNT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(12 - LOGIN_FAILURES_PER_ACCOUNT);
  });

  test("a sign-in that succeeds on one process clears the failures the other counted", async () => {
    const from = newAddress();
    for (let i = 0; i < LOGIN_FAILURES_PER_ACCOUNT - 1; i++) expect(await signIn(first, "manager.land@demo.vn", `guess-${i}`, from)).toBe(401);
    expect(await signIn(second, "manager.land@demo.vn", "hailong-demo", from)).toBe(302);
    for (let i = 0; i < LOGIN_FAILURES_PER_ACCOUNT - 1; i++) expect(await signIn(first, "manager.land@demo.vn", `again-${i}`, from)).toBe(401);
    expect(await signIn(first, "manager.land@demo.vn", "hailong-demo", from)).toBe(302);
  });

  test("one phone's hourly limit is counted across processes, and its next answer is refused by both", async () => {
    const phone = `phone-shared-${Date.now()}`;
    const send = (db: DB) =>
      submitResponse(db, {
        ...trustedSubmission("TT-DD-02", ADMINISTRATIVE_ANSWERS),
        channel: "qr",
        ip: newAddress(),
        deviceId: phone,
        formStarted: signFormStart(new Date(Date.now() - 60_000)),
        submitter: submitterOf(null),
      });
    const limit = env().rateLimitDevicePerHour;
    for (let i = 0; i < limit; i++) expect((await send(i % 2 === 0 ? first : second)).kind).toBe("created");
    for (const db of [first, second]) {
      const refused = await send(db);
      expect(refused.kind).toBe("rate_limited");
      if (refused.kind === "rate_limited") expect(refused.retryAfterSeconds).toBeGreaterThan(3500);
    }
  });

  test("a form opened on one process is timed by the other: the form-start signature depends only on the shared secret", () => {
    const opened = new Date(Date.now() - 42_000);
    // Nothing is kept when the form is opened: any process with the same SESSION_SECRET checks the token.
    expect(secondsSinceFormStart(signFormStart(opened), new Date(opened.getTime() + 42_000))).toBe(42);
    expect(secondsSinceFormStart(`${opened.getTime()}.forgedsignature0`, new Date())).toBeNull();
  });
});

describe("counters and their windows", () => {
  const MINUTE_MS = 60_000;

  test("a counter refuses past its limit until its window ends, then starts again", async () => {
    const key = `test-window:${newAddress()}`;
    const start = new Date();
    const charge = [{ key, limit: 2, windowSeconds: 60 }];
    expect((await takePoints(first, charge, start))[0]).toMatchObject({ points: 1, allowed: true, retryAfterSeconds: 60 });
    expect((await takePoints(second, charge, new Date(start.getTime() + 1000)))[0]).toMatchObject({ points: 2, allowed: true });
    expect((await takePoints(first, charge, new Date(start.getTime() + 30_000)))[0]).toMatchObject({ points: 3, allowed: false, retryAfterSeconds: 30 });
    expect((await takePoints(second, charge, new Date(start.getTime() + 60_000)))[0]).toMatchObject({ points: 1, allowed: true, retryAfterSeconds: 60 });
  });

  test("sweeping removes only counters whose window has ended", async () => {
    const now = new Date();
    const storedKeys = async () => new Set((await first.selectFrom("rate_limits").select("key").execute()).map((r) => r.key));
    /** Takes a point from a new key; the key as the table holds it. */
    const newCounter = async (key: string, windowSeconds: number) => {
      const before = await storedKeys();
      await takePoints(first, [{ key, limit: 5, windowSeconds }], now);
      return [...(await storedKeys())].find((k) => !before.has(k))!;
    };
    const ended = await newCounter(`test-sweep-ended:${newAddress()}`, 60);
    const runningKey = `test-sweep-running:${newAddress()}`;
    const running = await newCounter(runningKey, 60 * 60);
    const later = new Date(now.getTime() + 2 * MINUTE_MS);
    expect(await sweepExpiredCounters(second, later)).toBeGreaterThanOrEqual(1);
    const left = await first.selectFrom("rate_limits").select(["key", "points"]).where("key", "in", [ended, running]).execute();
    expect(left).toEqual([{ key: running, points: 1 }]);
    // What was swept is not in the way of a new window; what runs on keeps its count.
    expect((await takePoints(second, [{ key: runningKey, limit: 5, windowSeconds: 60 * 60 }], later))[0]!.points).toBe(2);
  });

  test("the table never holds an address, a device id or a sign-in email in the clear", async () => {
    const ip = "203.0.113.77";
    await signIn(first, "viewer@demo.vn", "wrong password", ip);
    await takePoints(first, [{ key: `dev-h:1:phone-cookie-value-0042`, limit: 5, windowSeconds: 60 }]);
    const keys = (await first.selectFrom("rate_limits").select("key").execute()).map((r) => r.key).join("\n");
    expect(keys).not.toContain(ip);
    expect(keys).not.toContain("viewer@demo.vn");
    expect(keys).not.toContain("phone-cookie-value-0042");
  });
});
