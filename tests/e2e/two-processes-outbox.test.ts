import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { isPostgresUrl, sqlitePathFromUrl } from "#db/client";
import type { OutboxMessage } from "~/domain/outbox";
import { enqueue } from "~/modules/outbox/outbox.service.server";
import { messageIdFor, smsWebhookKey } from "~/modules/outbox/transports.server";
import { signatureVerifies, startSmsProvider, startSmtpServer, type LocalSmsProvider, type LocalSmtp } from "../setup/local-providers";
import { useFreshDatabase } from "../setup/test-database";

/*
 * Two `npm run worker` processes on one database (a SQLite file on the e2e
 * project, PostgreSQL on e2e-pg), one SMTP server and one SMS provider on
 * 127.0.0.1: every message arrives exactly once, and SIGTERM stops both.
 */

const { db, url } = useFreshDatabase();
const engine = isPostgresUrl(url) ? "PostgreSQL" : "SQLite";
const SECRET = "two-workers-share-this-secret-of-32-chars";
const FROM = "Hài Lòng <no-reply@hailong.nghean.gov.vn>";
const EACH = 30;

type Worker = { output: () => string; exited: Promise<number | null>; stop: () => void };

function startWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, NODE_ENV: "test", DATABASE_URL: url, SESSION_SECRET: SECRET, SMTP_FROM: FROM, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { output: () => output, exited, stop: () => void child.kill("SIGTERM") };
}

let smtp: LocalSmtp;
let sms: LocalSmsProvider;
let workers: Worker[] = [];
const messages: OutboxMessage[] = [
  ...Array.from({ length: EACH }, (_, i) => ({
    channel: "email" as const,
    kind: "apology_sent",
    recipient: `cong.dan${i}@example.vn`,
    subject: `Thư xin lỗi về hồ sơ số ${i}`,
    body: `Kính gửi ông/bà, hồ sơ số ${i} đã trễ hẹn. Chúng tôi thành thật xin lỗi.`,
    idempotencyKey: `apology:${i}:email`,
    about: { type: "apology" as const, id: i },
  })),
  ...Array.from({ length: EACH }, (_, i) => ({
    channel: "sms" as const,
    kind: "case_answered",
    recipient: `09${String(10_000_000 + i)}`,
    subject: null,
    body: `Ý kiến số ${i} của ông/bà đã được trả lời.`,
    idempotencyKey: `case:${i}:sms`,
    about: { type: "case" as const, id: i },
  })),
];

beforeAll(async () => {
  smtp = await startSmtpServer();
  sms = await startSmsProvider([200]);
  await db.transaction().execute((trx) => enqueue(trx, messages));
  const env = { SMTP_URL: smtp.url, SMS_WEBHOOK_URL: sms.url };
  workers = [startWorker(env), startWorker(env)];
});

afterAll(async () => {
  for (const w of workers) w.stop();
  await Promise.all(workers.map((w) => w.exited));
  await Promise.all([smtp?.close(), sms?.close()]);
  for (const w of workers) if (/\w*Error\b|"level":[56]0/.test(w.output())) console.log(`worker log:\n${w.output()}`);
  // useFreshDatabase drops a PostgreSQL database itself; a SQLite file is ours to remove.
  if (!isPostgresUrl(url)) {
    await db.destroy();
    fs.rmSync(path.dirname(sqlitePathFromUrl(url)), { recursive: true, force: true });
  }
});

async function sentCount(): Promise<number> {
  const row = await db.selectFrom("outbox_messages").select((eb) => eb.fn.countAll<number>().as("n")).where("status", "=", "sent").executeTakeFirstOrThrow();
  return Number(row.n);
}

describe(`two worker processes on one ${engine} database`, () => {
  test("deliver every e-mail and SMS exactly once, signed, and stop on SIGTERM", async () => {
    for (let i = 0; i < 600 && (await sentCount()) < messages.length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await sentCount()).toBe(messages.length);

    const messageIds = smtp.received.map((m) => m.headers["message-id"]).sort();
    expect(messageIds).toEqual(messages.filter((m) => m.channel === "email").map((m) => messageIdFor(m.idempotencyKey, FROM)).sort());
    const keys = sms.requests.map((r) => (r.json as { idempotencyKey: string }).idempotencyKey).sort();
    expect(keys).toEqual(messages.filter((m) => m.channel === "sms").map((m) => m.idempotencyKey).sort());
    const key = smsWebhookKey(SECRET);
    expect(sms.requests.every((r) => signatureVerifies(key, r.body, r.signature))).toBe(true);
    expect(smtp.received.find((m) => m.subject === "Thư xin lỗi về hồ sơ số 7")?.text).toBe("Kính gửi ông/bà, hồ sơ số 7 đã trễ hẹn. Chúng tôi thành thật xin lỗi.");

    const attempts = await db.selectFrom("outbox_messages").select("attempts").distinct().execute();
    expect(attempts).toEqual([{ attempts: 1 }]);

    for (const w of workers) w.stop();
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);
    const logs = workers.map((w) => w.output()).join("\n");
    // Between them the two claimed each message once.
    const claimed = logs.split("\n").filter((l) => l.includes('"msg":"outbox pass"')).map((l) => (JSON.parse(l) as { claimed: number }).claimed);
    expect(claimed.reduce((a, b) => a + b, 0)).toBe(messages.length);
    expect(logs).toContain('"msg":"stopped"');
    // The logs name no recipient.
    expect(logs).not.toMatch(/cong\.dan\d|0910000/);
  });
});
