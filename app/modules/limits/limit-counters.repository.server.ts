import type { DB } from "#db/client";

export interface CounterRow {
  key: string;
  points: number;
  expiresAt: string;
}

/**
 * Takes one point from each key in ONE statement, atomically per key: a
 * counter whose window has ended starts again at 1 with a new window, any
 * other counts on. Concurrent takers (in this process or another) each see
 * their own count, so no two can both read "4 of 5" and both go ahead.
 * Works on SQLite ≥ 3.35 and PostgreSQL (upsert with RETURNING).
 */
export async function takePointFrom(
  db: DB,
  counters: ReadonlyArray<{ key: string; expiresAt: string }>,
  now: string,
): Promise<CounterRow[]> {
  if (counters.length === 0) return [];
  const rows = await db
    .insertInto("rate_limits")
    .values(counters.map((c) => ({ key: c.key, points: 1, expires_at: c.expiresAt })))
    .onConflict((oc) =>
      oc.column("key").doUpdateSet((eb) => {
        const windowEnded = eb("rate_limits.expires_at", "<=", now);
        return {
          points: eb.case().when(windowEnded).then(eb.lit(1)).else(eb("rate_limits.points", "+", eb.lit(1))).end(),
          expires_at: eb.case().when(windowEnded).then(eb.ref("excluded.expires_at")).else(eb.ref("rate_limits.expires_at")).end(),
        };
      }),
    )
    .returning(["key", "points", "expires_at"])
    .execute();
  return rows.map((r) => ({ key: r.key, points: Number(r.points), expiresAt: r.expires_at }));
}

/** Gives one point back to each key whose window is still running. */
export async function givePointBack(db: DB, keys: readonly string[], now: string): Promise<void> {
  if (keys.length === 0) return;
  await db
    .updateTable("rate_limits")
    .set((eb) => ({ points: eb("points", "-", eb.lit(1)) }))
    .where("key", "in", keys)
    .where("points", ">", 0)
    .where("expires_at", ">", now)
    .execute();
}

export async function deleteCounters(db: DB, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.deleteFrom("rate_limits").where("key", "in", keys).execute();
}

/** Removes the counters whose window has ended; returns how many. */
export async function deleteExpiredCounters(db: DB, now: string): Promise<number> {
  const result = await db.deleteFrom("rate_limits").where("expires_at", "<=", now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
