import type { DB } from "#db/client";
import { recentChanges } from "~/modules/audit/audit.service.server";
import type { AuditRecord } from "~/modules/audit/types";
import { adminCounts } from "./overview.repository.server";
import type { AdminCounts } from "./types";

/** The console's first page: how much is set up, and the latest changes. */
export async function adminOverview(db: DB): Promise<{ counts: AdminCounts; recent: AuditRecord[] }> {
  const [counts, recent] = await Promise.all([adminCounts(db), recentChanges(db, 5)]);
  return { counts, recent };
}
