import type { DB } from "#db/client";

/** Clears the IP and device hashes of responses received before `cutoff` (ISO 8601, UTC); returns how many changed. */
export async function clearHashesReceivedBefore(db: DB, cutoff: string): Promise<number> {
  const result = await db
    .updateTable("responses")
    .set({ ip_hash: null, device_hash: null })
    .where("received_at", "<", cutoff)
    .where((eb) => eb.or([eb("ip_hash", "is not", null), eb("device_hash", "is not", null)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
