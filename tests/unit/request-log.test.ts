import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, describe, expect, test } from "vitest";
import { createLogger, requestLog, requestLogLine } from "~/http/request-log.server";

/*
 * The request log in front of a tiny Express app: one JSON line per request,
 * naming it by an id the client also gets, and nothing a log must not hold.
 */

const lines: string[] = [];
const app = express();
app.use(requestLog(createLogger("info", { write: (line: string) => void lines.push(line) })));
app.get("/s/:code", (_req, res) => void res.status(200).send("ok"));
app.use((_req, res) => void res.status(404).send("no"));
const server = app.listen(0, "127.0.0.1");
await new Promise((resolve) => server.once("listening", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** Waits for the line of the request whose answer carried `id`. */
async function lineOf(id: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const line = lines.find((l) => l.includes(id));
    if (line) return line;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no log line for ${id}`);
}

describe("the request log", () => {
  test("writes one JSON line per request: its id (also sent as X-Request-Id), method, path, status and duration", async () => {
    const response = await fetch(`${base}/s/TT-DD-01`);
    const id = response.headers.get("X-Request-Id")!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const line = await lineOf(id);
    expect(line.endsWith("\n")).toBe(true);
    expect(JSON.parse(line)).toMatchObject({ level: 30, msg: "request", requestId: id, method: "GET", path: "/s/TT-DD-01", status: 200 });
    expect(typeof JSON.parse(line).durationMs).toBe("number");
    expect(lines.filter((l) => l.includes(id))).toHaveLength(1);
  });

  test("never holds a ticket in the query, a credential, a cookie or a client address", async () => {
    const response = await fetch(`${base}/s/TT-DD-01?t=SECRET-TICKET&lang=en`, {
      headers: {
        Authorization: "Bearer hl_SECRET-TOKEN",
        Cookie: "hl_session=SECRET-COOKIE",
        "X-Forwarded-For": "198.51.100.77",
      },
    });
    const line = await lineOf(response.headers.get("X-Request-Id")!);
    expect(JSON.parse(line)).toMatchObject({ path: "/s/TT-DD-01", status: 200 });
    for (const secret of ["SECRET", "198.51.100.77", "127.0.0.1", "Bearer", "lang=en", "?"]) expect(line).not.toContain(secret);
  });

  test("gives every request its own id, and logs a refusal's status too", async () => {
    const [a, b] = await Promise.all([fetch(`${base}/nowhere`), fetch(`${base}/nowhere`)]);
    const ids = [a.headers.get("X-Request-Id")!, b.headers.get("X-Request-Id")!];
    expect(new Set(ids).size).toBe(2);
    expect(JSON.parse(await lineOf(ids[0]!))).toMatchObject({ path: "/nowhere", status: 404 });
  });

  test("keeps a path's length in bounds and marks an answer the client did not wait for", () => {
    const line = requestLogLine({ method: "GET", originalUrl: `/${"a".repeat(5000)}?t=x` }, { requestId: "r", status: 200, durationMs: 1.234, finished: false });
    expect(line.path.length).toBeLessThanOrEqual(256);
    expect(line).toMatchObject({ durationMs: 1.2, aborted: true });
  });
});
