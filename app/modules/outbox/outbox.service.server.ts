import crypto from "node:crypto";
import os from "node:os";
import type { DB } from "#db/client";
import { env } from "~/env.server";
import { afterFailedAttempt, conciseError, maskRecipient, OUTBOX_CHANNELS, OUTBOX_STATUSES, type OutboxChannel, type OutboxMessage, type OutboxStatus } from "~/domain/outbox";
import { problem, refused, succeeded, type Outcome } from "~/domain/problem";
import { recordAudit } from "../audit/audit.repository.server";
import type { Actor } from "../audit/types";
import { inTransaction } from "../shared/transaction.server";
import {
  claimDueMessages,
  countMessages,
  enqueueMessages,
  findMessage,
  listMessages,
  recordDelivered,
  recordFailedAttempt,
  releaseExpiredClaims,
  requeueFailedMessage,
} from "./outbox.repository.server";
import type { DeliveryPass, OutboxOverview, StoredOutboxMessage, Transports } from "./types";

/**
 * The seam other modules tell citizens through: call it with the transaction
 * that makes the change (an apology sent, a case answered), never after it.
 */
export function enqueue(trx: DB, messages: readonly OutboxMessage[], now: Date = new Date()): Promise<number> {
  return enqueueMessages(trx, messages, now);
}

/** Who holds a claim: this host and process, and a random part in case a pid is reused. */
export function newWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
}

/** Messages claimed per pass; they are sent side by side, so a pass lasts about one provider timeout at worst. */
export const OUTBOX_BATCH_SIZE = 10;
/** How long a claim holds a message: well past the providers' timeouts, so only a worker that stopped loses one. */
export const OUTBOX_LEASE_MS = 5 * 60 * 1000;

/**
 * One pass of a worker: returns expired claims, claims what is due on the
 * channels it has a provider for, hands each to its provider and records
 * the outcome — sent, another attempt after its backoff, or failed.
 */
export async function deliverDueMessages(
  db: DB,
  transports: Transports,
  { workerId, now, batchSize = OUTBOX_BATCH_SIZE, leaseMs = OUTBOX_LEASE_MS }: { workerId: string; now: () => Date; batchSize?: number; leaseMs?: number },
): Promise<DeliveryPass> {
  const pass: DeliveryPass = { claimed: 0, sent: 0, retrying: 0, failed: 0, lost: 0, errors: [] };
  const started = now();
  const released = await releaseExpiredClaims(db, started);
  pass.failed += released.failed;
  const channels = OUTBOX_CHANNELS.filter((c) => transports[c] !== undefined);
  const claimed = await claimDueMessages(db, { workerId, channels, now: started, leaseUntil: new Date(started.getTime() + leaseMs), limit: batchSize });
  pass.claimed = claimed.length;
  await Promise.all(claimed.map((message) => deliverOne(db, transports, workerId, now, message, pass)));
  return pass;
}

async function deliverOne(db: DB, transports: Transports, workerId: string, now: () => Date, message: StoredOutboxMessage, pass: DeliveryPass): Promise<void> {
  const deliver = transports[message.channel]!;
  const result = await deliver(message).catch((error: unknown) => ({ ok: false as const, permanent: false, error: conciseError(String(error)) }));
  const at = now();
  if (result.ok) {
    if (await recordDelivered(db, { id: message.id, workerId, now: at })) pass.sent += 1;
    else pass.lost += 1;
    return;
  }
  const next = afterFailedAttempt(message.attempts, at, result.permanent);
  const kept = await recordFailedAttempt(db, {
    id: message.id,
    workerId,
    now: at,
    status: next.status,
    nextAttemptAt: next.status === "pending" ? next.nextAttemptAt : at,
    error: result.error,
  });
  pass.errors.push({ id: message.id, channel: message.channel, error: result.error });
  if (!kept) pass.lost += 1;
  else if (next.status === "failed") pass.failed += 1;
  else pass.retrying += 1;
}

/**
 * Which channels this process has a provider for (SMTP_URL, SMS_WEBHOOK_URL),
 * for telling an administrator why messages wait. A separate worker reads its
 * own settings; a deployment gives both the same.
 */
export function configuredChannels(settings: { smtpUrl: string | null; smsWebhookUrl: string | null } = env()): Record<OutboxChannel, boolean> {
  return { email: settings.smtpUrl !== null, sms: settings.smsWebhookUrl !== null };
}

export const OUTBOX_PAGE_SIZE = 50;

/** /admin/outbox: counts by status, pending per channel, and one page of messages (failed and pending first, newest first). */
export async function outboxOverview(db: DB, page: number): Promise<OutboxOverview> {
  const [counted, stored] = await Promise.all([countMessages(db), listMessages(db, { limit: OUTBOX_PAGE_SIZE, offset: (page - 1) * OUTBOX_PAGE_SIZE })]);
  const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
  const pendingByChannel = Object.fromEntries(OUTBOX_CHANNELS.map((c) => [c, 0])) as Record<OutboxChannel, number>;
  for (const { status, channel, n } of counted) {
    counts[status] += n;
    if (status === "pending") pendingByChannel[channel] += n;
  }
  return {
    counts,
    pendingByChannel,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    messages: stored.map((m) => ({
      id: m.id,
      kind: m.kind,
      channel: m.channel,
      recipient: maskRecipient(m.channel, m.recipient),
      status: m.status,
      attempts: m.attempts,
      // While `sending`, the column holds the claim's end, not an attempt.
      nextAttemptAt: m.status === "pending" ? m.nextAttemptAt : null,
      lastError: m.lastError,
      about: m.about,
      createdAt: m.createdAt,
      sentAt: m.sentAt,
    })),
  };
}

/**
 * An administrator starts a failed message over ("retry now"): pending, due
 * at once, with its full number of attempts; recorded in the audit log with
 * the recipient masked. A message that is not failed (already retried, sent)
 * is a 409.
 */
export function retryFailedMessage(db: DB, actor: Actor, id: number, now = new Date()): Promise<Outcome> {
  return inTransaction(db, async (trx) => {
    const message = await findMessage(trx, id);
    if (!message) return refused(problem("notFound", "no message has that id"));
    if (!(await requeueFailedMessage(trx, id, now))) return refused(problem("conflict", "only a failed message can be retried"));
    await recordAudit(
      trx,
      actor,
      {
        action: "retry",
        entityType: "outbox_message",
        entityId: id,
        label: `${message.kind} · ${maskRecipient(message.channel, message.recipient)}`,
        before: { status: "failed", attempts: message.attempts },
        after: { status: "pending", attempts: 0 },
      },
      now,
    );
    return succeeded(null);
  });
}
