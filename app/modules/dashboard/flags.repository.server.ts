import { sql, type SqlBool } from "kysely";
import type { DB } from "#db/client";
import type { SummaryScope } from "~/modules/indices/indices.repository.server";
import type { FlaggedSummary } from "./types";

const ids = (values: readonly number[]) => sql.join(values.length > 0 ? values.map((v) => sql`${v}`) : [sql`null`]);

/** Flagged (suspicious) responses in the scope's dates, sectors and points, and their reasons. */
export async function summariseFlagged(db: DB, scope: Omit<SummaryScope, "includeFlagged">): Promise<FlaggedSummary> {
  const where = [sql`r.flagged = 1`, sql`r.answered_date >= ${scope.from}`, sql`r.answered_date <= ${scope.to}`];
  if (scope.sectorIds) where.push(sql`r.sector_id in (${ids(scope.sectorIds)})`);
  if (scope.servicePointIds) where.push(sql`r.service_point_id in (${ids(scope.servicePointIds)})`);
  // Reasons are stored comma-separated; the distinct combinations are few, so they are split here.
  const rows = await db
    .selectFrom("responses as r")
    .select(["r.flag_reason", (eb) => eb.fn.countAll<number>().as("n")])
    .where(sql<SqlBool>`${sql.join(where, sql` and `)}`)
    .groupBy("r.flag_reason")
    .execute();

  let total = 0;
  const byReason = new Map<string, number>();
  for (const row of rows) {
    const n = Number(row.n);
    total += n;
    const reasons = row.flag_reason ? row.flag_reason.split(",").filter(Boolean) : ["unknown"];
    for (const reason of reasons) byReason.set(reason, (byReason.get(reason) ?? 0) + n);
  }
  return {
    total,
    byReason: [...byReason]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
  };
}
