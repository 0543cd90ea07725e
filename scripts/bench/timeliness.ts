import { timeQuery, type IndexTarget } from "./indices";

/*
 * The timeliness figures' bench: `GET /api/v1/timeliness` over a year of a
 * million dossiers, against a plain aggregate over the dossiers themselves.
 * The aggregate is written here from CONTRACTS.md's definitions and shares
 * nothing with the app's roll-up (app/domain/dossier-contribution.ts): a
 * mistake in the roll-up then shows as a difference.
 *
 * - received: dossiers received in the range; returned / late / responses:
 *   dossiers returned in the range, those that were late, those whose ticket
 *   was answered; apologies: of dossiers that became late in the range, all,
 *   the sent ones and those sent by their due time; overdue: unreturned
 *   dossiers past due at `now`, whatever the range (by due month when grouped
 *   by month). Ranges are Vietnam days (UTC+7).
 */

export const TIMELINESS_GROUPINGS = ["sector", "agency", "servicePoint", "month"] as const;
export type TimelinessGrouping = (typeof TIMELINESS_GROUPINGS)[number];

/** The figures compared, per row key (a sector, agency or point code, or a month). */
export type TimelinessRowFigures = {
  received: number;
  returned: number;
  late: number;
  responses: number;
  overdueOpen: number;
  apologiesRequired: number;
  apologiesSent: number;
  apologiesSentInTime: number;
};

/** A row of the API's answer, as far as the bench reads it. */
export type TimelinessApiRow = {
  key: string;
  received: number;
  returned: number;
  late: number;
  overdueOpen: number;
  apologies: { required: number; sent: number; sentInTime: number };
  responseRate: { responses: number } | null;
};

export function timelinessApiFigures(row: TimelinessApiRow): TimelinessRowFigures {
  return {
    received: row.received,
    returned: row.returned,
    late: row.late,
    responses: row.responseRate?.responses ?? 0,
    overdueOpen: row.overdueOpen,
    apologiesRequired: row.apologies.required,
    apologiesSent: row.apologies.sent,
    apologiesSentInTime: row.apologies.sentInTime,
  };
}

/** The Vietnam instant bounds of a range of Vietnam dates, as stored ISO UTC text. */
function bounds(range: { from: string; to: string }): { start: string; end: string } {
  const start = new Date(`${range.from}T00:00:00+07:00`).toISOString();
  const end = new Date(new Date(`${range.to}T00:00:00+07:00`).getTime() + 24 * 3600 * 1000).toISOString();
  return { start, end };
}

/** The plain aggregate for one grouping: SQL with `?` parameters, the month expression per engine. */
function rawTimelinessQuery(engine: IndexTarget["engine"], groupBy: TimelinessGrouping, range: { from: string; to: string }, now: string) {
  const { start, end } = bounds(range);
  const month = (column: string) =>
    engine === "sqlite" ? `strftime('%Y-%m', ${column}, '+7 hours')` : `to_char((${column})::timestamptz at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM')`;
  const key = (column: string) =>
    ({ sector: "s.code", agency: "a.code", servicePoint: "p.code", month: month(column) })[groupBy];
  const from = "from dossiers d join service_points p on p.id = d.service_point_id join agencies a on a.id = p.agency_id join sectors s on s.id = d.sector_id";
  const zero = (names: string[]) => names.map((n) => `0 as ${n}`).join(", ");
  const all = ["received", "returned", "late", "responses", "overdue_open", "apologies_required", "apologies_sent", "apologies_sent_in_time"];
  const others = (mine: string[]) => zero(all.filter((n) => !mine.includes(n)));
  const sql = `
    select k as key, ${all.map((n) => `sum(${n}) as ${n}`).join(", ")} from (
      select ${key("d.received_at")} as k, count(*) as received, ${others(["received"])}
      ${from} where d.received_at >= ? and d.received_at < ? group by 1
      union all
      select ${key("d.returned_at")}, 0, count(*), sum(case when d.late_at is not null then 1 else 0 end),
        sum(case when exists (select 1 from responses r where r.ticket_id = d.ticket_id) then 1 else 0 end), 0, 0, 0, 0
      ${from} where d.returned_at >= ? and d.returned_at < ? group by 1
      union all
      select ${key("d.due_at")}, 0, 0, 0, 0, count(*), 0, 0, 0
      ${from} where d.returned_at is null and d.due_at < ? group by 1
      union all
      select ${key("d.late_at")}, 0, 0, 0, 0, 0, count(*), sum(case when ap.status = 'sent' then 1 else 0 end),
        sum(case when ap.status = 'sent' and ap.sent_at <= ap.due_by then 1 else 0 end)
      ${from} join apologies ap on ap.dossier_id = d.id where d.late_at >= ? and d.late_at < ? group by 1
    ) t group by k`;
  return { sql, parameters: [start, end, start, end, now, start, end] };
}

export type RawTimelinessFigures = { runs: number; runMs: number[]; medianMs: number; rows: number };

/** Runs the plain aggregate `runs` times on its own connection, timing each to its last row. */
export async function measureRawTimeliness(
  target: IndexTarget,
  groupBy: TimelinessGrouping,
  range: { from: string; to: string },
  now: string,
  runs: number,
): Promise<{ figures: RawTimelinessFigures; rows: Map<string, TimelinessRowFigures> }> {
  const query = rawTimelinessQuery(target.engine, groupBy, range, now);
  const { runMs, rows: raw } = await timeQuery<Record<string, unknown>>(target, query.sql, query.parameters, runs);
  const rows = new Map<string, TimelinessRowFigures>();
  for (const r of raw) {
    rows.set(String(r.key), {
      received: Number(r.received),
      returned: Number(r.returned),
      late: Number(r.late),
      responses: Number(r.responses),
      overdueOpen: Number(r.overdue_open),
      apologiesRequired: Number(r.apologies_required),
      apologiesSent: Number(r.apologies_sent),
      apologiesSentInTime: Number(r.apologies_sent_in_time),
    });
  }
  const sorted = [...runMs].sort((a, b) => a - b);
  return { figures: { runs, runMs, medianMs: sorted[Math.ceil(sorted.length / 2) - 1]!, rows: rows.size }, rows };
}

/**
 * Differences between two sets of rows, as lines. The API leaves out a group
 * with nothing received, returned, late or overdue in the range unless it is a
 * month (every month is a row); the raw aggregate has only groups with a count.
 */
export function compareTimeliness(groupBy: TimelinessGrouping, api: Map<string, TimelinessRowFigures>, raw: Map<string, TimelinessRowFigures>): string[] {
  const differences: string[] = [];
  const empty = (f: TimelinessRowFigures) => Object.values(f).every((v) => v === 0);
  for (const key of new Set([...api.keys(), ...raw.keys()])) {
    const a = api.get(key);
    const r = raw.get(key);
    if (a && !r && empty(a)) continue;
    if (!a || !r) {
      differences.push(`timeliness groupBy=${groupBy} ${key}: ${a ? "only in the API" : "only in the raw aggregate"}`);
      continue;
    }
    for (const name of Object.keys(a) as Array<keyof TimelinessRowFigures>) {
      if (a[name] !== r[name]) differences.push(`timeliness groupBy=${groupBy} ${key} ${name}: API ${a[name]}, raw ${r[name]}`);
    }
  }
  return differences;
}
