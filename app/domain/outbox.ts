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

/** Attempts a message gets before it is `failed` (an administrator may start it over). */
export const OUTBOX_MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 60 * 1000;
const LONGEST_RETRY_MS = 60 * 60 * 1000;

/**
 * How long to wait after the `attempts`-th attempt failed: 1 min, 2, 4, 8,
 * 16, 32, then an hour at most, so eight attempts span about two hours — a
 * provider's outage of an afternoon, not a citizen's week.
 */
export function retryDelayMs(attempts: number): number {
  const doublings = Math.max(0, Math.min(attempts - 1, 30));
  return Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** doublings);
}

/** What happens to a message whose attempt failed: another attempt later, or `failed`. */
export type AfterFailure = { status: "pending"; nextAttemptAt: Date } | { status: "failed" };

/**
 * A permanent refusal (the provider said the address or number will never
 * work) fails the message at once; any other failure waits its backoff,
 * until the last attempt.
 */
export function afterFailedAttempt(attempts: number, now: Date, permanent: boolean): AfterFailure {
  if (permanent || attempts >= OUTBOX_MAX_ATTEMPTS) return { status: "failed" };
  return { status: "pending", nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) };
}

const HIDDEN = "•";

/**
 * A recipient as staff see it on /admin/outbox and as logs never show it
 * whole: `a•••@b.vn`, `09•••••678`.
 */
export function maskRecipient(channel: OutboxChannel, recipient: string): string {
  if (channel === "email") {
    const at = recipient.lastIndexOf("@");
    if (at <= 0) return HIDDEN.repeat(3);
    return `${recipient.slice(0, 1)}${HIDDEN.repeat(3)}${recipient.slice(at)}`;
  }
  if (recipient.length <= 5) return HIDDEN.repeat(recipient.length);
  return `${recipient.slice(0, 2)}${HIDDEN.repeat(recipient.length - 5)}${recipient.slice(-3)}`;
}

const LAST_ERROR_LENGTH = 200;

/**
 * A provider's error as it is kept (`last_error`) and logged: one line, at
 * most 200 characters, with e-mail addresses, phone numbers and a URL's
 * credentials blanked, since providers quote the recipient back.
 */
export function conciseError(text: string): string {
  const line = text
    .replace(/\/\/[^/@\s]*:[^/@\s]*@/g, "//•••@")
    .replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+\.[^\s<>"'(),;:]+/g, "•••@•••")
    // A phone number has nine digits or more; an IPv4 address or an SMTP status code ("550 5.1.1") is kept.
    .replace(/\+?\d[\d .-]{7,}\d/g, (run) => (run.replace(/\D/g, "").length < 9 || /^\d{1,3}(\.\d{1,3}){3}$/.test(run) ? run : "•••"))
    .replace(/\s+/g, " ")
    .trim();
  return line.length > LAST_ERROR_LENGTH ? `${line.slice(0, LAST_ERROR_LENGTH - 1)}…` : line || "unknown error";
}
