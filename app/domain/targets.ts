/**
 * Judging a figure against a sector's target without over-claiming
 * (DOMAIN.md, "Uncertainty"). See docs/decisions/005-index-engine.md.
 */
import type { Indices } from "./index-engine";
import { wilsonInterval } from "./statistics";

/** ">=": at least (≥); ">": over (>). Targets are data, so the comparator is too. */
export const COMPARATORS = [">=", ">"] as const;
export type Comparator = (typeof COMPARATORS)[number];

/** The index a sector's target is judged on; DOMAIN.md's default is the respondent-level rate. */
export const HEADLINES = ["overall", "answers", "comprehensive"] as const;
export type Headline = (typeof HEADLINES)[number];
export const DEFAULT_HEADLINE: Headline = "overall";

/** DOMAIN.md: insufficient data below this many respondents unless a sector says otherwise. */
export const DEFAULT_MIN_SAMPLE = 30;

export type TargetRule = { value: number; comparator: Comparator; minSample: number };

/** A figure to judge: its point estimate, interval and the respondents behind it. */
export type JudgedFigure = { estimate: number | null; ciLow: number | null; ciHigh: number | null; n: number };

export type TargetStatus = "meets" | "below" | "inconclusive" | "insufficient";
/** Where the point estimate falls: "above" means it would meet the target under its comparator. */
export type EstimateSide = "above" | "below";
export type StatusJudgement =
  | { status: "meets" | "below" | "insufficient"; side: null }
  | { status: "inconclusive"; side: EstimateSide };

/** Whether one value meets the target under its comparator. */
export function meetsTarget(value: number, target: Pick<TargetRule, "value" | "comparator">): boolean {
  return target.comparator === ">" ? value > target.value : value >= target.value;
}

/**
 * meets: every value in the interval meets the target (its lower bound does);
 * below: no value in it does (its upper bound does not); otherwise inconclusive,
 * with the side of the point estimate. Too few respondents: insufficient.
 */
export function judgeStatus(figure: JudgedFigure, target: TargetRule): StatusJudgement {
  const { estimate, ciLow, ciHigh, n } = figure;
  if (n < target.minSample || estimate === null || ciLow === null || ciHigh === null) {
    return { status: "insufficient", side: null };
  }
  if (meetsTarget(ciLow, target)) return { status: "meets", side: null };
  if (!meetsTarget(ciHigh, target)) return { status: "below", side: null };
  return { status: "inconclusive", side: meetsTarget(estimate, target) ? "above" : "below" };
}

/**
 * The figure a sector's target is judged on, with n counted in respondents
 * (the minimum sample is in respondents, CONTRACTS.md): for the answer-level
 * rate that is the respondents who rated a criterion question, not the answers.
 * Comprehensive satisfaction is a yes/no per respondent, so its interval is a
 * Wilson interval like the overall rate's.
 */
export function headlineFigure(
  indices: Pick<Indices, "overall" | "answers" | "comprehensive">,
  headline: Headline,
): JudgedFigure {
  switch (headline) {
    case "overall": {
      const { rate, ciLow, ciHigh, n } = indices.overall;
      return { estimate: rate, ciLow, ciHigh, n };
    }
    case "answers": {
      const { rate, ciLow, ciHigh, respondents } = indices.answers;
      return { estimate: rate, ciLow, ciHigh, n: respondents };
    }
    case "comprehensive": {
      const { satisfied, n } = indices.comprehensive;
      const interval = wilsonInterval(satisfied, n);
      return { estimate: interval?.rate ?? null, ciLow: interval?.low ?? null, ciHigh: interval?.high ?? null, n };
    }
  }
}
