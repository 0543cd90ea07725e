/**
 * The dashboard's pages, put together from the index service and the
 * repositories; the figures are shaped by the domain (rankings.ts). A page's
 * problem (another sector, an unknown code) comes back as the `Problem` of
 * the first query that met it, naming its parameter.
 */
import type { DB } from "#db/client";
import { rangeOf, previousChoice, type DashboardView, type DateRange } from "~/domain/dashboard-view";
import type { IndexGrouping, IndexQuery } from "~/domain/index-query";
import { problem, refused, succeeded, type Outcome, type Problem } from "~/domain/problem";
import type { Locale } from "~/domain/questionnaire";
import {
  answerRow,
  type JudgedRow,
  choiceCounts,
  judgedRow,
  rankUnits,
  sectorCards,
  VISITS_QUESTION_KEY,
  withEarlierWordings,
  yearOfMonthsEndingAt,
} from "~/domain/rankings";
import { vietnamDate } from "~/domain/vietnam-time";
import type { Principal } from "~/modules/accounts/types";
import { countChoices } from "~/modules/indices/indices.repository.server";
import { computeIndexRows, loadOrganisation, resolveScopeIn, type IndexResult } from "~/modules/indices/indices.service.server";
import { listChoiceOptions, listSectorsWithTargets } from "~/modules/organisation/organisation.repository.server";
import { listQuestionWordings } from "~/modules/questionnaires/questionnaires.repository.server";
import { computeScorecard } from "~/modules/plan/plan.service.server";
import { listComments } from "./comments.repository.server";
import { summariseFlagged } from "./flags.repository.server";
import type { OverviewData, SectorData } from "./types";

export const COMMENTS_PER_PAGE = 20;

type Filters = { sector?: string; agency?: string | null; servicePoint?: string | null };
type Page = { db: DB; principal: Principal; view: DashboardView; locale: Locale };

/** Thrown inside a loader's work so the first problem ends it; never leaves this module. */
class Stop extends Error {
  constructor(readonly problem: Problem) {
    super(problem.kind);
  }
}

async function stopping<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return succeeded(await work());
  } catch (error) {
    if (error instanceof Stop) return refused(error.problem);
    throw error;
  }
}

/** The index rows of one part of a page (the view is already validated: its query needs no parsing). */
function indexRowsOf(page: Page, range: DateRange, groupBy: IndexGrouping, filters: Filters, question: string | null = null) {
  const query: IndexQuery = {
    groupBy,
    question,
    from: range.from,
    to: range.to,
    sector: filters.sector ?? null,
    agency: filters.agency ?? null,
    servicePoint: filters.servicePoint ?? null,
    includeFlagged: page.view.includeFlagged,
    locale: page.locale,
  };
  return computeIndexRows(page.db, query, { sectorIds: page.principal.sectorIds });
}

async function rowsOf(page: Page, range: DateRange, groupBy: IndexGrouping, filters: Filters = {}): Promise<IndexResult> {
  const result = await indexRowsOf(page, range, groupBy, filters);
  if (!result.ok) throw new Stop(result.problem);
  return result.value;
}

/** The questions whose answers the sector page breaks satisfaction down by (issue 11). */
export const SATISFACTION_BY_CHOICE = ["submission_channel", VISITS_QUESTION_KEY] as const;

/**
 * Rows grouped by the answer to a choice question; none when no question has
 * that key (a deployment's own questionnaires), rather than a failed page.
 */
async function choiceRowsOf(page: Page, range: DateRange, question: string, filters: Filters): Promise<IndexResult["rows"]> {
  const result = await indexRowsOf(page, range, "choice", filters, question);
  if (!result.ok) {
    if (result.problem.parameter === "question") return [];
    throw new Stop(result.problem);
  }
  return result.value.rows;
}

const visibleTo = (principal: Principal) => (sectorId: number) => principal.sectorIds === null || principal.sectorIds.includes(sectorId);

