import { useTranslation } from "react-i18next";
import type { PeriodChoice } from "~/domain/dashboard-view";
import { VIETNAM_OFFSET_MS } from "~/domain/vietnam-time";

/**
 * Display formats of the dashboard: percentages with one decimal and the
 * locale's decimal mark ("85,3%" in Vietnamese), counts with its grouping, dates
 * day first. Formatting only: every figure arrives computed from the loader.
 */
export type Formatters = ReturnType<typeof formattersFor>;

export function formattersFor(language: string) {
  const tag = language === "en" ? "en-GB" : "vi-VN";
  const oneDecimal = new Intl.NumberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const twoDecimals = new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const whole = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const upToOneDecimal = new Intl.NumberFormat(tag, { maximumFractionDigits: 1 });
  const percentNumber = (fraction: number) => oneDecimal.format(fraction * 100);
  return {
    language: (language === "en" ? "en" : "vi") as "vi" | "en",
    /** 0.8534 → "85,3%" */
    percent: (fraction: number | null) => (fraction === null ? "—" : `${percentNumber(fraction)}%`),
    /** 0.812, 0.887 → "81,2–88,7%" */
    interval: (low: number | null, high: number | null) =>
      low === null || high === null ? "—" : `${percentNumber(low)}–${percentNumber(high)}%`,
    /** A target as set: 0.85 → "85%", 0.905 → "90,5%" */
    target: (fraction: number) => `${upToOneDecimal.format(fraction * 100)}%`,
    /** A change of 0.021 → "2,1" (percentage points, without sign) */
    points: (fraction: number) => oneDecimal.format(Math.abs(fraction) * 100),
    count: (n: number) => whole.format(n),
    mean: (score: number | null) => (score === null ? "—" : twoDecimals.format(score)),
    /** "2026-11-26" → "26/11/2026" */
    date: (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`,
    /** An ISO instant → "26/11/2026 08:30", in Vietnam time whatever the browser's zone. */
    dateTime: (iso: string) => {
      const local = new Date(new Date(iso).getTime() + VIETNAM_OFFSET_MS).toISOString();
      return `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)} ${local.slice(11, 16)}`;
    },
  };
}

export function useFormatters(): Formatters {
  const { i18n } = useTranslation();
  return formattersFor(i18n.language);
}

/** "Tháng 11/2026", "Quý 4/2026", "Năm 2026", "01/10/2026 – 26/11/2026", with the staff namespace's words (`t`). */
export function periodLabelWith(t: (key: string, options: Record<string, string | number>) => string, f: Formatters): (choice: PeriodChoice) => string {
  return (choice) => {
    if (choice.kind === "custom") return t("dashboard.period.custom", { from: f.date(choice.from), to: f.date(choice.to) });
    const year = choice.key.slice(0, 4);
    switch (choice.granularity) {
      case "month":
        return t("dashboard.period.month", { month: Number(choice.key.slice(5, 7)), year });
      case "quarter":
        return t("dashboard.period.quarter", { quarter: choice.key.slice(6), year });
      case "year":
        return t("dashboard.period.year", { year });
    }
  };
}

export function usePeriodLabel(): (choice: PeriodChoice) => string {
  const { t } = useTranslation("staff");
  return periodLabelWith((key, options) => t(key, options), useFormatters());
}

/** A change between two rates as a direction: half a tenth of a point either way shows as "0,0", so it is unchanged. */
export function changeDirection(change: number | null): "up" | "down" | "same" | null {
  return change === null ? null : Math.abs(change) < 0.0005 ? "same" : change > 0 ? "up" : "down";
}
