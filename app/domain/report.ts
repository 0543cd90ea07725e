/**
 * The printable report and its workbook (docs/decisions/023-reports.md): which
 * period a report URL asks for, and what its download is called.
 */
import { readDashboardView, type ReadView } from "./dashboard-url";
import { periodChoice, type PeriodChoice } from "./dashboard-view";
import { periodKeyOf, previousPeriodKey } from "./periods";
import type { Outcome } from "./problem";

/** The month before today's: the last one whose figures no longer move. */
export function lastClosedMonth(today: string): PeriodChoice {
  return periodChoice(previousPeriodKey(periodKeyOf(today, "month")))!;
}

/**
 * The view a report URL asks for: the dashboard's parameters and rules
 * (period, or from/to; includeFlagged; lang), no filters; with no period at
 * all, the last closed month rather than the dashboard's year so far (an
 * address that needs its canonical form is sent to one naming that month).
 */
export function readReportView(url: URL, today: string): Outcome<ReadView> {
  const asked = ["period", "from", "to"].some((name) => url.searchParams.has(name));
  if (asked) return readDashboardView(url, today, []);
  const withMonth = new URL(url);
  const month = lastClosedMonth(today);
  if (month.kind === "period") withMonth.searchParams.set("period", month.key);
  return readDashboardView(withMonth, today, []);
}

/** "bao-cao-hai-long-2026-11.xlsx", "…-2026-Q4.xlsx", "…-2026-10-01_2026-11-15.xlsx": ASCII only, for every browser's Content-Disposition. */
export function reportFileName(period: PeriodChoice, extension: "xlsx"): string {
  const stem = period.kind === "period" ? period.key : `${period.from}_${period.to}`;
  return `bao-cao-hai-long-${stem}.${extension}`;
}
