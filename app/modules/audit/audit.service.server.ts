import type { DB } from "#db/client";
import { auditFacets, listAudit } from "./audit.repository.server";
import type { AuditFilter, AuditPage } from "./types";

/* Reading the audit log (changes are recorded by each feature's service, in its own transaction). */

export const AUDIT_PAGE_SIZE = 50;

/** One page of the log, newest first, with the values its filters offer. */
export async function auditLogPage(
  db: DB,
  filter: AuditFilter,
  page: number,
): Promise<AuditPage & { facets: { entityTypes: string[]; actions: string[]; actors: string[] } }> {
  const [entries, facets] = await Promise.all([listAudit(db, filter, { limit: AUDIT_PAGE_SIZE, offset: (page - 1) * AUDIT_PAGE_SIZE }), auditFacets(db)]);
  return { ...entries, facets };
}

/** The newest changes, for the console's first page. */
export async function recentChanges(db: DB, limit = 5): Promise<AuditPage["entries"]> {
  return (await listAudit(db, {}, { limit, offset: 0 })).entries;
}
