import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { OutboxMessage } from "~/domain/outbox";
import { deliverDueMessages, enqueue, OUTBOX_LEASE_MS } from "~/modules/outbox/outbox.service.server";
import { messageIdFor, smsWebhookKey, smsWebhookTransport, transportsFromSettings } from "~/modules/outbox/transports.server";
import type { Deliver, Transports } from "~/modules/outbox/types";
import { signatureVerifies, startSmsProvider, startSmtpServer, type LocalSmtp } from "../setup/local-providers";
import { useFreshDatabase } from "../setup/test-database";

/*
 * Delivery through real providers on 127.0.0.1: an SMTP server (smtp-server)
 * for e-mail and an HTTP server as the SMS provider, on the engine of the
 * project. Nothing of nodemailer or fetch is mocked.
 */

const { db } = useFreshDatabase();
const SECRET = "outbox-delivery-test-secret-of-32-characters";
const FROM = "Hài Lòng Nghệ An <no-reply@hailong.nghean.gov.vn>";
const MINUTE = 60 * 1000;
const T0 = new Date("2026-12-02T03:00:00.000Z");
const after = (ms: number) => new Date(T0.getTime() + ms);

let smtp: LocalSmtp;
const closers: Array<() => void> = [];
beforeAll(async () => {
  smtp = await startSmtpServer({ rejects: (address) => address.startsWith("nobody@") });
});
afterAll(async () => {
  for (const close of closers) close();
  await smtp.close();
  await db.destroy();
});
beforeEach(async () => {
  await db.deleteFrom("outbox_messages").execute();
  smtp.received.length = 0;
});

function providers(settings: { smtpUrl?: string | null; smsWebhookUrl?: string | null }): Transports {
  const made = transportsFromSettings({ smtpUrl: settings.smtpUrl ?? null, smtpFrom: FROM, smsWebhookUrl: settings.smsWebhookUrl ?? null, sessionSecret: SECRET });
  closers.push(made.close);
  return made.transports;
}

let serial = 0;
function apologyEmail(overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  const n = ++serial;
  return {
    channel: "email",
    kind: "apology_sent",
    recipient: `nguyen.thi.hoa${n}@example.vn`,
    subject: "Thư xin lỗi về việc trễ hẹn trả kết quả hồ sơ H40.29-241203-0001",
    body: "Kính gửi bà Nguyễn Thị Hoa,\n\nTrung tâm Phục vụ hành chính công tỉnh Nghệ An xin lỗi vì hồ sơ của bà đã trễ hẹn.\nNgày hẹn trả mới: 15/12/2026.\n\nTrân trọng.",
    idempotencyKey: `apology:${n}:email`,
    about: { type: "apology", id: n },
    ...overrides,
  };
}

function caseSms(overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  const n = ++serial;
  return {
    channel: "sms",
    kind: "case_answered",
    recipient: "0912345678",
    subject: null,
    body: `Ý kiến của ông/bà (mã TC-${n}) đã được trả lời. Tra cứu tại hailong.nghean.gov.vn/tra-cuu`,
    idempotencyKey: `case:${n}:sms`,
    about: { type: "case", id: n },
    ...overrides,
  };
}

const enqueued = (m: OutboxMessage) => db.transaction().execute((trx) => enqueue(trx, [m], T0));
const row = (key: string) => db.selectFrom("outbox_messages").selectAll().where("idempotency_key", "=", key).executeTakeFirstOrThrow();
const pass = (transports: Transports, now: Date, workerId = "worker-a") => deliverDueMessages(db, transports, { workerId, now: () => now });

