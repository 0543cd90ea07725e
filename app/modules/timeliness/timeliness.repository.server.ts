import { sql, type RawBuilder, type SqlBool } from "kysely";
import type { DB } from "#db/client";
import { vietnamMonthOf } from "#db/dialect";
import { emptyTimelinessCounts, type TimelinessCounts, type TimelinessGrouping } from "~/domain/timeliness";

/**
 * What the timeliness figures count over: instants as ISO UTC text, so a
 * range is a pair of string bounds (the stored times are all `toISOString()`).
 */
export type TimelinessScope = {
  /** Vietnam 00:00 of `from` and of the day after `to`, as ISO UTC. */
  start: string;
  end: string;
  sectorIds: readonly number[] | null;
  servicePointIds: readonly number[] | null;
  /** "Now" for the overdue count: open dossiers whose due time is before it. */
  now: string;
};

type Counted = Partial<TimelinessCounts>;

/**
 * The counts per group key (a sector, agency or point id, or a Vietnam month
 * `YYYY-MM`). Each figure is dated by its own instant: received by
 * `received_at`, returned/late/responses by `returned_at`, apologies by the
 * dossier's `late_at`; the overdue count is not limited to the range (a
 * backlog is a backlog) and, grouped by month, falls in the month of its due time.
 */
export async function countTimeliness(db: DB, scope: TimelinessScope, groupBy: TimelinessGrouping): Promise<Map<string, TimelinessCounts>> {
  if (scope.sectorIds?.length === 0 || scope.servicePointIds?.length === 0) return new Map();

  const base = () => {
    let q = db.selectFrom("dossiers as d").innerJoin("service_points as p", "p.id", "d.service_point_id");
    if (scope.sectorIds !== null) q = q.where("d.sector_id", "in", [...scope.sectorIds]);
    if (scope.servicePointIds !== null) q = q.where("d.service_point_id", "in", [...scope.servicePointIds]);
    return q;
  };
  const keyOf = (dated: "d.received_at" | "d.returned_at" | "d.due_at" | "d.late_at"): RawBuilder<unknown> => {
    switch (groupBy) {
      case "sector":
        return sql`${sql.ref("d.sector_id")}`;
      case "agency":
        return sql`${sql.ref("p.agency_id")}`;
      case "servicePoint":
        return sql`${sql.ref("d.service_point_id")}`;
      case "month":
        return vietnamMonthOf(db, sql.ref<string>(dated));
    }
  };
  const inRange = (column: string) => sql<SqlBool>`${sql.ref(column)} >= ${scope.start} and ${sql.ref(column)} < ${scope.end}`;

  const [received, returned, overdue, apologies] = await Promise.all([
    base()
      .select([keyOf("d.received_at").as("key"), sql<number>`count(*)`.as("received")])
      .where(inRange("d.received_at"))
      .groupBy("key")
      .execute(),
    base()
      .leftJoin("responses as r", "r.ticket_id", "d.ticket_id")
      .select([
        keyOf("d.returned_at").as("key"),
        sql<number>`count(*)`.as("returned"),
        sql<number>`sum(case when d.late_at is not null then 1 else 0 end)`.as("late"),
        sql<number>`count(r.id)`.as("responses"),
      ])
      .where(inRange("d.returned_at"))
      .groupBy("key")
      .execute(),
    base()
      .select([keyOf("d.due_at").as("key"), sql<number>`count(*)`.as("overdueOpen")])
      .where("d.returned_at", "is", null)
      .where("d.due_at", "<", scope.now)
      .groupBy("key")
      .execute(),
    base()
      .innerJoin("apologies as a", "a.dossier_id", "d.id")
      .select([
        keyOf("d.late_at").as("key"),
        sql<number>`count(*)`.as("apologiesRequired"),
        sql<number>`sum(case when a.status = 'sent' then 1 else 0 end)`.as("apologiesSent"),
        sql<number>`sum(case when a.status = 'sent' and a.sent_at <= a.due_by then 1 else 0 end)`.as("apologiesSentInTime"),
      ])
      .where(inRange("d.late_at"))
      .groupBy("key")
      .execute(),
  ]);

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
  for (const rows of [received, returned, overdue, apologies]) add(rows as Array<Record<string, unknown>>);
  return out;
}
