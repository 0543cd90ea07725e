import { afterAll, beforeEach, describe, expect, test } from "vitest";
import { sql } from "kysely";
import { openDatabase } from "#db/client";
import { isPostgres } from "#db/dialect";
import { OUTBOX_MAX_ATTEMPTS, type OutboxMessage } from "~/domain/outbox";
import type { Actor } from "~/modules/audit/types";
import { deliverDueMessages, enqueue, OUTBOX_LEASE_MS, outboxOverview, retryFailedMessage } from "~/modules/outbox/outbox.service.server";
import type { Deliver, Deliverable, DeliveryResult } from "~/modules/outbox/types";
import { useFreshDatabase } from "../setup/test-database";

/* The outbox and its worker on the engine of the project (integration: SQLite; integration-pg: PostgreSQL). */

const { db, url } = useFreshDatabase();
afterAll(() => db.destroy());

const MINUTE = 60 * 1000;
const T0 = new Date("2026-12-02T03:00:00.000Z");
const after = (ms: number) => new Date(T0.getTime() + ms);
const ADMIN: Actor = { userId: null, name: "test admin" };

let serial = 0;
function message(overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  const n = ++serial;
  return {
    channel: "email",
    kind: "case_answered",
    recipient: `citizen${n}@example.vn`,
    subject: "Phản hồi của ông/bà đã được trả lời",
    body: "Cơ quan đã trả lời ý kiến của ông/bà.",
    idempotencyKey: `case:${n}:email`,
    about: { type: "case", id: n },
    ...overrides,
  };
}

async function enqueued(messages: OutboxMessage[], now = T0): Promise<void> {
  await db.transaction().execute((trx) => enqueue(trx, messages, now));
}

const row = (key: string) => db.selectFrom("outbox_messages").selectAll().where("idempotency_key", "=", key).executeTakeFirstOrThrow();

/** A provider that takes everything and remembers what it was handed. */
function acceptingProvider(): { deliver: Deliver; handed: Deliverable[] } {
  const handed: Deliverable[] = [];
  return {
    handed,
    deliver: async (m) => {
      handed.push(m);
      // Let the other worker's queries run in between, as a network round trip would.
      await new Promise((resolve) => setImmediate(resolve));
      return { ok: true };
    },
  };
}

const refusing =
  (result: DeliveryResult): Deliver =>
  async () =>
    result;

const pass = (transports: Parameters<typeof deliverDueMessages>[1], now: Date, workerId = "worker-a", database = db) =>
  deliverDueMessages(database, transports, { workerId, now: () => now });

beforeEach(async () => {
  // Each test starts with an empty outbox: a pass only ever sees its own test's messages.
  await db.deleteFrom("outbox_messages").execute();
});

describe("enqueueing", () => {
  test("a message is written with the change's transaction, and not at all when it rolls back", async () => {
    const kept = message();
    const dropped = message();
    await enqueued([kept]);
    await db
      .transaction()
      .execute(async (trx) => {
        await enqueue(trx, [dropped], T0);
        throw new Error("the change failed");
      })
      .catch(() => {});
    expect(await row(kept.idempotencyKey)).toMatchObject({ status: "pending", attempts: 0, next_attempt_at: T0.toISOString(), subject_type: "case" });
    expect(await db.selectFrom("outbox_messages").select("id").where("idempotency_key", "=", dropped.idempotencyKey).executeTakeFirst()).toBeUndefined();
  });

  test("the same idempotency key twice, even from two connections at once, stores one message", async () => {
    const first = message();
    const again = { ...first, body: "another wording" };
    const other = openDatabase(url);
    try {
      // Outside a transaction: two SQLite connections of one process cannot both hold one open (the second would wait out busy_timeout).
      const counts = await Promise.all([enqueue(db, [first], T0), enqueue(other, [again], T0)]);
      expect(counts.sort()).toEqual([0, 1]);
      expect(await db.transaction().execute((trx) => enqueue(trx, [first], after(MINUTE)))).toBe(0);
    } finally {
      await other.destroy();
    }
    const rows = await db.selectFrom("outbox_messages").select("id").where("idempotency_key", "=", first.idempotencyKey).execute();
    expect(rows).toHaveLength(1);
  });
});

