import { afterAll, describe, expect, test } from "vitest";
import { parseDossierPost } from "~/domain/dossiers";
import { createLogger } from "~/http/request-log.server";
import { recordDossier } from "~/modules/dossiers/dossiers.service.server";
import { enqueue } from "~/modules/outbox/outbox.service.server";
import { startScheduledJobs, type JobSettings } from "../../scripts/jobs";
import { startSmtpServer } from "../setup/local-providers";
import { useFreshDatabase } from "../setup/test-database";

/*
 * The scheduled jobs as `npm start` and `npm run worker` run them
 * (scripts/jobs.ts), with an injected clock, on the engine of the project.
 */

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const DAY = 24 * 60 * 60 * 1000;
/** The jobs' clock: years after the real one, so only the injected clock can make this dossier late. */
const CLOCK = new Date("2031-03-01T02:00:00.000Z");

async function waitFor(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("the condition never held");
}

function capturedLogger() {
  const lines: string[] = [];
  return { lines, logger: createLogger("info", { write: (line: string) => void lines.push(line) }) };
}

describe("the scheduled jobs", () => {
  test("run the overdue check by the injected clock before they resolve, then deliver the outbox every poll; stop() ends them", async () => {
    const received = new Date(CLOCK.getTime() - 10 * DAY).toISOString();
    const parsed = parseDossierPost({ code: "JOBS-1", servicePoint: "TT-DD-01", sector: "land", receivedAt: received, dueAt: new Date(CLOCK.getTime() - DAY).toISOString() }, CLOCK);
    if (!parsed.ok) throw new Error(parsed.message);
    const stored = await recordDossier(db, { userId: null, name: "test" }, { sectorIds: null }, parsed.value, { now: new Date(CLOCK.getTime() - 5 * DAY), apologyDueHours: 24 });
    expect(stored.ok).toBe(true);

    const smtp = await startSmtpServer();
    const { lines, logger } = capturedLogger();
    const settings: JobSettings = {
      hashRetentionDays: 30,
      contactRetentionDays: 90,
      apologyDueHours: 24,
      smtpUrl: smtp.url,
      smtpFrom: "Hài Lòng <no-reply@hailong.local>",
      smsWebhookUrl: null,
      sessionSecret: "scheduled-jobs-test-secret-of-32-characters",
      publishAfterDays: 5,
    };
    const jobs = await startScheduledJobs({ db, settings, logger, now: () => CLOCK, outboxPollMs: 20 });
    try {
      const dossier = await db.selectFrom("dossiers").select("late_at").where("code", "=", "JOBS-1").executeTakeFirstOrThrow();
      expect(dossier.late_at).not.toBeNull();

      await db.transaction().execute((trx) =>
        enqueue(trx, [{ channel: "email", kind: "apology_sent", recipient: "tran.van.binh@example.vn", subject: "Thư xin lỗi", body: "Xin lỗi ông.", idempotencyKey: "jobs:1", about: null }], CLOCK),
      );
      await waitFor(() => smtp.received.length === 1);
      await waitFor(async () => (await db.selectFrom("outbox_messages").select("status").where("idempotency_key", "=", "jobs:1").executeTakeFirstOrThrow()).status === "sent");
      const sent = await db.selectFrom("outbox_messages").select("sent_at").where("idempotency_key", "=", "jobs:1").executeTakeFirstOrThrow();
      expect(sent.sent_at).toBe(CLOCK.toISOString());
    } finally {
      await jobs.stop();
    }

    // Stopped: a message enqueued now waits for the next worker.
    await db.transaction().execute((trx) =>
      enqueue(trx, [{ channel: "email", kind: "apology_sent", recipient: "le.thi.cuc@example.vn", subject: "Thư xin lỗi", body: "Xin lỗi bà.", idempotencyKey: "jobs:2", about: null }], CLOCK),
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.received).toHaveLength(1);
    expect((await db.selectFrom("outbox_messages").select("status").where("idempotency_key", "=", "jobs:2").executeTakeFirstOrThrow()).status).toBe("pending");
    await smtp.close();

    const logged = lines.join("");
    expect(logged).toContain('"msg":"marked overdue dossiers late"');
    expect(logged).toContain('"msg":"outbox worker started"');
    expect(logged).toMatch(/"sent":1.*"msg":"outbox pass"/);
    // Logs never carry a recipient.
    expect(logged).not.toMatch(/tran\.van\.binh|le\.thi\.cuc/);
  });
});
