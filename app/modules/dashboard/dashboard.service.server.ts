/**
 * What the dashboard pages show, put together from the index service and the
 * models. Every rate comes from computeIndexRows and the domain's
 * headlineFigure; this module only picks, orders and pairs them.
 */
import { earlierWordings } from "~/domain/questionnaire-draft";
import { listQuestionWordings, type KeyWordings } from "~/modules/questionnaires/questionnaires.repository.server";
import { data } from "@remix-run/node";
import { z } from "zod";
import { parseIndexQuery, type IndexGrouping, type IndexQuery } from "~/domain/index-query";
import type { AnswerFigure, Distribution, Indices, OnTimeFigure } from "~/domain/index-engine";
import { dayNumberOf, isCalendarDate } from "~/domain/periods";
import type { Locale } from "~/domain/questionnaire";
import { DEFAULT_HEADLINE, DEFAULT_MIN_SAMPLE, headlineFigure, type EstimateSide, type Headline, type TargetStatus } from "~/domain/targets";
import { vietnamDate } from "~/domain/vietnam-time";
import {
  COMMENT_RATINGS,
  defaultView,
  periodChoice,
  previousChoice,
  rangeOf,
  viewSearch,
  type DashboardView,
  type DateRange,
  type PeriodChoice,
} from "~/domain/dashboard-view";
import { listComments, type CommentPage } from "./comments.repository.server";
import { summariseFlagged, type FlaggedSummary } from "./flags.repository.server";
import { countChoices } from "~/modules/indices/indices.repository.server";
import {
  listAgencies,
  listChoiceOptions,
  listSectorsWithTargets,
  listServicePoints,
  type SectorWithTarget,
} from "~/modules/organisation/organisation.repository.server";
import type { TokenRole } from "#db/schema";
import type { Principal } from "~/modules/accounts/types";
import { getDb } from "~/db.server";
import { i18nServer } from "~/i18n/i18n.server";
import { computeIndexRows, resolveScopeIn, type IndexRow } from "~/modules/indices/indices.service.server";

export const COMMENTS_PER_PAGE = 20;

/** Staff who read the dashboard (tokens use the JSON API instead). */
export const DASHBOARD_ROLES: readonly TokenRole[] = ["administrator", "manager", "viewer"];

export async function requestLocale(request: Request): Promise<Locale> {
  return (await i18nServer.getLocale(request)) === "en" ? "en" : "vi";
}

/** The response a dashboard loader throws for a problem; the route's ErrorBoundary words it. */
export function problemResponse(problem: DashboardProblem | ({ kind: "bad_parameter" } & ViewProblem)) {
  const status = problem.kind === "forbidden" ? 403 : problem.kind === "not_found" ? 404 : 400;
  return data(problem, { status });
}

/* ---------------------------------------------------------------------------
 * The URL
 * ------------------------------------------------------------------------ */

const code = z.string().trim().min(1).max(64);
const ViewParams = z.object({
  period: z.string().max(16).optional(),
  from: z.string().refine(isCalendarDate, { message: "must be a date YYYY-MM-DD" }).optional(),
  to: z.string().refine(isCalendarDate, { message: "must be a date YYYY-MM-DD" }).optional(),
  agency: code.optional(),
  servicePoint: code.optional(),
  includeFlagged: z.enum(["0", "1"], { message: "must be 0 or 1" }).optional(),
  rating: z.enum(COMMENT_RATINGS, { message: `must be one of ${COMMENT_RATINGS.join(", ")}` }).optional(),
  unit: code.optional(),
  page: z.coerce.number({ message: "must be a page number" }).int().min(1).max(10_000).optional(),
  lang: z.enum(["vi", "en"]).optional(),
});

export type ViewProblem = { parameter: string; message: string };
export type ReadView = { kind: "ok"; view: DashboardView } | { kind: "redirect"; to: string } | ({ kind: "bad_parameter" } & ViewProblem);

/**
 * The view a dashboard URL asks for. Empty fields (a GET form's "all"), a
 * period next to stale dates, or parameters in another order are answered with
 * a redirect to the canonical URL, so every view has one address to share.
 */
