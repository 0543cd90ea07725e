/**
 * The outbox's vocabulary (docs/decisions/019-outbox.md): messages to
 * citizens written in the transaction of the change they tell of, delivered
 * later, at most once each.
 */
export const OUTBOX_CHANNELS = ["email", "sms"] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];

/** `pending` → `sending` (claimed by one worker) → `sent`; `failed` after the last attempt. */
export const OUTBOX_STATUSES = ["pending", "sending", "sent", "failed"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** A message as a feature module hands it to the outbox. */
export type OutboxMessage = {
  channel: OutboxChannel;
  /** What it tells of: `apology_sent`, `case_answered`… */
  kind: string;
  /** An e-mail address, or a Vietnamese phone number as stored (`0…`). */
  recipient: string;
  /** E-mail only. */
  subject: string | null;
  /** Plain text; SMS bodies are kept short by their writers. */
  body: string;
  /**
   * Stable for the change it tells of (`apology:42:email`): a change retried
   * or raced enqueues one message, and the provider drops a repeated delivery.
   */
  idempotencyKey: string;
  /** What it is about, shown at /admin/outbox. */
  about: { type: "apology" | "case"; id: number } | null;
};