describe("delivering", () => {
  test("a due message is handed to its channel's provider once, with its idempotency key, and marked sent", async () => {
    const m = message();
    await enqueued([m]);
    const provider = acceptingProvider();
    expect(await pass({ email: provider.deliver }, after(1000))).toMatchObject({ claimed: 1, sent: 1, retrying: 0, failed: 0, lost: 0 });
    expect(provider.handed).toEqual([expect.objectContaining({ recipient: m.recipient, subject: m.subject, body: m.body, idempotencyKey: m.idempotencyKey })]);
    expect(await row(m.idempotencyKey)).toMatchObject({ status: "sent", attempts: 1, sent_at: after(1000).toISOString(), claimed_by: null });
    expect(await pass({ email: provider.deliver }, after(MINUTE))).toMatchObject({ claimed: 0 });
    expect(provider.handed).toHaveLength(1);
  });

  test("a message enqueued for later is not due before then", async () => {
    const m = message();
    await enqueued([m], after(10 * MINUTE));
    expect(await pass({ email: acceptingProvider().deliver }, after(MINUTE))).toMatchObject({ claimed: 0 });
    expect(await pass({ email: acceptingProvider().deliver }, after(10 * MINUTE))).toMatchObject({ sent: 1 });
  });

  test("without a provider for its channel a message stays pending, its attempts untouched, while the other channel is delivered", async () => {
    const sms = message({ channel: "sms", recipient: "0912345678", subject: null, idempotencyKey: "case:sms-waits:sms" });
    const email = message();
    await enqueued([sms, email]);
    const before = await row(sms.idempotencyKey);
    for (const minutes of [1, 60, 600]) await pass({ email: acceptingProvider().deliver }, after(minutes * MINUTE));
    expect(await row(sms.idempotencyKey)).toEqual(before);
    expect(await row(email.idempotencyKey)).toMatchObject({ status: "sent" });
    // No provider at all: nothing is claimed.
    expect(await pass({}, after(700 * MINUTE))).toMatchObject({ claimed: 0 });
  });

  test("a failed attempt is tried again after 1, 2, 4… minutes, its error kept, and after the eighth the message is failed", async () => {
    const m = message();
    await enqueued([m]);
    const provider = refusing({ ok: false, permanent: false, error: "ECONNECTION: connect ECONNREFUSED 127.0.0.1:2525" });
    let now = T0;
    const waits: number[] = [];
    for (let attempt = 1; attempt <= OUTBOX_MAX_ATTEMPTS; attempt++) {
      // A moment before it is due, nothing happens.
      if (attempt > 1) expect(await pass({ email: provider }, new Date(now.getTime() - 1000))).toMatchObject({ claimed: 0 });
      const outcome = await pass({ email: provider }, now);
      expect(outcome).toMatchObject({ claimed: 1, sent: 0, ...(attempt < OUTBOX_MAX_ATTEMPTS ? { retrying: 1 } : { failed: 1 }) });
      const stored = await row(m.idempotencyKey);
      expect(stored.attempts).toBe(attempt);
      expect(stored.last_error).toBe("ECONNECTION: connect ECONNREFUSED 127.0.0.1:2525");
      if (attempt < OUTBOX_MAX_ATTEMPTS) {
        expect(stored.status).toBe("pending");
        const next = new Date(stored.next_attempt_at);
        waits.push((next.getTime() - now.getTime()) / MINUTE);
        now = next;
      } else {
        expect(stored.status).toBe("failed");
      }
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60]);
    expect(await pass({ email: provider }, after(24 * 60 * MINUTE))).toMatchObject({ claimed: 0 });
  });

  test("a permanent refusal fails the message at its first attempt", async () => {
    const m = message();
    await enqueued([m]);
    expect(await pass({ email: refusing({ ok: false, permanent: true, error: "EENVELOPE 550: mailbox unavailable" }) }, T0)).toMatchObject({ failed: 1 });
    expect(await row(m.idempotencyKey)).toMatchObject({ status: "failed", attempts: 1, last_error: "EENVELOPE 550: mailbox unavailable" });
  });

  test("a provider that throws counts as a failed attempt, its message short and without the address", async () => {
    const m = message({ recipient: "leak.me@example.vn" });
    await enqueued([m]);
    const throwing: Deliver = async () => {
      throw new Error(`socket closed while sending to leak.me@example.vn\n${"at frame\n".repeat(100)}`);
    };
    expect(await pass({ email: throwing }, T0)).toMatchObject({ retrying: 1 });
    const stored = await row(m.idempotencyKey);
    expect(stored.last_error).not.toContain("leak.me");
    expect(stored.last_error!.length).toBeLessThanOrEqual(200);
  });
});