export function readDashboardView(url: URL, today: string, allowed: ReadonlyArray<keyof DashboardView>): ReadView {
  const raw: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    if (value.trim() === "") continue;
    if (name in raw) return { kind: "bad_parameter", parameter: name, message: "is given more than once" };
    raw[name] = value;
  }
  const parsed = ViewParams.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { kind: "bad_parameter", parameter: String(issue.path[0] ?? "query"), message: issue.message };
  }
  const p = parsed.data;
  const fallback = defaultView(today);
  let period: PeriodChoice = fallback.period;
  if (p.period !== undefined && p.period !== "custom") {
    const chosen = periodChoice(p.period);
    if (!chosen) return { kind: "bad_parameter", parameter: "period", message: "must be a month (2026-05), quarter (2026-Q2) or year (2026)" };
    period = chosen;
  } else if (p.from !== undefined || p.to !== undefined) {
    const to = p.to ?? today;
    const from = p.from ?? `${to.slice(0, 4)}-01-01`;
    if (dayNumberOf(from) > dayNumberOf(to)) return { kind: "bad_parameter", parameter: "from", message: "must not be after to" };
    period = { kind: "custom", from, to };
  }
  const keep = <K extends keyof DashboardView>(key: K, value: DashboardView[K]): DashboardView[K] =>
    allowed.includes(key) ? value : fallback[key];
  const view: DashboardView = {
    period,
    agency: keep("agency", p.agency ?? null),
    servicePoint: keep("servicePoint", p.servicePoint ?? null),
    includeFlagged: p.includeFlagged === "1",
    rating: keep("rating", p.rating ?? null),
    unit: keep("unit", p.unit ?? null),
    page: keep("page", p.page ?? 1),
    lang: p.lang ?? null,
  };
  const canonical = viewSearch(view);
  if (url.search !== "" && url.search !== canonical) return { kind: "redirect", to: `${url.pathname}${canonical}` };
  return { kind: "ok", view };
}

/* ---------------------------------------------------------------------------
 * Figures
 * ------------------------------------------------------------------------ */

/** A rate as judged: the point estimate, its 95% interval and the respondents behind it. */
export type Figure = { estimate: number | null; ciLow: number | null; ciHigh: number | null; n: number };

export type JudgedRow = {
  key: string;
  label: string;
  respondents: number;
  headline: Headline;
  figure: Figure;
  target: IndexRow["target"];
  minSample: number;
  status: TargetStatus | null;
  side: EstimateSide | null;
  /** Position among the units with enough respondents (1 = highest estimate); null when not ranked. */
  rank: number | null;
};

export type AnswerRow = {
  key: string;
  label: string;
  answers: AnswerFigure;
  meanScore: number | null;
  distribution: Distribution;
  /** Share of rated answers at each level 1–5, for the stacked bars. */
  levelShares: [number, number, number, number, number] | null;
  target: IndexRow["target"];
  status: TargetStatus | null;
  side: EstimateSide | null;
  /** Question rows: the key's earlier wordings (newest first) where they differ from the label, with the versions that used them. */
  earlier?: Array<{ versions: number[]; text: string }>;
};

function judged(row: IndexRow, sector: SectorWithTarget | null): JudgedRow {
  const indices = row.indices as Indices;
  const headline = row.headline ?? sector?.target?.headline ?? DEFAULT_HEADLINE;
  const f = headlineFigure(indices, headline);
  return {
    key: row.key,
    label: row.label,
    respondents: indices.respondents,
    headline,
    figure: { estimate: f.estimate, ciLow: f.ciLow, ciHigh: f.ciHigh, n: f.n },
    target: row.target,
    minSample: row.target?.minSample ?? sector?.target?.minSample ?? DEFAULT_MIN_SAMPLE,
    status: row.status,
    side: row.side,
    rank: null,
  };
}

/** Competition ranking ("1, 2, 2, 4") by the point estimate, of units with at least the minimum sample. */
function ranked(rows: JudgedRow[]): JudgedRow[] {
  const eligible = rows.filter((r) => r.figure.estimate !== null && r.figure.n >= r.minSample);
  const withRank = rows.map((r) => ({
    ...r,
    rank: eligible.includes(r) ? 1 + eligible.filter((o) => o.figure.estimate! > r.figure.estimate!).length : null,
  }));
  return withRank.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.figure.n - a.figure.n || a.label.localeCompare(b.label, "vi"));
}

function answerRow(row: IndexRow): AnswerRow {
  const i = row.indices;
  const rated = i.distribution.levels.reduce((a, b) => a + b, 0);
  return {
    key: row.key,
    label: row.label,
    answers: i.answers,
    meanScore: i.meanScore,
    distribution: i.distribution,
    levelShares: rated === 0 ? null : (i.distribution.levels.map((c) => c / rated) as AnswerRow["levelShares"] & object),
    target: row.target,
    status: row.status,
    side: row.side,
  };
}

