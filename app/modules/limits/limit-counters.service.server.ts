/**
 * Rate-limit counters kept in the database, so that every app process on one
 * database counts the same tries. The named policies (how many, how long,
 * what happens when a limit is reached) are in app/http/rate-limits.server.ts.
 */
import crypto from "node:crypto";
import type { DB } from "#db/client";
import { env } from "~/env.server";
import { deleteCounters, deleteExpiredCounters, givePointBack, takePointFrom } from "./limit-counters.repository.server";
import type { Charge, Count } from "./types";

const SWEEP_EVERY_MS = 10 * 60 * 1000;

/**
 * A key as stored: a keyed hash, since keys name addresses, device ids and
 * sign-in emails, which the database never holds in the clear (an IP is only
 * ever stored hashed). Every process on one database shares SESSION_SECRET,
 * so they agree on it.
 */
function storedKey(key: string): string {
  return crypto.createHmac("sha256", env().sessionSecret).update(`limit\0${key}`).digest("base64url").slice(0, 32);
}
/** When this process last swept; only a schedule, nothing any count depends on. */
let lastSweep: number | undefined;

/**
 * Takes a point from every charge's counter in one statement and says, for
 * each in the order given, whether it is still within its limit. A point is
 * taken even when over the limit (as rate-limiter-flexible does), so hammering
 * a refused key does not shorten its wait.
 */
export async function takePoints(db: DB, charges: readonly Charge[], now: Date = new Date()): Promise<Count[]> {
  await sweepNowAndThen(db, now);
  const rows = await takePointFrom(
    db,
    charges.map((c) => ({ key: storedKey(c.key), expiresAt: new Date(now.getTime() + c.windowSeconds * 1000).toISOString() })),
    now.toISOString(),
  );
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return charges.map((c) => {
    const row = byKey.get(storedKey(c.key));
    if (!row) throw new Error(`no counter returned for ${c.key}`);
    return {
      key: c.key,
      points: row.points,
      allowed: row.points <= c.limit,
      retryAfterSeconds: Math.max(1, Math.ceil((Date.parse(row.expiresAt) - now.getTime()) / 1000)),
    };
  });
}

/** Gives back a point taken from each key (a try that turned out not to count). */
export function givePointsBack(db: DB, keys: readonly string[], now: Date = new Date()): Promise<void> {
  return givePointBack(db, keys.map(storedKey), now.toISOString());
}

/** Forgets the keys' counts (a success that clears earlier failures). */
export function clearCounters(db: DB, keys: readonly string[]): Promise<void> {
  return deleteCounters(db, keys.map(storedKey));
}

/** Removes the counters whose window has ended; returns how many went. */
export function sweepExpiredCounters(db: DB, now: Date = new Date()): Promise<number> {
  return deleteExpiredCounters(db, now.toISOString());
}

/**
 * Ended windows are swept by the first count of a process and then at most
 * every ten minutes: the table holds only live keys, and no count waits on a
 * separate job.
 */
async function sweepNowAndThen(db: DB, now: Date): Promise<void> {
  if (lastSweep !== undefined && now.getTime() - lastSweep < SWEEP_EVERY_MS && now.getTime() >= lastSweep) return;
  lastSweep = now.getTime();
  await sweepExpiredCounters(db, now);
}
