import type { OutboxChannel, OutboxStatus } from "~/domain/outbox";

/** A stored message as the worker and the admin page read it (rows are mapped once, in the repository). */
export type StoredOutboxMessage = {
  id: number;
  idempotencyKey: string;
  channel: OutboxChannel;
  kind: string;
  recipient: string;
  subject: string | null;
  body: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  claimedBy: string | null;
  lastError: string | null;
  sentAt: string | null;
  about: { type: string; id: number } | null;
  createdAt: string;
};

/** What a provider was handed: the message, with the key it drops a repeat by. */
export type Deliverable = Pick<StoredOutboxMessage, "id" | "channel" | "recipient" | "subject" | "body" | "idempotencyKey">;

/**
 * A provider's answer. `permanent`: it will never take this message (an
 * address it rejects), so retrying only annoys it. `error` is already short
 * and free of addresses (conciseError).
 */
export type DeliveryResult = { ok: true } | { ok: false; permanent: boolean; error: string };

export type Deliver = (message: Deliverable) => Promise<DeliveryResult>;

/** The channels this process can deliver; a channel left out keeps its messages pending, untouched. */
export type Transports = Partial<Record<OutboxChannel, Deliver>>;

/**
 * One pass of the worker: how many it claimed and what became of them
 * (`lost`: the claim had expired and gone to another worker before the
 * outcome was recorded), and each failed attempt's short error, for the log.
 */
export type DeliveryPass = {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
  lost: number;
  errors: Array<{ id: number; channel: OutboxChannel; error: string }>;
};

/** A message as /admin/outbox lists it: the recipient masked, never whole. */
export type OutboxMessageView = {
  id: number;
  kind: string;
  channel: OutboxChannel;
  recipient: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  about: { type: string; id: number } | null;
  createdAt: string;
  sentAt: string | null;
};

export type OutboxOverview = {
  counts: Record<OutboxStatus, number>;
  /** Pending messages per channel, for saying which wait for a provider that is not set up. */
  pendingByChannel: Record<OutboxChannel, number>;
  messages: OutboxMessageView[];
  total: number;
};