/* ---------------------------------------------------------------------------
 * Loading
 * ------------------------------------------------------------------------ */

export type DashboardProblem =
  | { kind: "bad_parameter"; parameter: string; message: string }
  | { kind: "forbidden" }
  | { kind: "not_found" };

type Context = { principal: Principal; view: DashboardView; today: string; locale: Locale };

function indexQuery(
  ctx: Context,
  range: DateRange,
  groupBy: IndexGrouping,
  filters: { sector?: string; agency?: string | null; servicePoint?: string | null } = {},
): IndexQuery | DashboardProblem {
  const params = new URLSearchParams({ groupBy, from: range.from, to: range.to });
  if (filters.sector) params.set("sector", filters.sector);
  if (filters.agency) params.set("agency", filters.agency);
  if (filters.servicePoint) params.set("servicePoint", filters.servicePoint);
  if (ctx.view.includeFlagged) params.set("includeFlagged", "1");
  const parsed = parseIndexQuery(params, new Date());
  if ("problem" in parsed) return { kind: "bad_parameter", ...parsed.problem };
  return { ...parsed.query, locale: ctx.locale };
}

class Problem extends Error {
  constructor(readonly problem: DashboardProblem) {
    super(problem.kind);
  }
}

async function rowsOf(ctx: Context, range: DateRange, groupBy: IndexGrouping, filters: Parameters<typeof indexQuery>[3] = {}) {
  const query = indexQuery(ctx, range, groupBy, filters);
  if ("kind" in query) throw new Problem(query);
  const result = await computeIndexRows(query, { sectorIds: ctx.principal.sectorIds });
  if (result.kind === "bad_parameter") throw new Problem({ kind: "bad_parameter", parameter: result.parameter, message: result.message });
  if (result.kind === "forbidden") throw new Problem({ kind: "forbidden" });
  return result;
}

async function guarded<T>(work: () => Promise<T>): Promise<T | { problem: DashboardProblem }> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Problem) return { problem: error.problem };
    throw error;
  }
}

const visibleTo = (principal: Principal) => (sectorId: number) => principal.sectorIds === null || principal.sectorIds.includes(sectorId);

/** The sectors a staff member may see, for the navigation. */
export async function listVisibleSectors(principal: Principal, today: string, locale: Locale) {
  const sectors = await listSectorsWithTargets(getDb(), Number(today.slice(0, 4)));
  return sectors.filter((s) => visibleTo(principal)(s.id)).map((s) => ({ code: s.code, name: s.name[locale] }));
}

export type SectorCard = {
  code: string;
  name: string;
  current: JudgedRow | null;
  /** The sector's target for the year the range ends in, with its headline index. */
  target: { value: number; comparator: ">=" | ">"; minSample: number } | null;
  headline: Headline;
  previous: { period: PeriodChoice; range: DateRange; figure: Figure | null };
  /** Current minus previous estimate (a fraction: 0.021 is 2.1 percentage points); null when either is missing. */
  change: number | null;
};

function cards(
  sectors: SectorWithTarget[],
  current: IndexRow[],
  previous: IndexRow[],
  previousPeriod: PeriodChoice,
  previousRange: DateRange,
  locale: Locale,
): SectorCard[] {
  return sectors.map((sector) => {
    const row = current.find((r) => r.key === sector.code);
    const before = previous.find((r) => r.key === sector.code);
    const now = row ? judged(row, sector) : null;
    const headline = now?.headline ?? sector.target?.headline ?? DEFAULT_HEADLINE;
    const then = before ? headlineFigure(before.indices as Indices, headline) : null;
    const figure = then ? { estimate: then.estimate, ciLow: then.ciLow, ciHigh: then.ciHigh, n: then.n } : null;
    return {
      code: sector.code,
      name: sector.name[locale],
      current: now,
      target: sector.target ? { value: sector.target.value, comparator: sector.target.comparator, minSample: sector.target.minSample } : null,
      headline,
      previous: { period: previousPeriod, range: previousRange, figure },
      change: now?.figure.estimate != null && figure?.estimate != null ? now.figure.estimate - figure.estimate : null,
    };
  });
}

export type OverviewData = {
  range: DateRange;
  cards: SectorCard[];
  flags: FlaggedSummary;
};