describe("e-mail through SMTP_URL", () => {
  test("arrives at the SMTP server with its recipient, Vietnamese subject and body intact, from SMTP_FROM, with a Message-ID from its key", async () => {
    const m = apologyEmail();
    await enqueued(m);
    expect(await pass(providers({ smtpUrl: smtp.url }), after(1000))).toMatchObject({ claimed: 1, sent: 1 });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.envelopeTo).toEqual([m.recipient]);
    expect(mail.headers.to).toContain(m.recipient);
    expect(mail.headers.from).toContain("no-reply@hailong.nghean.gov.vn");
    expect(mail.subject).toBe(m.subject);
    expect(mail.text).toBe(m.body);
    expect(mail.headers["content-type"]).toMatch(/text\/plain; charset=utf-8/i);
    expect(mail.headers["message-id"]).toBe(messageIdFor(m.idempotencyKey, FROM));
    expect(await row(m.idempotencyKey)).toMatchObject({ status: "sent", attempts: 1, last_error: null });
  });

  test("a delivery repeated after a worker stopped before recording it carries the same Message-ID, so the receiver can drop it", async () => {
    const m = apologyEmail();
    await enqueued(m);
    const smtpProvider = providers({ smtpUrl: smtp.url }).email!;
    // This worker sends, then stops before it records the outcome.
    const sendsThenStops: Deliver = async (message) => {
      await smtpProvider(message);
      return new Promise(() => {});
    };
    void pass({ email: sendsThenStops }, after(1000), "worker-that-stops");
    for (let i = 0; i < 200 && smtp.received.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(smtp.received).toHaveLength(1);

    expect(await pass({ email: smtpProvider }, after(1000 + OUTBOX_LEASE_MS), "worker-b")).toMatchObject({ claimed: 1, sent: 1 });
    expect(smtp.received.map((r) => r.headers["message-id"])).toEqual([messageIdFor(m.idempotencyKey, FROM), messageIdFor(m.idempotencyKey, FROM)]);
    expect(await row(m.idempotencyKey)).toMatchObject({ status: "sent", attempts: 2 });
  });

  test("a recipient the server rejects (550) fails at once, its error kept without the address", async () => {
    const m = apologyEmail({ recipient: "nobody@example.vn" });
    await enqueued(m);
    expect(await pass(providers({ smtpUrl: smtp.url }), T0)).toMatchObject({ failed: 1 });
    const stored = await row(m.idempotencyKey);
    expect(stored).toMatchObject({ status: "failed", attempts: 1 });
    expect(stored.last_error).toMatch(/^EENVELOPE 550: .*Recipient address rejected/);
    expect(stored.last_error).not.toContain("nobody@");
    expect(smtp.received).toHaveLength(0);
  });

  test("a wrong password, or no server listening, is tried again later: not the message's fault", async () => {
    const wrongPassword = smtp.url.replace("s3cret-pass", "wrong-pass");
    const m = apologyEmail();
    await enqueued(m);
    expect(await pass(providers({ smtpUrl: wrongPassword }), T0)).toMatchObject({ retrying: 1 });
    let stored = await row(m.idempotencyKey);
    expect(stored).toMatchObject({ status: "pending", attempts: 1, next_attempt_at: after(MINUTE).toISOString() });
    expect(stored.last_error).toMatch(/^EAUTH/);
    expect(stored.last_error).not.toMatch(/wrong-pass|s3cret/);

    const gone = await startSmtpServer();
    await gone.close();
    const closedPort = gone.url;
    expect(await pass(providers({ smtpUrl: closedPort }), after(MINUTE))).toMatchObject({ retrying: 1 });
    stored = await row(m.idempotencyKey);
    expect(stored).toMatchObject({ status: "pending", attempts: 2, next_attempt_at: after(3 * MINUTE).toISOString() });
    expect(stored.last_error).toMatch(/ECONNECTION|ECONNREFUSED/);
    expect(smtp.received).toHaveLength(0);

    expect(await pass(providers({ smtpUrl: smtp.url }), after(3 * MINUTE))).toMatchObject({ sent: 1 });
    expect(smtp.received).toHaveLength(1);
  });
});

