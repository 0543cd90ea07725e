import { sql, type RawBuilder } from "kysely";
import type { DB } from "#db/client";
import { vietnamMonthOf } from "#db/dialect";
import { monthlyCover, type DateRange } from "~/domain/periods";
import { vietnamDate } from "~/domain/vietnam-time";
import { emptyTimelinessCounts, type TimelinessCounts, type TimelinessGrouping } from "~/domain/timeliness";

type Counted = Partial<TimelinessCounts>;

/** The roll-up's counters and the counts they are summed as. */
const ROLLED_UP = [
  ["received", "received"],
  ["returned", "returned"],
  ["returned_late", "late"],
  ["ticket_responses", "responses"],
  ["apologies_required", "apologiesRequired"],
  ["apologies_sent", "apologiesSent"],
  ["apologies_sent_in_time", "apologiesSentInTime"],
] as const;

/**
 * What the timeliness figures count over: Vietnam dates for the roll-up,
 * and "now" for the overdue count.
 */
export type TimelinessScope = {
  /** The range's first and last Vietnam dates, `YYYY-MM-DD`. */
  fromDay: string;
  toDay: string;
  sectorIds: readonly number[] | null;
  servicePointIds: readonly number[] | null;
  /** Open dossiers whose due time is before it are overdue. */
  now: string;
};

/**
 * The counts per group key (a sector, agency or point id, or a Vietnam month
 * `YYYY-MM`). Each figure is dated by its own instant: received by
 * `received_at`, returned/late/responses by `returned_at`, apologies by the
 * dossier's `late_at` — the days `dossier_day_summaries` keeps them under
 * (app/domain/dossier-contribution.ts), so a year is a few thousand roll-up
 * rows rather than a million dossiers (twelve months and the edge days). The overdue count is not limited to
 * the range (a backlog is a backlog) and, grouped by month, falls in the
 * month of its due time; it reads the open dossiers themselves, by the
 * partial index of unreturned ones.
 */
export async function countTimeliness(db: DB, scope: TimelinessScope, groupBy: TimelinessGrouping): Promise<Map<string, TimelinessCounts>> {
  if (scope.sectorIds?.length === 0 || scope.servicePointIds?.length === 0) return new Map();

  const keyOf = (alias: "s" | "d", monthOf: RawBuilder<string>): RawBuilder<unknown> => {
    switch (groupBy) {
      case "sector":
        return sql`${sql.ref(`${alias}.sector_id`)}`;
      case "agency":
        return sql`p.agency_id`;
      case "servicePoint":
        // The point's own id: grouping by the dossier's column would have
        // SQLite walk the point index of every dossier to avoid one sort.
        return sql`p.id`;
      case "month":
        return monthOf;
    }
  };
  const inScope = (alias: "s" | "d") => {
    const terms: RawBuilder<unknown>[] = [];
    if (scope.sectorIds !== null) terms.push(sql`${sql.ref(`${alias}.sector_id`)} in (${sql.join([...scope.sectorIds])})`);
    if (scope.servicePointIds !== null) terms.push(sql`${sql.ref(`${alias}.service_point_id`)} in (${sql.join([...scope.servicePointIds])})`);
    return terms;
  };

  // The months the range covers whole from the monthly roll-up, the edge days
  // added or subtracted from the daily one (monthlyCover, as the indices read
  // theirs); a key whose sums cancel out (a month minus its only days) is no row.
  const cover = monthlyCover(scope.fromDay, scope.toDay, { today: vietnamDate(new Date(scope.now)) });
  const part = (table: "dossier_day_summaries" | "dossier_month_summaries", dates: RawBuilder<unknown>, sign: RawBuilder<unknown>) => {
    const month = table === "dossier_month_summaries" ? sql<string>`s.month` : sql<string>`substr(s.day, 1, 7)`;
    const where = sql.join([dates, ...inScope("s")], sql` and `);
    return sql`select ${keyOf("s", month)} as key,
      ${sql.join(ROLLED_UP.map(([column, name]) => sql`${sign}sum(${sql.ref(`s.${column}`)}) as ${sql.ref(name)}`))}
      from ${sql.table(table)} s inner join service_points p on p.id = s.service_point_id
      where ${where} group by ${keyOf("s", month)}`;
  };
  const days = (ranges: readonly DateRange[]) => sql`(${sql.join(ranges.map((r) => sql`s.day between ${r.from} and ${r.to}`), sql` or `)})`;
  const parts: RawBuilder<unknown>[] = [];
  if (cover.months) parts.push(part("dossier_month_summaries", sql`s.month between ${cover.months.from} and ${cover.months.to}`, sql``));
  if (cover.addDays.length > 0) parts.push(part("dossier_day_summaries", days(cover.addDays), sql``));
  if (cover.subtractDays.length > 0) parts.push(part("dossier_day_summaries", days(cover.subtractDays), sql`-`));
  const rolledUp = parts.length === 0
    ? Promise.resolve({ rows: [] })
    : sql<Record<string, unknown>>`select t.key, ${sql.join(ROLLED_UP.map(([, name]) => sql`sum(${sql.ref(`t.${name}`)}) as ${sql.ref(name)}`))}
        from (${sql.join(parts, sql` union all `)}) t group by t.key
        having ${sql.join(ROLLED_UP.map(([, name]) => sql`sum(${sql.ref(`t.${name}`)}) <> 0`), sql` or `)}`.execute(db);

  const overdue = sql<Record<string, unknown>>`
    select ${keyOf("d", vietnamMonthOf(db, sql.ref<string>("d.due_at")))} as key, count(*) as ${sql.ref("overdueOpen")}
    from dossiers d inner join service_points p on p.id = d.service_point_id
    where ${sql.join([sql`d.returned_at is null`, sql`d.due_at < ${scope.now}`, ...inScope("d")], sql` and `)}
    group by 1`.execute(db);
  const [counted, backlog] = await Promise.all([rolledUp, overdue]);

  const out = new Map<string, TimelinessCounts>();
  const add = (rows: Array<Record<string, unknown>>) => {
    for (const row of rows) {
      const key = String(row.key);
      const counts = out.get(key) ?? emptyTimelinessCounts();
      for (const [name, value] of Object.entries(row as Counted)) {
        if (name !== "key") counts[name as keyof TimelinessCounts] += Number(value ?? 0);
      }
      out.set(key, counts);
    }
  };
  for (const { rows } of [counted, backlog]) add(rows);
  return out;
}