/** Every sector in the caller's scope: its card and the flagged responses. */
export async function loadOverview(principal: Principal, view: DashboardView, now: Date, locale: Locale) {
  const today = vietnamDate(now);
  const ctx: Context = { principal, view, today, locale };
  return guarded(async (): Promise<OverviewData> => {
    const range = rangeOf(view.period, today);
    const previousPeriod = previousChoice(view.period);
    const previousRange = rangeOf(previousPeriod, today);
    const [current, previous] = await Promise.all([rowsOf(ctx, range, "sector"), rowsOf(ctx, previousRange, "sector")]);
    const sectors = current.sectors.filter((s) => visibleTo(principal)(s.id));
    const flags = await summariseFlagged(getDb(), { from: range.from, to: range.to, sectorIds: principal.sectorIds, servicePointIds: null });
    return { range, cards: cards(sectors, current.rows, previous.rows, previousPeriod, previousRange, locale), flags };
  });
}

export type ChoiceCounts = {
  key: string;
  question: string;
  total: number;
  options: Array<{ value: string; label: string; count: number; share: number | null }>;
};

export type SectorData = {
  range: DateRange;
  sector: { code: string; name: string };
  card: SectorCard;
  unitFilter: { agency: { code: string; name: string } | null; servicePoint: { code: string; name: string } | null };
  trend: { range: DateRange; target: SectorCard["target"]; headline: Headline; months: Array<{ key: string; figure: Figure; status: TargetStatus | null; side: EstimateSide | null }> };
  agencies: JudgedRow[];
  points: JudgedRow[];
  groups: AnswerRow[];
  questions: AnswerRow[];
  onTime: OnTimeFigure | null;
  visits: ChoiceCounts | null;
  comments: CommentPage & { page: number; perPage: number };
  commentUnits: Array<{ code: string; name: string }>;
  flags: FlaggedSummary;
};

/** The first day of the month eleven months before `date`'s: a year of monthly points. */
function yearOfMonthsEndingAt(date: string): string {
  const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  const months = y * 12 + (m - 1) - 11;
  return `${String(Math.floor(months / 12)).padStart(4, "0")}-${String((months % 12) + 1).padStart(2, "0")}-01`;
}

/** One sector, narrowed to an agency or a point if the view says so. */
export async function loadSector(principal: Principal, sectorCode: string, view: DashboardView, now: Date, locale: Locale) {
  const today = vietnamDate(now);
  const ctx: Context = { principal, view, today, locale };
  return guarded(async (): Promise<SectorData> => {
    const db = getDb();
    const [allSectors, agencies, points] = await Promise.all([
      listSectorsWithTargets(db, Number(today.slice(0, 4))),
      listAgencies(db),
      listServicePoints(db),
    ]);
    const sector = allSectors.find((s) => s.code === sectorCode);
    if (!sector) throw new Problem({ kind: "not_found" });
    if (!visibleTo(principal)(sector.id)) throw new Problem({ kind: "forbidden" });

    const filters = { sector: sector.code, agency: view.agency, servicePoint: view.servicePoint };
    const range = rangeOf(view.period, today);
    const previousPeriod = previousChoice(view.period);
    const previousRange = rangeOf(previousPeriod, today);
    const trendRange = { from: [range.from, yearOfMonthsEndingAt(range.to)].sort()[0]!, to: range.to };

    // The first query validates the filters (unknown codes, another sector's point) before the rest run.
    const current = await rowsOf(ctx, range, "sector", filters);
    const [previous, trend, byAgency, byPoint, byGroup, byQuestion] = await Promise.all([
      rowsOf(ctx, previousRange, "sector", filters),
      rowsOf(ctx, trendRange, "month", filters),
      rowsOf(ctx, range, "agency", filters),
      rowsOf(ctx, range, "servicePoint", filters),
      rowsOf(ctx, range, "group", filters),
      rowsOf(ctx, range, "question", filters),
    ]);
    const yearSector = current.sectors.find((s) => s.id === sector.id) ?? sector;
    const [card] = cards([yearSector], current.rows, previous.rows, previousPeriod, previousRange, locale);

    // The same scope as the index queries (already validated by them), as ids, for the models that read responses.
    const agency = view.agency ? agencies.find((a) => a.code === view.agency)! : null;
    const point = view.servicePoint ? points.find((p) => p.code === view.servicePoint)! : null;
    const resolved = resolveScopeIn(
      { sectors: allSectors, agencies, points },
      { from: range.from, to: range.to, ...filters, includeFlagged: view.includeFlagged },
      { sectorIds: principal.sectorIds },
    );
    if (resolved.kind !== "ok") throw new Problem(resolved.kind === "forbidden" ? { kind: "forbidden" } : resolved);
    const scope = resolved.scope;
    const pointIds = scope.servicePointIds;

    const sectorPoints = points.filter((p) => p.sectorIds.includes(sector.id) && (pointIds === null || pointIds.includes(p.id)));
    const unit = view.unit ? sectorPoints.find((p) => p.code === view.unit) : null;
    if (view.unit && !unit) throw new Problem({ kind: "bad_parameter", parameter: "unit", message: `unknown service point "${view.unit}" for this view` });
    const commentScope = unit ? { ...scope, servicePointIds: [unit.id] } : scope;

    const [comments, flags, choices, choiceOptions] = await Promise.all([
      listComments(db, { scope: commentScope, rating: view.rating, limit: COMMENTS_PER_PAGE, offset: (view.page - 1) * COMMENTS_PER_PAGE }),
      summariseFlagged(db, scope),
      countChoices(db, scope),
      listChoiceOptions(db),
    ]);

    const sectorRow = current.rows.find((r) => r.key === sector.code);
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
          const j = judged(r, yearSector);
          return { key: r.key, figure: j.figure, status: j.status, side: j.side };
        }),
      },
      agencies: ranked(byAgency.rows.map((r) => judged(r, yearSector))),
      points: ranked(byPoint.rows.map((r) => judged(r, yearSector))),
      groups: byGroup.rows.map(answerRow),
      questions: withEarlierWordings(byQuestion.rows.map(answerRow), await listQuestionWordings(db), locale),
      onTime: sectorRow && "onTime" in sectorRow.indices && sectorRow.indices.onTime.onTime + sectorRow.indices.onTime.late + sectorRow.indices.onTime.notYet > 0
        ? sectorRow.indices.onTime
        : null,
      visits: visitCounts(choices, choiceOptions, locale),
      comments: { ...comments, page: view.page, perPage: COMMENTS_PER_PAGE },
      commentUnits: sectorPoints.map((p) => ({ code: p.code, name: p.name[locale] })),
      flags,
    };
  });
}

