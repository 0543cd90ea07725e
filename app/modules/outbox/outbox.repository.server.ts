import { sql, type Selectable } from "kysely";
import type { DB } from "#db/client";
import type { OutboxMessageTable } from "#db/schema";
import { OUTBOX_MAX_ATTEMPTS, type OutboxChannel, type OutboxMessage, type OutboxStatus } from "~/domain/outbox";
import type { StoredOutboxMessage } from "./types";

/**
 * Writes messages to the outbox inside the caller's transaction, so a message
 * exists exactly when the change it tells of was committed. A message whose
 * idempotency key is already stored is left as it is (a retried or raced
 * change tells once). Returns how many were new.
 */
export async function enqueueMessages(trx: DB, messages: readonly OutboxMessage[], now: Date): Promise<number> {
  if (messages.length === 0) return 0;
  const at = now.toISOString();
  const inserted = await trx
    .insertInto("outbox_messages")
    .values(
      messages.map((m) => ({
        idempotency_key: m.idempotencyKey,
        channel: m.channel,
        kind: m.kind,
        recipient: m.recipient,
        subject: m.subject,
        body: m.body,
        next_attempt_at: at,
        subject_type: m.about?.type ?? null,
        subject_id: m.about?.id ?? null,
        created_at: at,
        updated_at: at,
      })),
    )
    .onConflict((oc) => oc.column("idempotency_key").doNothing())
    .returning("id")
    .execute();
  return inserted.length;
}

function outboxRowToMessage(row: Selectable<OutboxMessageTable>): StoredOutboxMessage {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    channel: row.channel,
    kind: row.kind,
    recipient: row.recipient,
    subject: row.subject,
    body: row.body,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    claimedBy: row.claimed_by,
    lastError: row.last_error,
    sentAt: row.sent_at,
    about: row.subject_type !== null && row.subject_id !== null ? { type: row.subject_type, id: Number(row.subject_id) } : null,
    createdAt: row.created_at,
  };
}

/**
 * Claims whose lease ran out (the worker holding them stopped mid-send) go
 * back to `pending`, due at once, or to `failed` when that was their last
 * attempt. Every channel's, so a message is never stuck in `sending` behind
 * a provider this process does not have.
 */
export async function releaseExpiredClaims(db: DB, now: Date): Promise<{ released: number; failed: number }> {
  const at = now.toISOString();
  const expired = db
    .updateTable("outbox_messages")
    .where("status", "=", "sending")
    .where("next_attempt_at", "<=", at);
  const failed = await expired
    .set({ status: "failed", claimed_by: null, last_error: "the worker stopped during the last attempt", updated_at: at })
    .where("attempts", ">=", OUTBOX_MAX_ATTEMPTS)
    .executeTakeFirst();
  const released = await expired
    .set({ status: "pending", claimed_by: null, updated_at: at })
    .where("attempts", "<", OUTBOX_MAX_ATTEMPTS)
    .executeTakeFirst();
  return { released: Number(released.numUpdatedRows), failed: Number(failed.numUpdatedRows) };
}

/**
 * Claims up to `limit` due messages of the given channels for one worker, in
 * one conditional update: the row must still be `pending` and due when the
 * update reaches it, so of two workers racing for a row exactly one gets it
 * (PostgreSQL re-checks the condition on the row the other committed; SQLite
 * runs one writer at a time). The claim counts as an attempt and holds the
 * row until `leaseUntil`.
 */
export async function claimDueMessages(
  db: DB,
  { workerId, channels, now, leaseUntil, limit }: { workerId: string; channels: readonly OutboxChannel[]; now: Date; leaseUntil: Date; limit: number },
): Promise<StoredOutboxMessage[]> {
  if (channels.length === 0) return [];
  const at = now.toISOString();
  const due = db
    .selectFrom("outbox_messages")
    .select("id")
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", at)
    .where("channel", "in", channels)
    .orderBy("next_attempt_at")
    .orderBy("id")
    .limit(limit);
  const rows = await db
    .updateTable("outbox_messages")
    .set((eb) => ({
      status: "sending",
      claimed_by: workerId,
      attempts: eb("attempts", "+", 1),
      next_attempt_at: leaseUntil.toISOString(),
      updated_at: at,
    }))
    .where("id", "in", due)
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", at)
    .returningAll()
    .execute();
  return rows.map(outboxRowToMessage).sort((a, b) => a.id - b.id);
}

/** Only the worker that still holds the claim records its outcome; false when the claim was lost. */
export async function recordDelivered(db: DB, { id, workerId, now }: { id: number; workerId: string; now: Date }): Promise<boolean> {
  const at = now.toISOString();
  const result = await db
    .updateTable("outbox_messages")
    .set({ status: "sent", sent_at: at, claimed_by: null, updated_at: at })
    .where("id", "=", id)
    .where("status", "=", "sending")
    .where("claimed_by", "=", workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function recordFailedAttempt(
  db: DB,
  { id, workerId, now, status, nextAttemptAt, error }: { id: number; workerId: string; now: Date; status: "pending" | "failed"; nextAttemptAt: Date; error: string },
): Promise<boolean> {
  const at = now.toISOString();
  const result = await db
    .updateTable("outbox_messages")
    .set({ status, next_attempt_at: nextAttemptAt.toISOString(), claimed_by: null, last_error: error, updated_at: at })
    .where("id", "=", id)
    .where("status", "=", "sending")
    .where("claimed_by", "=", workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countMessages(db: DB): Promise<Array<{ status: OutboxStatus; channel: OutboxChannel; n: number }>> {
  const rows = await db
    .selectFrom("outbox_messages")
    .select((eb) => ["status", "channel", eb.fn.countAll<number>().as("n")])
    .groupBy(["status", "channel"])
    .execute();
  return rows.map((r) => ({ status: r.status, channel: r.channel, n: Number(r.n) }));
}

/** Failed first, then pending, sending and sent; newest first within each. */
export async function listMessages(db: DB, { limit, offset }: { limit: number; offset: number }): Promise<StoredOutboxMessage[]> {
  const rows = await db
    .selectFrom("outbox_messages")
    .selectAll()
    .orderBy(sql`case status when 'failed' then 0 when 'pending' then 1 when 'sending' then 2 else 3 end`)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map(outboxRowToMessage);
}

export async function findMessage(db: DB, id: number): Promise<StoredOutboxMessage | undefined> {
  const row = await db.selectFrom("outbox_messages").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? outboxRowToMessage(row) : undefined;
}

/** A failed message starts over: pending, due now, its attempts from zero (its last error kept until the next). */
export async function requeueFailedMessage(db: DB, id: number, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const result = await db
    .updateTable("outbox_messages")
    .set({ status: "pending", attempts: 0, next_attempt_at: at, claimed_by: null, updated_at: at })
    .where("id", "=", id)
    .where("status", "=", "failed")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
