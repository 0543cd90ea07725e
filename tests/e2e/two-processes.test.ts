import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { openDatabase, type DB } from "#db/client";
import { findStoredResponse } from "../setup/server-database";
import { DEMO_PASSWORD } from "./support/callers";
import { administrativeFormFields, newClientId } from "./support/submissions";

/**
 * Two app processes (the production build, as `npm start` runs it) on one
 * SQLite file with one SESSION_SECRET, as a deployment with several
 * processes on one database would run.
 */
type AppProcess = { base: string; child: ChildProcess; log: () => string };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });
}

async function startApp(databaseUrl: string): Promise<AppProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let output = "";
  const child = spawn("node_modules/.bin/tsx", ["scripts/start.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "test",
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: "two-processes-share-this-secret-of-32-chars",
      SURVEY_MIN_FILL_SECONDS: "1",
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_BASE_URL: base,
      DEMO_SEED: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited early:\n${output}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { base, child, log: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not answer within 60 s:\n${output}`);
}

async function stopApp(app: AppProcess | undefined): Promise<void> {
  if (!app || app.child.exitCode !== null) return;
  app.child.kill("SIGTERM");
  await new Promise((r) => app.child.once("exit", r));
}

let dir: string;
let one: AppProcess;
let other: AppProcess;
let db: DB;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-two-"));
  const file = path.join(dir, "app.db");
  fs.copyFileSync(inject("templateDatabase"), file);
  one = await startApp(`file:${file}`);
  other = await startApp(`file:${file}`);
  db = openDatabase(`file:${file}`);
});
afterAll(async () => {
  await db?.destroy();
  await Promise.all([stopApp(one), stopApp(other)]);
  fs.rmSync(dir, { recursive: true, force: true });
});

function postLogin(app: AppProcess, email: string, password: string): Promise<Response> {
  return fetch(`${app.base}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, redirectTo: "/dashboard" }).toString(),
    redirect: "manual",
  });
}

function postSurvey(app: AppProcess, device: string, fields: Array<[string, string]>): Promise<Response> {
  return fetch(`${app.base}/s/TT-DD-01`, {
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
    const page = await fetch(`${other.base}/dashboard`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(page.status).toBe(200);
    const anonymous = await fetch(`${other.base}/dashboard`, { redirect: "manual" });
    expect(anonymous.status).toBe(302);
  });

  test("a form opened on one process and sent to the other is timed by its signed start, not flagged too fast", async () => {
    const opened = await fetch(`${one.base}/s/TT-DD-01`);
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
    const device = ((await fetch(`${one.base}/s/TT-DD-01`)).headers.get("Set-Cookie") ?? "").split(";")[0]!;
    expect(device).toMatch(/^hl_device=/);
    const statuses: number[] = [];
    // The first test's phone is another device: this one starts at none.
    for (const app of [one, other, one, other, one, other, one, other]) {
      statuses.push((await postSurvey(app, device, administrativeFormFields(newClientId()))).status);
    }
    expect(statuses).toEqual([303, 303, 303, 303, 303, 303, 429, 429]);
  });
});
