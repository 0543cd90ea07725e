/**
 * Judging a figure against a sector's target without over-claiming
 * (DOMAIN.md, "Uncertainty"). See docs/decisions/005-index-engine.md.
 */
import type { AnswerIndices, Indices } from "./index-engine";
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

/** A sector's target for a year: the rule and the index it is judged on. */
export type SectorTarget = TargetRule & { headline: Headline };

/** The indices of a question or a criterion group: answer-level only, with the respondents who rated it. */
export type AnswerOnlyIndices = AnswerIndices & { respondents: number };

/**
 * The indices of one group of responses (a sector, a unit, a period, a
 * question…) and, when all of them belong to one sector, their judgement
 * against that sector's target.
 */
export type IndexRow = {
  key: string;
  label: string;
  /** The sectors whose responses the row holds. */
  sectors: string[];
  indices: Indices | AnswerOnlyIndices;
  headline: Headline | null;
  target: TargetRule | null;
  status: TargetStatus | null;
  side: EstimateSide | null;
};

/** Question and group rows have no overall or comprehensive figure; only "answers" is judged on them. */
function asJudgeable(indices: Indices | AnswerOnlyIndices): Pick<Indices, "overall" | "answers" | "comprehensive"> {
  if ("overall" in indices) return indices;
  const none = { n: 0, satisfied: 0, rate: null, ciLow: null, ciHigh: null };
  return { overall: none, answers: indices.answers, comprehensive: { n: 0, satisfied: 0, rate: null } };
}

/**
 * Indices judged against the target of the one sector they belong to (none:
 * no judgement). Question and group rows have only the answer-level rate, so
 * that is what they are judged on.
 */
export function judgeIndices(
  indices: Indices | AnswerOnlyIndices,
  target: SectorTarget | null,
): Pick<IndexRow, "headline" | "target" | "status" | "side"> {
  if (!target) return { headline: null, target: null, status: null, side: null };
  const headline: Headline = "overall" in indices ? target.headline : "answers";
  const judgement = judgeStatus(headlineFigure(asJudgeable(indices), headline), target);
  return {
    headline,
    target: { value: target.value, comparator: target.comparator, minSample: target.minSample },
    status: judgement.status,
    side: judgement.side,
  };
}