/** The sectors a staff member may see, for the navigation. */
export async function listVisibleSectors(db: DB, principal: Principal, today: string, locale: Locale) {
  const sectors = await listSectorsWithTargets(db, Number(today.slice(0, 4)));
  return sectors.filter((s) => visibleTo(principal)(s.id)).map((s) => ({ code: s.code, name: s.name[locale] }));
}

/** Every sector in the caller's scope: its card and the flagged responses. */
export async function loadOverview(db: DB, principal: Principal, view: DashboardView, now: Date, locale: Locale): Promise<Outcome<OverviewData>> {
  const today = vietnamDate(now);
  const page: Page = { db, principal, view, locale };
  return stopping(async () => {
    const range = rangeOf(view.period, today);
    const previousPeriod = previousChoice(view.period);
    const previousRange = rangeOf(previousPeriod, today);
    const [current, previous] = await Promise.all([rowsOf(page, range, "sector"), rowsOf(page, previousRange, "sector")]);
    const sectors = current.sectors.filter((s) => visibleTo(principal)(s.id));
    const flags = await summariseFlagged(db, { from: range.from, to: range.to, sectorIds: principal.sectorIds, servicePointIds: null });
    const cards = sectorCards(sectors, current.rows, previous.rows, { period: previousPeriod, range: previousRange }, locale);
    // The plan is the province's: only staff who see every sector see its scorecard.
    const scorecard =
      principal.sectorIds === null
        ? {
            year: Number(range.to.slice(0, 4)),
            lines: await computeScorecard(db, range, previousRange, { now, includeFlagged: view.includeFlagged }),
            sectorNames: Object.fromEntries(current.sectors.map((s) => [s.code, s.name[locale]])),
          }
        : null;
    return { range, cards, flags, scorecard };
  });
}

/**
 * The agencies of each of the given sectors over the view's period, ranked
 * among themselves and judged against their sector's target, as on the
 * sector's page (the printed report lists them sector by sector).
 */
export async function loadAgencyRankings(
  db: DB,
  principal: Principal,
  sectorCodes: readonly string[],
  view: DashboardView,
  now: Date,
  locale: Locale,
): Promise<Outcome<Array<{ code: string; name: string; agencies: JudgedRow[] }>>> {
  const page: Page = { db, principal, view, locale };
  const range = rangeOf(view.period, vietnamDate(now));
  return stopping(() =>
    Promise.all(
      sectorCodes.map(async (code) => {
        const byAgency = await rowsOf(page, range, "agency", { sector: code });
        const sector = byAgency.sectors.find((s) => s.code === code);
        if (!sector) throw new Stop(problem("notFound", `no sector "${code}"`));
        return { code, name: sector.name[locale], agencies: rankUnits(byAgency.rows.map((r) => judgedRow(r, sector))) };
      }),
    ),
  );
}

