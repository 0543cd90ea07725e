import type { DB } from "#db/client";
import { periodKeysBetween } from "~/domain/periods";
import { succeeded, type Outcome } from "~/domain/problem";
import type { OnTimeFigure } from "~/domain/index-engine";
import { emptyTimelinessCounts, timelinessFigures, type CitizenOnTime, type TimelinessFigures, type TimelinessQuery } from "~/domain/timeliness";
import { computeIndexRows, loadOrganisation, resolveScopeIn, type SectorAccess } from "~/modules/indices/indices.service.server";
import { countTimeliness } from "./timeliness.repository.server";

/** One row of `GET /api/v1/timeliness` (CONTRACTS.md), with the citizens' own answer beside the system's figure. */
export type TimelinessRow = { key: string; label: string } & TimelinessFigures & { citizenOnTime: CitizenOnTime };

const citizenFigure = (f: OnTimeFigure | undefined): CitizenOnTime =>
  f && f.n > 0 && f.rate !== null && f.ciLow !== null && f.ciHigh !== null ? { n: f.n, rate: f.rate, ciLow: f.ciLow, ciHigh: f.ciHigh } : null;

export type TimelinessResult = { query: TimelinessQuery; rows: TimelinessRow[] };

/**
 * Timeliness figures of the dossiers a caller may see, grouped as asked and
 * scoped as the indices are (unknown codes 400, codes outside the caller's
 * sectors 403, naming the parameter). `now` decides what is overdue.
 */
export async function computeTimelinessRows(
  db: DB,
  query: TimelinessQuery,
  access: SectorAccess,
  now: Date = new Date(),
): Promise<Outcome<TimelinessResult>> {
  const { sectors, agencies, points } = await loadOrganisation(db, Number(query.to.slice(0, 4)));
  const resolved = resolveScopeIn({ sectors, agencies, points }, { ...query, includeFlagged: true }, access);
  if (!resolved.ok) return resolved;
  const [said, counts] = await Promise.all([
    // The survey's punctuality question over the same groups, flagged responses left out as in the indices.
    computeIndexRows(db, { ...query, includeFlagged: false }, access),
    countTimeliness(
      db,
      {
        fromDay: query.from,
        toDay: query.to,
        sectorIds: resolved.value.sectorIds,
        servicePointIds: resolved.value.servicePointIds,
        now: now.toISOString(),
      },
      query.groupBy,
    ),
  ]);
  if (!said.ok) return said;
  const citizenByKey = new Map(said.value.rows.map((r) => [r.key, "onTime" in r.indices ? r.indices.onTime : undefined]));

  const name = (n: { vi: string; en: string }) => n[query.locale];
  const row = (key: string, label: string, id: string): TimelinessRow => ({
    key,
    label,
    ...timelinessFigures(counts.get(id) ?? emptyTimelinessCounts()),
    citizenOnTime: citizenFigure(citizenByKey.get(key)),
  });
  let rows: TimelinessRow[];
  switch (query.groupBy) {
    case "month":
      // Every month of the range, empty ones included, as the indices' trends.
      rows = periodKeysBetween(query.from, query.to, "month").map((month) => row(month, month, month));
      break;
    case "sector":
      rows = sectors.filter((s) => counts.has(String(s.id))).map((s) => row(s.code, name(s.name), String(s.id)));
      break;
    case "agency":
      rows = agencies.filter((a) => counts.has(String(a.id))).map((a) => row(a.code, name(a.name), String(a.id)));
      break;
    case "servicePoint":
      rows = points.filter((p) => counts.has(String(p.id))).map((p) => row(p.code, name(p.name), String(p.id)));
      break;
  }
  return succeeded({ query, rows });
}
