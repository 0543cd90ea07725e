/**
 * The report of one period (docs/decisions/023-reports.md): the dashboard's
 * own figures — the overview's sector cards and scorecard, each sector page's
 * agency ranking, the timeliness page's sector rows — read once into one
 * `ReportData` that both the printed page and the workbook are made from.
 */
import type { DB } from "#db/client";
import { previousChoice, rangeOf, type DashboardView } from "~/domain/dashboard-view";
import type { ScorecardLine } from "~/domain/plan";
import { succeeded, type Outcome } from "~/domain/problem";
import type { Locale } from "~/domain/questionnaire";
import { vietnamDate } from "~/domain/vietnam-time";
import type { Principal } from "~/modules/accounts/types";
import { loadAgencyRankings, loadOverview } from "~/modules/dashboard/dashboard.service.server";
import { computeScorecard } from "~/modules/plan/plan.service.server";
import { computeTimelinessRows } from "~/modules/timeliness/timeliness.service.server";
import type { ReportData } from "./types";

export type { ReportData } from "./types";

/** The plan lines that pool only sectors of `mine` (a manager's): figures about nobody else's sectors. */
function linesWithin(lines: readonly ScorecardLine[], mine: ReadonlySet<string>): ScorecardLine[] {
  return lines.filter((l) => l.scope === "sectors" && l.sectors.length > 0 && l.sectors.every((c) => mine.has(c)));
}

/** Everything the report of `view`'s period shows, within the principal's sectors, read at `now`. */
export async function assembleReport(db: DB, principal: Principal, view: DashboardView, now: Date, locale: Locale): Promise<Outcome<ReportData>> {
  const today = vietnamDate(now);
  const overview = await loadOverview(db, principal, view, now, locale);
  if (!overview.ok) return overview;
  const { range, cards } = overview.value;
  const previousPeriod = previousChoice(view.period);
  const previousRange = rangeOf(previousPeriod, today);
  const codes = cards.map((c) => c.code);
  const [agencies, timeliness, ownLines] = await Promise.all([
    loadAgencyRankings(db, principal, codes, view, now, locale),
    computeTimelinessRows(db, { groupBy: "sector", ...range, sector: null, agency: null, servicePoint: null, locale }, { sectorIds: principal.sectorIds }, now),
    // The overview gives the province's scorecard to those who see every sector; a manager's is computed here and narrowed.
    principal.sectorIds === null ? null : computeScorecard(db, range, previousRange, { now, includeFlagged: view.includeFlagged }),
  ]);
  if (!agencies.ok) return agencies;
  if (!timeliness.ok) return timeliness;
  const year = Number(range.to.slice(0, 4));
  const scorecard =
    overview.value.scorecard ??
    (ownLines && linesWithin(ownLines, new Set(codes)).length > 0
      ? { year, lines: linesWithin(ownLines, new Set(codes)), sectorNames: Object.fromEntries(cards.map((c) => [c.code, c.name])) }
      : null);
  return succeeded({
    period: view.period,
    range,
    previous: { period: previousPeriod, range: previousRange },
    generatedAt: now.toISOString(),
    includeFlagged: view.includeFlagged,
    coverage: principal.sectorIds === null ? "province" : "sectors",
    scorecard,
    sectors: cards,
    agencies: agencies.value,
    timeliness: timeliness.value.rows,
  });
}
