import type { DB } from "#db/client";
import { MS_PER_DAY } from "~/domain/vietnam-time";
import { clearHashesReceivedBefore } from "./retention.repository.server";

/**
 * IP and device hashes only serve the trust checks made when a response
 * arrives (the soft limits themselves are counted in memory), so they are kept
 * `retentionDays` after receipt and then cleared; the answers, flags and
 * summaries stay as they were. Run at start-up and hourly by scripts/start.ts.
 */
export async function clearExpiredHashes(db: DB, { retentionDays, now }: { retentionDays: number; now: Date }): Promise<{ cleared: number }> {
  const cutoff = new Date(now.getTime() - retentionDays * MS_PER_DAY).toISOString();
  return { cleared: await clearHashesReceivedBefore(db, cutoff) };
}