describe("SMS through SMS_WEBHOOK_URL", () => {
  test("a 500 is tried again after a minute and the 200 that follows sends it once; both posts signed, with the same body and key", async () => {
    const provider = await startSmsProvider([500, 200]);
    try {
      const m = caseSms();
      await enqueued(m);
      const transports = providers({ smsWebhookUrl: provider.url });
      expect(await pass(transports, T0)).toMatchObject({ claimed: 1, retrying: 1 });
      expect(await row(m.idempotencyKey)).toMatchObject({ status: "pending", attempts: 1, last_error: "HTTP 500" });
      expect(await pass(transports, after(MINUTE - 1000))).toMatchObject({ claimed: 0 });
      expect(await pass(transports, after(MINUTE))).toMatchObject({ claimed: 1, sent: 1 });
      expect(await pass(transports, after(60 * MINUTE))).toMatchObject({ claimed: 0 });

      expect(provider.requests).toHaveLength(2);
      const key = smsWebhookKey(SECRET);
      for (const request of provider.requests) {
        expect(request.json).toEqual({ to: "0912345678", text: m.body, idempotencyKey: m.idempotencyKey });
        expect(request.contentType).toMatch(/^application\/json/);
        expect(signatureVerifies(key, request.body, request.signature)).toBe(true);
        // Signed with the derived key, not the session secret, and only for this exact body.
        expect(signatureVerifies(SECRET, request.body, request.signature)).toBe(false);
        expect(signatureVerifies(key, request.body.replace("0912345678", "0987654321"), request.signature)).toBe(false);
      }
      expect(provider.requests[1]!.body).toBe(provider.requests[0]!.body);
      expect(await row(m.idempotencyKey)).toMatchObject({ status: "sent", attempts: 2 });
    } finally {
      await provider.close();
    }
  });

  test("a 4xx refusal fails the message at once; 429 (too many requests) is tried again", async () => {
    const refusing = await startSmsProvider([422]);
    const busy = await startSmsProvider([429]);
    try {
      const refused = caseSms();
      await enqueued(refused);
      expect(await pass(providers({ smsWebhookUrl: refusing.url }), T0)).toMatchObject({ failed: 1 });
      expect(await row(refused.idempotencyKey)).toMatchObject({ status: "failed", last_error: "HTTP 422" });

      const later = caseSms();
      await enqueued(later);
      expect(await pass(providers({ smsWebhookUrl: busy.url }), T0)).toMatchObject({ retrying: 1 });
      expect(await row(later.idempotencyKey)).toMatchObject({ status: "pending", last_error: "HTTP 429" });
    } finally {
      await Promise.all([refusing.close(), busy.close()]);
    }
  });

  test("a provider that does not answer in time is tried again", async () => {
    const silent = http.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const m = caseSms();
      await enqueued(m);
      const { port } = silent.address() as AddressInfo;
      const transport = smsWebhookTransport(`http://127.0.0.1:${port}/sms`, smsWebhookKey(SECRET), 200);
      expect(await pass({ sms: transport.deliver }, T0)).toMatchObject({ retrying: 1 });
      expect(await row(m.idempotencyKey)).toMatchObject({ status: "pending", attempts: 1, last_error: "no answer within 200 ms" });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  test("a provider that is not listening is tried again, and e-mail is not held up by it", async () => {
    const sms = caseSms();
    const email = apologyEmail();
    await enqueued(sms);
    await enqueued(email);
    const gone = await startSmsProvider();
    await gone.close();
    expect(await pass(providers({ smtpUrl: smtp.url, smsWebhookUrl: gone.url }), T0)).toMatchObject({ claimed: 2, sent: 1, retrying: 1 });
    expect(await row(sms.idempotencyKey)).toMatchObject({ status: "pending", last_error: "ECONNREFUSED" });
    expect(smtp.received.map((r) => r.envelopeTo)).toEqual([[email.recipient]]);
  });
});
