import type { DB } from "#db/client";

/**
 * The update that clears the IP and device hashes of responses received
 * before `cutoff` (ISO 8601, UTC). Its WHERE names the predicate of the
 * partial index `responses_hashed_received_at` (migration
 * 2026-12-02T0000-retention-index) as it stands, so both engines read only the
 * rows that still hold a hash rather than every response.
 */
export function clearHashesQuery(db: DB, cutoff: string) {
  return db
    .updateTable("responses")
    .set({ ip_hash: null, device_hash: null })
    .where("received_at", "<", cutoff)
    .where((eb) => eb.or([eb("ip_hash", "is not", null), eb("device_hash", "is not", null)]));
}

/** Clears the hashes (see {@link clearHashesQuery}); returns how many responses changed. */
export async function clearHashesReceivedBefore(db: DB, cutoff: string): Promise<number> {
  const result = await clearHashesQuery(db, cutoff).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
