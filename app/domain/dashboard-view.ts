/**
 * What a dashboard URL says: the period, the filters and the comments' page.
 * One canonical query string per view, so a link can be shared and a GET
 * form (which works without JavaScript) lands on the same URL as a click.
 */
import {
  addDays,
  dayNumberOf,
  nextPeriodKey,
  parsePeriodKey,
  periodBounds,
  periodKeyOf,
  previousPeriodKey,
  type PeriodGranularity,
} from "./periods";

/** How the comments can be filtered by the respondent's overall rating: a band or one level. */
export const COMMENT_RATINGS = ["satisfied", "neutral", "dissatisfied", "5", "4", "3", "2", "1"] as const;
export type CommentRating = (typeof COMMENT_RATINGS)[number];

/** The calendar periods the picker offers; a custom range covers the rest. */
export const PICKER_GRANULARITIES = ["month", "quarter", "year"] as const satisfies readonly PeriodGranularity[];
export type PickerGranularity = (typeof PICKER_GRANULARITIES)[number];

export type PeriodChoice = { kind: "period"; key: string; granularity: PickerGranularity } | { kind: "custom"; from: string; to: string };

export type DashboardView = {
  period: PeriodChoice;
  /** Narrow a sector page to one agency (and the agencies under it) or one service point. */
  agency: string | null;
  servicePoint: string | null;
  includeFlagged: boolean;
  /** Comment filters: the respondent's overall rating and a service point. */
  rating: CommentRating | null;
  unit: string | null;
  /** The comments' page, from 1. */
  page: number;
  lang: "vi" | "en" | null;
};

export type DateRange = { from: string; to: string };

export function periodChoice(key: string): PeriodChoice | null {
  const period = parsePeriodKey(key);
  if (!period || !(PICKER_GRANULARITIES as readonly string[]).includes(period.granularity)) return null;
  return { kind: "period", key, granularity: period.granularity as PickerGranularity };
}

/** The current year: the targets are yearly, and so is the API's default range. */
export function defaultView(today: string): DashboardView {
  return {
    period: periodChoice(periodKeyOf(today, "year"))!,
    agency: null,
    servicePoint: null,
    includeFlagged: false,
    rating: null,
    unit: null,
    page: 1,
    lang: null,
  };
}

/**
 * The dates a choice covers. The period that holds today stops at today, so a
 * trend shows no empty future months and the range matches "so far this year".
 */
export function rangeOf(period: PeriodChoice, today: string): DateRange {
  if (period.kind === "custom") return { from: period.from, to: period.to };
  const { first, last } = periodBounds(period.key);
  const clipped = dayNumberOf(first) <= dayNumberOf(today) && dayNumberOf(today) < dayNumberOf(last);
  return { from: first, to: clipped ? today : last };
}

/** The period just before: the previous month, quarter or year; for a custom range, as many days just before it. */
export function previousChoice(period: PeriodChoice): PeriodChoice {
  if (period.kind === "period") return periodChoice(previousPeriodKey(period.key))!;
  const days = dayNumberOf(period.to) - dayNumberOf(period.from) + 1;
  return { kind: "custom", from: addDays(period.from, -days), to: addDays(period.from, -1) };
}

export function nextChoice(period: PeriodChoice): PeriodChoice | null {
  return period.kind === "period" ? periodChoice(nextPeriodKey(period.key)) : null;
}

/** The canonical query string of a view ("" for none), with `change` applied. */
export function viewSearch(view: DashboardView, change: Partial<DashboardView> = {}): string {
  const v = { ...view, ...change };
  const params = new URLSearchParams();
  if (v.period.kind === "period") params.set("period", v.period.key);
  else {
    params.set("from", v.period.from);
    params.set("to", v.period.to);
  }
  if (v.agency) params.set("agency", v.agency);
  if (v.servicePoint) params.set("servicePoint", v.servicePoint);
  if (v.includeFlagged) params.set("includeFlagged", "1");
  if (v.rating) params.set("rating", v.rating);
  if (v.unit) params.set("unit", v.unit);
  if (v.page > 1) params.set("page", String(v.page));
  if (v.lang) params.set("lang", v.lang);
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** A view for another page: the period, the flagged switch and the language go along; the filters do not. */
export function carriedView(view: DashboardView): DashboardView {
  return { ...view, agency: null, servicePoint: null, rating: null, unit: null, page: 1 };
}

/** Months, quarters and years up to today's, newest first, for the picker; the chosen one is always there. */
export function periodOptions(today: string, chosen: PeriodChoice): Record<PickerGranularity, string[]> {
  const counts: Record<PickerGranularity, number> = { month: 24, quarter: 8, year: 5 };
  const options = {} as Record<PickerGranularity, string[]>;
  for (const granularity of PICKER_GRANULARITIES) {
    const keys: string[] = [];
    let key = periodKeyOf(today, granularity);
    for (let i = 0; i < counts[granularity]; i += 1) {
      keys.push(key);
      key = previousPeriodKey(key);
    }
    if (chosen.kind === "period" && chosen.granularity === granularity && !keys.includes(chosen.key)) {
      keys.push(chosen.key);
      keys.sort((a, b) => dayNumberOf(periodBounds(b).first) - dayNumberOf(periodBounds(a).first));
    }
    options[granularity] = keys;
  }
  return options;
}

/** The CSV exports (another module serves them) take the same parameters as GET /api/v1/indices. */
export function exportHref(
  file: "indices.csv" | "responses.csv",
  range: DateRange,
  params: { groupBy?: string; sector?: string | null; agency?: string | null; servicePoint?: string | null; includeFlagged: boolean; lang: string | null },
): string {
  const search = new URLSearchParams();
  if (params.groupBy) search.set("groupBy", params.groupBy);
  search.set("from", range.from);
  search.set("to", range.to);
  if (params.sector) search.set("sector", params.sector);
  if (params.agency) search.set("agency", params.agency);
  if (params.servicePoint) search.set("servicePoint", params.servicePoint);
  if (params.includeFlagged) search.set("includeFlagged", "1");
  if (params.lang) search.set("lang", params.lang);
  return `/dashboard/export/${file}?${search.toString()}`;
}