/**
 * The dashboard labels a question by its latest wording; where citizens of an
 * earlier version read other words, say so under the label. A row's key is
 * the question key, or `questionnaire:key` when two questionnaires share it;
 * a bare key shared by several questionnaires is matched by its current label.
 */
function withEarlierWordings(rows: AnswerRow[], wordings: KeyWordings[], locale: Locale): AnswerRow[] {
  return rows.map((row) => {
    const [code, key] = row.key.includes(":") ? (row.key.split(":", 2) as [string, string]) : [null, row.key];
    let candidates = wordings.filter((w) => w.key === key && (code === null || w.questionnaireCode === code));
    if (candidates.length > 1) {
      candidates = candidates.filter((w) => [...w.wordings].sort((a, b) => b.version - a.version)[0]?.text[locale] === row.label);
    }
    if (candidates.length !== 1) return row;
    const earlier = earlierWordings(candidates[0]!.wordings, locale);
    return earlier.length > 0 ? { ...row, earlier } : row;
  });
}

/** "How many times did you have to come?": counts per option, in the questionnaire's order. */
function visitCounts(
  choices: Awaited<ReturnType<typeof countChoices>>,
  options: Awaited<ReturnType<typeof listChoiceOptions>>,
  locale: Locale,
): ChoiceCounts | null {
  const KEY = "visits";
  const counts = choices.filter((c) => c.questionKey === KEY);
  if (counts.length === 0) return null;
  const question = options.find((o) => o.key === KEY && counts.some((c) => c.questionnaireId === o.questionnaireId));
  const byValue = new Map<string, number>();
  for (const c of counts) byValue.set(c.value, (byValue.get(c.value) ?? 0) + c.count);
  const total = [...byValue.values()].reduce((a, b) => a + b, 0);
  const known = question?.options ?? [];
  const values = [...known.map((o) => o.value), ...[...byValue.keys()].filter((v) => !known.some((o) => o.value === v))];
  return {
    key: KEY,
    question: question?.text[locale] ?? KEY,
    total,
    options: values.map((value) => {
      const count = byValue.get(value) ?? 0;
      return { value, label: known.find((o) => o.value === value)?.text[locale] ?? value, count, share: total === 0 ? null : count / total };
    }),
  };
}