/** One sector, narrowed to an agency or a point if the view says so. */
export async function loadSector(
  db: DB,
  principal: Principal,
  sectorCode: string,
  view: DashboardView,
  now: Date,
  locale: Locale,
): Promise<Outcome<SectorData>> {
  const today = vietnamDate(now);
  const page: Page = { db, principal, view, locale };
  return stopping(async (): Promise<SectorData> => {
    const org = await loadOrganisation(db, Number(today.slice(0, 4)));
    const sector = org.sectors.find((s) => s.code === sectorCode);
    if (!sector) throw new Stop(problem("notFound", `no sector "${sectorCode}"`));
    if (!visibleTo(principal)(sector.id)) throw new Stop(problem("forbidden", "this sector is outside your sectors"));

    const filters = { sector: sector.code, agency: view.agency, servicePoint: view.servicePoint };
    const range = rangeOf(view.period, today);
    const previousPeriod = previousChoice(view.period);
    const previousRange = rangeOf(previousPeriod, today);
    const trendRange = { from: [range.from, yearOfMonthsEndingAt(range.to)].sort()[0]!, to: range.to };

    // The first query validates the filters (unknown codes, another sector's point) before the rest run.
    const current = await rowsOf(page, range, "sector", filters);
    const [previous, trend, byAgency, byPoint, byGroup, byQuestion] = await Promise.all([
      rowsOf(page, previousRange, "sector", filters),
      rowsOf(page, trendRange, "month", filters),
      rowsOf(page, range, "agency", filters),
      rowsOf(page, range, "servicePoint", filters),
      rowsOf(page, range, "group", filters),
      rowsOf(page, range, "question", filters),
    ]);
    // The sector with its target for the year the range ends in.
    const yearSector = current.sectors.find((s) => s.id === sector.id) ?? sector;
    const [card] = sectorCards([yearSector], current.rows, previous.rows, { period: previousPeriod, range: previousRange }, locale);

    // The same scope as the index queries (already validated by them), as ids, for the repositories that read responses.
    const agency = view.agency ? org.agencies.find((a) => a.code === view.agency)! : null;
    const point = view.servicePoint ? org.points.find((p) => p.code === view.servicePoint)! : null;
    const resolved = resolveScopeIn(org, { from: range.from, to: range.to, ...filters, includeFlagged: view.includeFlagged }, {
      sectorIds: principal.sectorIds,
    });
    if (!resolved.ok) throw new Stop(resolved.problem);
    const scope = resolved.value;
    const pointIds = scope.servicePointIds;

    const sectorPoints = org.points.filter((p) => p.sectorIds.includes(sector.id) && (pointIds === null || pointIds.includes(p.id)));
    const unit = view.unit ? sectorPoints.find((p) => p.code === view.unit) : null;
    if (view.unit && !unit) {
      throw new Stop(problem("badParameter", `unit "${view.unit}" is no service point of this view`, { parameter: "unit" }));
    }
    const commentScope = unit ? { ...scope, servicePointIds: [unit.id] } : scope;

    const [comments, flags, choices, choiceOptions, wordings, ...byChoice] = await Promise.all([
      listComments(db, { scope: commentScope, rating: view.rating, limit: COMMENTS_PER_PAGE, offset: (view.page - 1) * COMMENTS_PER_PAGE }),
      summariseFlagged(db, scope),
      countChoices(db, scope),
      listChoiceOptions(db),
      listQuestionWordings(db),
      ...SATISFACTION_BY_CHOICE.map((key) => choiceRowsOf(page, range, key, filters)),
    ]);

    const sectorRow = current.rows.find((r) => r.key === sector.code);
    const onTime = sectorRow && "onTime" in sectorRow.indices ? sectorRow.indices.onTime : null;
    return {
      range,
      sector: { code: sector.code, name: sector.name[locale] },
      card: card!,
      unitFilter: {
        agency: agency ? { code: agency.code, name: agency.name[locale] } : null,
        servicePoint: point ? { code: point.code, name: point.name[locale] } : null,
      },
      trend: {
        range: trendRange,
        target: card!.target,
        headline: card!.headline,
        months: trend.rows.map((r) => {
          const j = judgedRow(r, yearSector);
          return { key: r.key, figure: j.figure, status: j.status, side: j.side };
        }),
      },
      agencies: rankUnits(byAgency.rows.map((r) => judgedRow(r, yearSector))),
      points: rankUnits(byPoint.rows.map((r) => judgedRow(r, yearSector))),
      groups: byGroup.rows.map(answerRow),
      questions: withEarlierWordings(byQuestion.rows.map(answerRow), wordings, locale),
      onTime: onTime && onTime.onTime + onTime.late + onTime.notYet > 0 ? onTime : null,
      visits: choiceCounts(VISITS_QUESTION_KEY, choices, choiceOptions, locale),
      byChoice: SATISFACTION_BY_CHOICE.flatMap((key, i) => {
        const rows = byChoice[i]!;
        if (rows.length === 0) return [];
        const question = choiceOptions.find((o) => o.key === key)?.text[locale] ?? key;
        return [{ key, question, rows: rows.map((r) => judgedRow(r, yearSector)) }];
      }),
      comments: { ...comments, page: view.page, perPage: COMMENTS_PER_PAGE },
      commentUnits: sectorPoints.map((p) => ({ code: p.code, name: p.name[locale] })),
      flags,
    };
  });
}
