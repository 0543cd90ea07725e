/**
 * The kiosk tablet's rules for its queue of answers (issue 12): what a reply
 * to `POST /api/v1/responses` means for the answer it carried, and how long
 * to wait before trying again. Pure: the tablet's sync loop
 * (app/kiosk/sync.client.ts) and its tests share them.
 */

/**
 * - `stored`: the server holds it (201 first time, 200 a repeat of the same id) — delete it.
 * - `rejected`: a definitive refusal (400, 403, 404, 409, 413, 422 …): sending it again
 *   cannot succeed. It leaves the queue but is kept on the tablet for staff, never dropped.
 * - `revoked`: the device token no longer works (401): stop, keep everything, tell staff.
 * - `retry`: the network, a timeout, 408, 429 or 5xx: keep it and try later.
 */
export type SyncVerdict = "stored" | "rejected" | "revoked" | "retry";

export function verdictOf(status: number): SyncVerdict {
  if (status >= 200 && status < 300) return "stored";
  if (status === 401) return "revoked";
  if (status === 408 || status === 425 || status === 429) return "retry";
  if (status >= 400 && status < 500) return "rejected";
  return "retry";
}

/** The first retry waits about this long; each failure doubles it, up to the cap. */
export const SYNC_BASE_DELAY_MS = 2_000;
export const SYNC_MAX_DELAY_MS = 5 * 60_000;

/**
 * Exponential backoff with "full jitter": a random wait in [base·2^k / 2, base·2^k],
 * capped, so forty tablets that lose the same Wi-Fi do not all come back in
 * the same second. `failures` counts consecutive failed attempts (≥ 1).
 */
export function backoffDelayMs(failures: number, random: () => number = Math.random): number {
  const k = Math.max(0, Math.min(30, Math.floor(failures) - 1));
  const ceiling = Math.min(SYNC_MAX_DELAY_MS, SYNC_BASE_DELAY_MS * 2 ** k);
  return Math.round(ceiling / 2 + (ceiling / 2) * Math.min(1, Math.max(0, random())));
}

/** How long a citizen may leave the continuation untouched before it is sent and the kiosk resets. */
export const KIOSK_IDLE_MS = 60_000;
/** How often a paired tablet reports itself (and checks for a new questionnaire) while online. */
export const KIOSK_HEARTBEAT_MS = 60_000;

/** One answered survey waiting on the tablet. */
export type QueuedResponse = {
  /** The client UUID: the server stores a response once per id. */
  id: string;
  /** `draft` while the citizen is still answering; `ready` once finished (or left): only ready ones are sent. */
  state: "draft" | "ready";
  servicePoint: string;
  sector: string | null;
  /** The questionnaire version the citizen saw. */
  version: number;
  locale: "vi" | "en";
  /** When the citizen answered (the first tap), ISO. */
  answeredAt: string;
  answers: Record<string, number | string>;
  /** Consecutive failed attempts to send it. */
  attempts: number;
  /** Why the server refused it, once it has: kept for staff, never sent again. */
  rejected?: { status: number; error: string; at: string };
};

/** Where the tablet reads the questionnaire its point serves now (public; pairing and each sync). */
export function surveyPath(servicePointCode: string): string {
  return `/api/v1/service-points/${encodeURIComponent(servicePointCode)}/survey`;
}

/** The JSON body `POST /api/v1/responses` takes for a queued answer. */
export function submissionBody(q: QueuedResponse): Record<string, unknown> {
  return {
    id: q.id,
    servicePoint: q.servicePoint,
    ...(q.sector ? { sector: q.sector } : {}),
    locale: q.locale,
    answeredAt: q.answeredAt,
    version: q.version,
    answers: q.answers,
  };
}
