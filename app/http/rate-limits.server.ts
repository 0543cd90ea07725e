/**
 * Every rate limit of the product, by name, in one place. Limits are counted
 * in the database (app/modules/limits), so every app process on one database
 * shares them: a guess refused by one process is refused by all.
 *
 * Guarded secrets (passwords) are limited consume-before-verify: a try takes
 * its point first, atomically, so concurrent guesses cannot all slip in
 * between a check and a count. A successful try gives its point back, so only
 * failures count and a busy office never locks itself out.
 */
import type { DB } from "#db/client";
import type { Attempt } from "~/domain/attempt";
import type { SubmissionLimits } from "~/domain/trust";
import { env } from "~/env.server";
import { clearCounters, givePointsBack, takePoints } from "~/modules/limits/limit-counters.service.server";
import type { Charge } from "~/modules/limits/types";

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/**
 * A guarded try: points are taken from every key (in one statement) before
 * the secret is checked. A refused try keeps only the point of the key that
 * refused it and gives back the others. `failed` keeps the points; `succeeded`
 * gives them back (and clears the keys named in `clearOnSuccess`).
 */
async function beginAttempt(db: DB, charges: ReadonlyArray<Charge & { clearOnSuccess?: boolean }>): Promise<Attempt> {
  const counts = await takePoints(db, charges);
  const refused = counts.find((c) => !c.allowed);
  if (refused) {
    await givePointsBack(db, counts.filter((c) => c !== refused).map((c) => c.key));
    return { allowed: false, retryAfterSeconds: refused.retryAfterSeconds };
  }
  return {
    allowed: true,
    failed: async () => {},
    succeeded: async () => {
      await clearCounters(db, charges.filter((c) => c.clearOnSuccess).map((c) => c.key));
      await givePointsBack(db, charges.filter((c) => !c.clearOnSuccess).map((c) => c.key));
    },
  };
}

/* ---------------------------------------------------------------------------
 * Sign-in: 5 failures per account and address, 30 per address, in 15 minutes.
 * ------------------------------------------------------------------------ */

const LOGIN_WINDOW = 15 * MINUTE;
export const LOGIN_FAILURES_PER_ACCOUNT = 5;
export const LOGIN_FAILURES_PER_ADDRESS = 30;

export const loginLimits = {
  begin: (db: DB, { ip, account }: { ip: string; account: string }): Promise<Attempt> =>
    beginAttempt(db, [
      { key: `login-ip:${ip}`, limit: LOGIN_FAILURES_PER_ADDRESS, windowSeconds: LOGIN_WINDOW },
      { key: `login-acct:${ip}:${account}`, limit: LOGIN_FAILURES_PER_ACCOUNT, windowSeconds: LOGIN_WINDOW, clearOnSuccess: true },
    ]),
};

/* ---------------------------------------------------------------------------
 * Changing one's own password: 5 wrong current passwords per account in 15 minutes.
 * ------------------------------------------------------------------------ */

export const CURRENT_PASSWORD_GUESSES = 5;

export const currentPasswordLimits = {
  begin: (db: DB, userId: number): Promise<Attempt> =>
    beginAttempt(db, [{ key: `password-change:${userId}`, limit: CURRENT_PASSWORD_GUESSES, windowSeconds: 15 * MINUTE, clearOnSuccess: true }]),
};

/* ---------------------------------------------------------------------------
 * Tracking-code lookups (/tra-cuu): 60 wrong codes per address an hour. A code
 * found gives its point back, so only wrong ones count; the point is taken
 * before the look, so concurrent guesses cannot slip in between.
 * ------------------------------------------------------------------------ */

export const WRONG_TRACKING_CODES_PER_HOUR = 60;

export const trackingLookupLimits = {
  begin: (db: DB, ip: string): Promise<Attempt> =>
    beginAttempt(db, [{ key: `case-lookup:${ip}`, limit: WRONG_TRACKING_CODES_PER_HOUR, windowSeconds: HOUR }]),
};

/* ---------------------------------------------------------------------------
 * Kiosk pairing (POST /api/v1/kiosk/pair): 20 wrong pairing codes per address
 * an hour, counted like tracking codes (a code that pairs gives its point back).
 * ------------------------------------------------------------------------ */

export const WRONG_PAIRING_CODES_PER_HOUR = 20;

export const pairingLimits = {
  begin: (db: DB, ip: string): Promise<Attempt> =>
    beginAttempt(db, [{ key: `kiosk-pair:${ip}`, limit: WRONG_PAIRING_CODES_PER_HOUR, windowSeconds: HOUR }]),
};

/* ---------------------------------------------------------------------------
 * Citizen submissions, per service point: a tight limit per device, a loose
 * one per address (a centre's citizens share one Wi-Fi), and two soft limits
 * that flag rather than refuse.
 * ------------------------------------------------------------------------ */

const REPEAT_WINDOW = 10 * MINUTE;
export const IP_BURST_PER_TEN_MINUTES = 30;

/**
 * Counts one citizen submission to a service point from a device (when known)
 * and an address, in one statement on the common path. A submission refused
 * by a hard limit gives back what it took elsewhere, so one busy phone does
 * not use up its centre's address. The survey module calls it (through
 * `submitterOf`) with the transaction that stores the response, so the count
 * adds no commit of its own.
 */
export const countSubmission: SubmissionLimits<DB> = async (db, input) => {
  const device = input.deviceId ? `${input.servicePointId}:${input.deviceId}` : null;
  const address = `${input.servicePointId}:${input.ip}`;
  const hard: Charge[] = [
    ...(device ? [{ key: `dev-h:${device}`, limit: env().rateLimitDevicePerHour, windowSeconds: HOUR }] : []),
    { key: `ip-h:${address}`, limit: env().rateLimitIpPerHour, windowSeconds: HOUR },
  ];
  const soft: Charge[] = [
    ...(device ? [{ key: `dev-r:${device}`, limit: 1, windowSeconds: REPEAT_WINDOW }] : []),
    { key: `ip-b:${address}`, limit: IP_BURST_PER_TEN_MINUTES, windowSeconds: REPEAT_WINDOW },
  ];
  const counts = await takePoints(db, [...hard, ...soft]);
  // The first hard limit reached refuses; the device's comes first, as it is the tighter.
  const refused = counts.slice(0, hard.length).findIndex((c) => !c.allowed);
  if (refused >= 0) {
    await givePointsBack(db, counts.filter((_, i) => i !== refused).map((c) => c.key));
    return { limited: true, retryAfterSeconds: counts[refused]!.retryAfterSeconds };
  }
  const over = new Set(counts.filter((c) => !c.allowed).map((c) => c.key));
  return {
    limited: false,
    deviceRepeat: device ? over.has(`dev-r:${device}`) : false,
    ipBurst: over.has(`ip-b:${address}`),
  };
};
