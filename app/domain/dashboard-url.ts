/**
 * Reading a dashboard URL into its view (dashboard-view.ts), with the
 * parameters and rules of the indices API (index-query.ts). Server-side only
 * in practice: it is kept apart from dashboard-view.ts so that the pages'
 * browser code, which shapes URLs, does not carry zod (whose eval probe a
 * strict Content-Security-Policy reports).
 */
import { z } from "zod";
import { badParameter, codeParameter, dateRangeOf, includesFlagged, INDEX_PARAMETERS, parseParameters, singleValues } from "./index-query";
import { COMMENT_RATINGS, defaultView, periodChoice, viewSearch, type DashboardView, type PeriodChoice } from "./dashboard-view";
import { isCalendarDate, periodBounds } from "./periods";
import { refused, succeeded, type Outcome } from "./problem";

/* ---------------------------------------------------------------------------
 * Reading the URL
 * ------------------------------------------------------------------------ */

const ViewParams = z.object({
  from: INDEX_PARAMETERS.from,
  to: INDEX_PARAMETERS.to,
  agency: INDEX_PARAMETERS.agency,
  servicePoint: INDEX_PARAMETERS.servicePoint,
  includeFlagged: INDEX_PARAMETERS.includeFlagged,
  lang: INDEX_PARAMETERS.lang,
  period: z.string().max(16).optional(),
  rating: z.enum(COMMENT_RATINGS, { message: `must be one of ${COMMENT_RATINGS.join(", ")}` }).optional(),
  unit: codeParameter.optional(),
  page: z.coerce.number({ message: "must be a page number" }).int().min(1).max(10_000).optional(),
});

export type ReadView = { kind: "view"; view: DashboardView } | { kind: "redirect"; to: string };

const PERIOD_MESSAGE = "must be a month (2026-05), quarter (2026-Q2) or year (2026)";

/**
 * The view a dashboard URL asks for, with the parameters and rules of the
 * indices API (index-query.ts). Empty fields (a GET form's "all"), a period
 * next to stale dates, or parameters in another order are answered with a
 * redirect to the canonical URL, so every view has one address to share.
 * `allowed` names the filters the page has; the others are dropped.
 */
export function readDashboardView(url: URL, today: string, allowed: ReadonlyArray<keyof DashboardView>): Outcome<ReadView> {
  const raw = singleValues(url.searchParams, { skipEmpty: true });
  if (!raw.ok) return raw;
  const parsed = parseParameters(ViewParams, raw.value);
  if (!parsed.ok) return parsed;
  const p = parsed.value;
  const fallback = defaultView(today);
  let period: PeriodChoice = fallback.period;
  if (p.period !== undefined && p.period !== "custom") {
    const chosen = periodChoice(p.period);
    // Only years a query may ask about, so the periods before and after it exist too.
    if (!chosen || !isCalendarDate(periodBounds(p.period).first) || !isCalendarDate(periodBounds(p.period).last)) {
      return refused(badParameter("period", PERIOD_MESSAGE));
    }
    period = chosen;
  } else if (p.from !== undefined || p.to !== undefined) {
    const range = dateRangeOf(p.from, p.to, today);
    if (!range.ok) return range;
    period = { kind: "custom", ...range.value };
  }
  const keep = <K extends keyof DashboardView>(key: K, value: DashboardView[K]): DashboardView[K] =>
    allowed.includes(key) ? value : fallback[key];
  const view: DashboardView = {
    period,
    agency: keep("agency", p.agency ?? null),
    servicePoint: keep("servicePoint", p.servicePoint ?? null),
    includeFlagged: includesFlagged(p.includeFlagged),
    rating: keep("rating", p.rating ?? null),
    unit: keep("unit", p.unit ?? null),
    page: keep("page", p.page ?? 1),
    lang: p.lang ?? null,
  };
  const canonical = viewSearch(view);
  if (url.search !== "" && url.search !== canonical) return succeeded({ kind: "redirect", to: `${url.pathname}${canonical}` });
  return succeeded({ kind: "view", view });
}
