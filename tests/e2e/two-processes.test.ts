import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { openDatabase, type DB } from "#db/client";
import { startApp, type AppProcess } from "../setup/app-process";
import { findStoredResponse } from "../setup/server-database";
import { DEMO_PASSWORD } from "./support/callers";
import { administrativeFormFields, newClientId } from "./support/submissions";

/**
 * Two app processes (the production build, as `npm start` runs it) on one
 * SQLite file with one SESSION_SECRET, as a deployment with several
 * processes on one database would run.
 */
const SHARED = { SESSION_SECRET: "two-processes-share-this-secret-of-32-chars", SURVEY_MIN_FILL_SECONDS: "1" };

let dir: string;
let one: AppProcess;
let other: AppProcess;
let db: DB;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-two-"));
  const file = path.join(dir, "app.db");
  fs.copyFileSync(inject("templateDatabase"), file);
  one = await startApp(`file:${file}`, { env: SHARED });
  other = await startApp(`file:${file}`, { env: SHARED });
  db = openDatabase(`file:${file}`);
});
afterAll(async () => {
  await db?.destroy();
  await Promise.all([one?.stop(), other?.stop()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

function postLogin(app: AppProcess, email: string, password: string): Promise<Response> {
  return fetch(`${app.baseUrl}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, redirectTo: "/dashboard" }).toString(),
    redirect: "manual",
  });
}

function postSurvey(app: AppProcess, device: string, fields: Array<[string, string]>): Promise<Response> {
  return fetch(`${app.baseUrl}/s/TT-DD-01`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: device },
    body: new URLSearchParams(fields).toString(),
  });
}

describe("two app processes on one database", () => {
  test("three wrong passwords on one and three on the other lock the account on both", async () => {
    const statuses: number[] = [];
    for (const app of [one, one, one, other, other, other]) statuses.push((await postLogin(app, "admin@demo.vn", "wrong-guess")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    for (const app of [one, other]) {
      const locked = await postLogin(app, "admin@demo.vn", DEMO_PASSWORD);
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(0);
    }
  });

  test("a sign-in made on one process is a session on the other", async () => {
    const signedIn = await postLogin(one, "viewer@demo.vn", DEMO_PASSWORD);
    expect(signedIn.status).toBe(302);
    const cookie = signedIn.headers.getSetCookie().find((c) => c.startsWith("hl_session="))!.split(";")[0]!;
    const page = await fetch(`${other.baseUrl}/dashboard`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(page.status).toBe(200);
    const anonymous = await fetch(`${other.baseUrl}/dashboard`, { redirect: "manual" });
    expect(anonymous.status).toBe(302);
  });

  test("a form opened on one process and sent to the other is timed by its signed start, not flagged too fast", async () => {
    const opened = await fetch(`${one.baseUrl}/s/TT-DD-01`);
    const device = (opened.headers.get("Set-Cookie") ?? "").split(";")[0]!;
    const html = await opened.text();
    const clientId = /name="id" value="([^"]+)"/.exec(html)?.[1] ?? "";
    const started = /name="started" value="([^"]+)"/.exec(html)?.[1] ?? "";
    expect(started).not.toBe("");
    await new Promise((r) => setTimeout(r, 1_500));
    const sent = await postSurvey(other, device, administrativeFormFields(clientId, [["started", started]]));
    expect(sent.status).toBe(303);
    expect(await findStoredResponse(db, clientId)).toMatchObject({ servicePoint: "TT-DD-01", flagReasons: [] });
  });

  test("one phone's six answers an hour are counted across both processes", async () => {
    const device = ((await fetch(`${one.baseUrl}/s/TT-DD-01`)).headers.get("Set-Cookie") ?? "").split(";")[0]!;
    expect(device).toMatch(/^hl_device=/);
    const statuses: number[] = [];
    // The first test's phone is another device: this one starts at none.
    for (const app of [one, other, one, other, one, other, one, other]) {
      statuses.push((await postSurvey(app, device, administrativeFormFields(newClientId()))).status);
    }
    expect(statuses).toEqual([303, 303, 303, 303, 303, 303, 429, 429]);
  });
});
