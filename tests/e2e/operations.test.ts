import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { hash } from "@node-rs/argon2";
import { afterAll, describe, expect, test } from "vitest";
import { inject } from "vitest";
import { openDatabase } from "#db/client";
import { answersOn, spawnApp, type AppProcess } from "../setup/app-process";
import { countResponses } from "../setup/server-database";
import { ADMINISTRATIVE_ANSWERS, newClientId } from "./support/submissions";

/*
 * The server as an operator runs it: its own process on a copy of the
 * template database, stopped by a signal as a supervisor stops it, refusing
 * to start in production with demo credentials, and logging as JSON.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-operations-"));
const running: ChildProcess[] = [];
afterAll(() => {
  for (const child of running) if (child.exitCode === null) child.kill("SIGKILL");
  fs.rmSync(dir, { recursive: true, force: true });
});

let copies = 0;
/** A fresh copy of the template database (demo organisation and demo accounts, no responses). */
function templateCopy(): string {
  const file = path.join(dir, `app-${++copies}.db`);
  fs.copyFileSync(inject("templateDatabase"), file);
  return file;
}

type Server = AppProcess;

/**
 * Starts the production build as `npm start`, or as the node command it runs
 * (`node --import tsx`: tsx's own CLI would stand between as a third process,
 * and it SIGKILLs a server that is slow to acknowledge a signal under load).
 * Citizens' limits are raised: these tests load it.
 */
async function startServer(database: string, { via = "node", env = {} }: { via?: "node" | "npm"; env?: Record<string, string> } = {}): Promise<Server> {
  const server = await spawnApp(`file:${database}`, {
    via,
    env: { RATE_LIMIT_IP_PER_HOUR: "100000", RATE_LIMIT_DEVICE_PER_HOUR: "100000", ...env },
  });
  running.push(server.child);
  return server;
}

/** Waits until the server is ready (or has exited). */
function ready(server: Server): Promise<boolean> {
  return answersOn(server, "/readyz");
}

/** Sends SIGTERM and says how the process ended and how long it took. */
async function stop(server: Server): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const started = Date.now();
  server.child.kill("SIGTERM");
  const ended = await Promise.race([server.exited, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
  if (!ended) throw new Error(`still running 15 s after SIGTERM:\n${server.output()}`);
  return { ...ended, ms: Date.now() - started };
}

/**
 * Citizens' submissions from `workers` clients at once (keep-alive
 * connections), until the server stops answering; the ids acknowledged with 201.
 */
function submitUntilRefused(baseUrl: string, workers: number) {
  const acknowledged: string[] = [];
  let stopped = false;
  const worker = async () => {
    while (!stopped) {
      const id = newClientId();
      try {
        const response = await fetch(`${baseUrl}/api/v1/responses`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ id, servicePoint: "TT-DD-02", locale: "vi", answers: { ...ADMINISTRATIVE_ANSWERS } }),
        });
        await response.text();
        if (response.status === 201) acknowledged.push(id);
        else if (response.status !== 201) throw new Error(`a submission got ${response.status}`);
      } catch (error) {
        // The server has stopped accepting (refused or closed connection): what was not acknowledged was not promised.
        if (error instanceof Error && error.message.startsWith("a submission got")) throw error;
        return;
      }
    }
  };
  const done = Promise.all(Array.from({ length: workers }, worker));
  return { acknowledged, done, halt: () => (stopped = true) };
}