describe("two workers", () => {
  test("racing for the same rows on two connections, each message is claimed and handed over exactly once", async () => {
    const messages = Array.from({ length: 40 }, () => message());
    await enqueued(messages);
    const other = openDatabase(url);
    const a = acceptingProvider();
    const b = acceptingProvider();
    try {
      // Many passes of both at the same instant, each wanting every row.
      const passes = await Promise.all(
        Array.from({ length: 6 }, (_, i) => [
          deliverDueMessages(db, { email: a.deliver }, { workerId: `a-${i}`, now: () => after(1000), batchSize: 40 }),
          deliverDueMessages(other, { email: b.deliver }, { workerId: `b-${i}`, now: () => after(1000), batchSize: 40 }),
        ]).flat(),
      );
      expect(passes.reduce((n, p) => n + p.claimed, 0)).toBe(40);
      expect(passes.reduce((n, p) => n + p.sent, 0)).toBe(40);
    } finally {
      await other.destroy();
    }
    const handed = [...a.handed, ...b.handed].map((m) => m.idempotencyKey).sort();
    expect(handed).toEqual(messages.map((m) => m.idempotencyKey).sort());
    const statuses = await db.selectFrom("outbox_messages").select(["status", "attempts"]).execute();
    expect(statuses).toEqual(messages.map(() => ({ status: "sent", attempts: 1 })));
  });

  // PostgreSQL lets two claims overlap: here both are made to wait on rows a third transaction holds, so both start from the same snapshot.
  test.runIf(isPostgres(db))("on PostgreSQL, two claims that waited on the same locked rows do not both take them", async () => {
    const messages = Array.from({ length: 10 }, () => message());
    await enqueued(messages);
    const other = openDatabase(url);
    const a = acceptingProvider();
    const b = acceptingProvider();
    try {
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked: () => void = () => {};
      const rowsLocked = new Promise<void>((resolve) => (locked = resolve));
      const holder = db.transaction().execute(async (trx) => {
        await trx.updateTable("outbox_messages").set((eb) => ({ updated_at: eb.ref("updated_at") })).execute();
        locked();
        await held;
      });
      await rowsLocked;
      const racing = [
        deliverDueMessages(db, { email: a.deliver }, { workerId: "a", now: () => after(1000), batchSize: 10 }),
        deliverDueMessages(other, { email: b.deliver }, { workerId: "b", now: () => after(1000), batchSize: 10 }),
      ];
      // Until both claims are waiting for the held rows.
      for (let i = 0; i < 200; i++) {
        const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(other);
        if (waiting.rows[0]!.n >= 2) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      release();
      await holder;
      const passes = await Promise.all(racing);
      expect(passes.map((p) => p.claimed).sort()).toEqual([0, 10]);
    } finally {
      await other.destroy();
    }
    expect([...a.handed, ...b.handed]).toHaveLength(10);
  });

  test("a claim whose worker stopped mid-send is retried after its lease with the same key; the late worker's outcome is not recorded", async () => {
    const m = message();
    await enqueued([m]);
    let finishStalled: (result: DeliveryResult) => void = () => {};
    const stalled: Deliver = () => new Promise((resolve) => (finishStalled = resolve));
    const stuck = pass({ email: stalled }, T0, "worker-that-stalls");
    // Wait until it holds the claim.
    for (let i = 0; i < 100 && (await row(m.idempotencyKey)).status !== "sending"; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await row(m.idempotencyKey)).toMatchObject({ status: "sending", claimed_by: "worker-that-stalls", attempts: 1 });

    const rescuer = acceptingProvider();
    expect(await pass({ email: rescuer.deliver }, after(OUTBOX_LEASE_MS - 1000), "worker-b")).toMatchObject({ claimed: 0 });
    expect(await pass({ email: rescuer.deliver }, after(OUTBOX_LEASE_MS), "worker-b")).toMatchObject({ claimed: 1, sent: 1 });
    expect(rescuer.handed.map((d) => d.idempotencyKey)).toEqual([m.idempotencyKey]);

    finishStalled({ ok: false, permanent: false, error: "too late" });
    expect(await stuck).toMatchObject({ claimed: 1, lost: 1, retrying: 0 });
    expect(await row(m.idempotencyKey)).toMatchObject({ status: "sent", attempts: 2, last_error: null });
  });

  test("a claim that expires during the last attempt fails the message", async () => {
    const m = message();
    await enqueued([m]);
    await db.updateTable("outbox_messages").set({ status: "sending", attempts: OUTBOX_MAX_ATTEMPTS, claimed_by: "gone", next_attempt_at: T0.toISOString() }).execute();
    expect(await pass({ email: acceptingProvider().deliver }, after(1000))).toMatchObject({ claimed: 0, failed: 1 });
    expect(await row(m.idempotencyKey)).toMatchObject({ status: "failed", claimed_by: null, last_error: "the worker stopped during the last attempt" });
  });
});

describe("what an administrator sees and does", () => {
  test("counts by status, failed and pending first and newest first, recipients masked", async () => {
    const old = message({ recipient: "an.nguyen@nghean.gov.vn" });
    const failing = message({ channel: "sms", recipient: "0912345678", subject: null });
    const sent = message();
    await enqueued([old], T0);
    await enqueued([failing], after(MINUTE));
    await enqueued([sent], after(2 * MINUTE));
    await pass({ email: acceptingProvider().deliver }, after(2 * MINUTE)); // sends old and sent
    await enqueued([message({ recipient: "newest@example.vn" })], after(3 * MINUTE));
    await pass({ sms: refusing({ ok: false, permanent: true, error: "HTTP 400" }) }, after(3 * MINUTE));

    const overview = await outboxOverview(db, 1);
    expect(overview.counts).toEqual({ pending: 1, sending: 0, sent: 2, failed: 1 });
    expect(overview.pendingByChannel).toEqual({ email: 1, sms: 0 });
    expect(overview.total).toBe(4);
    expect(overview.messages.map((v) => [v.status, v.recipient])).toEqual([
      ["failed", "09•••••678"],
      ["pending", "n•••@example.vn"],
      ["sent", `c•••@example.vn`],
      ["sent", "a•••@nghean.gov.vn"],
    ]);
    expect(overview.messages[0]).toMatchObject({ kind: "case_answered", channel: "sms", attempts: 1, lastError: "HTTP 400", nextAttemptAt: null });
    expect(JSON.stringify(overview)).not.toMatch(/0912345678|an\.nguyen|newest@/);
  });

  test("'retry now' starts a failed message over, in the audit log; a message that is not failed is refused", async () => {
    const m = message({ recipient: "retry.me@example.vn" });
    await enqueued([m]);
    await pass({ email: refusing({ ok: false, permanent: true, error: "EENVELOPE 550" }) }, T0);
    const { id } = await row(m.idempotencyKey);

    expect(await retryFailedMessage(db, ADMIN, id, after(MINUTE))).toEqual({ ok: true, value: null });
    expect(await row(m.idempotencyKey)).toMatchObject({ status: "pending", attempts: 0, next_attempt_at: after(MINUTE).toISOString() });
    const audit = await db.selectFrom("audit_log").selectAll().where("entity_type", "=", "outbox_message").where("entity_id", "=", id).execute();
    expect(audit).toEqual([expect.objectContaining({ action: "retry", actor_name: "test admin", entity_label: "case_answered · r•••@example.vn" })]);
    expect(JSON.stringify(audit)).not.toContain("retry.me@");

    const again = await retryFailedMessage(db, ADMIN, id, after(MINUTE));
    expect(again).toMatchObject({ ok: false, problem: { kind: "conflict", status: 409 } });
    expect(await retryFailedMessage(db, ADMIN, 987654, after(MINUTE))).toMatchObject({ ok: false, problem: { kind: "notFound" } });

    expect(await pass({ email: acceptingProvider().deliver }, after(MINUTE))).toMatchObject({ sent: 1 });
    expect(await row(m.idempotencyKey)).toMatchObject({ status: "sent", attempts: 1 });
  });
});