async function until(condition: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("stopping on SIGTERM", () => {
  test.each(["node", "npm"] as const)(
    "through %s: stops mid-stream within 10 s with exit code 0, and every acknowledged submission is stored once",
    async (via) => {
      const database = templateCopy();
      const server = await startServer(database, { via });
      expect(await ready(server), server.output()).toBe(true);
      const stream = submitUntilRefused(server.baseUrl, 6);
      await until(() => stream.acknowledged.length >= 40);
      const ended = await stop(server);
      stream.halt();
      await stream.done;

      expect(ended, server.output()).toMatchObject({ code: 0, signal: null });
      expect(ended.ms).toBeLessThan(10_000);
      expect(server.output()).toMatch(/"msg":"stopping/);
      expect(server.output()).toMatch(/"msg":"stopped"/);
      const db = openDatabase(`file:${database}`);
      try {
        expect(await countResponses(db)).toBeGreaterThanOrEqual(stream.acknowledged.length);
        for (const id of stream.acknowledged) expect(await countResponses(db, { clientId: id })).toBe(1);
      } finally {
        await db.destroy();
      }
    },
    60_000,
  );

  test("an idle keep-alive connection, or one that never sent a request, does not hold the stop", async () => {
    const server = await startServer(templateCopy());
    expect(await ready(server)).toBe(true);
    await (await fetch(`${server.baseUrl}/healthz`)).text(); // leaves a keep-alive connection open
    const silent = net.connect(Number(new URL(server.baseUrl).port), "127.0.0.1");
    await new Promise((r) => silent.once("connect", r));
    const ended = await stop(server);
    silent.destroy();
    expect(ended).toMatchObject({ code: 0, signal: null });
    expect(ended.ms).toBeLessThan(3_000);
  });
});

describe("the server log", () => {
  test("has one JSON line for a request, under the id its answer carried, without its query", async () => {
    const server = await startServer(templateCopy());
    expect(await ready(server)).toBe(true);
    const response = await fetch(`${server.baseUrl}/s/TT-DD-01?t=SECRET-TICKET-VALUE`);
    await response.text();
    const id = response.headers.get("X-Request-Id")!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await until(() => server.output().includes(id), 5_000);
    const line = server.output().split("\n").find((l) => l.includes(id))!;
    expect(JSON.parse(line)).toMatchObject({ msg: "request", requestId: id, method: "GET", route: "/s/:code", path: "/s/TT-DD-01" });
    expect(server.output()).not.toContain("SECRET-TICKET-VALUE");

    // A page under layouts is named by its own route; a static file has no route.
    const nested = await fetch(`${server.baseUrl}/login`);
    await nested.text();
    const asset = await fetch(`${server.baseUrl}/favicon.svg`);
    await asset.arrayBuffer();
    const ids = [nested, asset].map((r) => r.headers.get("X-Request-Id")!);
    await until(() => ids.every((i) => server.output().includes(i)), 5_000);
    const [loginLine, assetLine] = ids.map((i) => JSON.parse(server.output().split("\n").find((l) => l.includes(i))!));
    expect(loginLine).toMatchObject({ route: "/login", path: "/login", status: 200 });
    expect(assetLine.route).toBeUndefined();
    expect((await stop(server)).code).toBe(0);
  });

  test("a bad LOG_LEVEL stops the start with one line naming it", async () => {
    const server = await startServer(templateCopy(), { env: { LOG_LEVEL: "loud" } });
    expect((await server.exited).code).toBe(1);
    expect(server.output().trim()).toMatch(/^Invalid environment variable LOG_LEVEL: /);
    expect(server.output().trim().split("\n")).toHaveLength(1);
  });
});

describe("NODE_ENV=production with demo credentials", () => {
  const production = { NODE_ENV: "production", SESSION_SECRET: "a-production-secret-of-forty-characters!" };

  /** Renames the demo accounts (they stay with the demo password unless `password` is given). */
  async function withoutDemoEmails(database: string, password?: string) {
    const db = openDatabase(`file:${database}`);
    try {
      await db.updateTable("users").set((eb) => ({ email: eb.fn<string>("printf", [eb.val("staff%d@nghean.gov.vn"), eb.ref("id")]) })).execute();
      if (password) await db.updateTable("users").set({ password_hash: await hash(password) }).execute();
    } finally {
      await db.destroy();
    }
  }

  test("refuses to start (exit 1, one line) while the demo accounts are present", async () => {
    const server = await startServer(templateCopy(), { env: production });
    expect((await server.exited).code).toBe(1);
    const lines = server.output().trim().split("\n");
    expect(lines.at(-1)).toMatch(/^Refusing to start with NODE_ENV=production: the demo accounts are present \(admin@demo\.vn, /);
    expect(server.output()).not.toMatch(/running on/);
  });

  test("refuses to start while any account has the demo password", async () => {
    const database = templateCopy();
    await withoutDemoEmails(database);
    const server = await startServer(database, { env: production });
    expect((await server.exited).code).toBe(1);
    expect(server.output().trim().split("\n").at(-1)).toMatch(/^Refusing to start with NODE_ENV=production: \d+ account\(s\) still have the public demo password \(staff1@nghean\.gov\.vn/);
  });

  test("starts, without the demo warning, when no account is a demo one or has the demo password", async () => {
    const database = templateCopy();
    await withoutDemoEmails(database, "a province's own long password");
    const server = await startServer(database, { env: production });
    expect(await ready(server), server.output()).toBe(true);
    expect(server.output()).not.toContain("THIS IS A DEMO");
    expect((await stop(server)).code).toBe(0);
  });

  test("outside production, the start says loudly that it is a demo with a public password", async () => {
    const server = await startServer(templateCopy());
    expect(await ready(server)).toBe(true);
    await until(() => server.output().includes("THIS IS A DEMO"), 5_000);
    expect(server.output()).toContain('"hailong-demo" is public');
    expect((await stop(server)).code).toBe(0);
  });
});
