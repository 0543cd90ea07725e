/**
 * The satisfaction indices of DOMAIN.md ("Index definitions"), computed from
 * additive sums so that a summary row per (day, service point, sector, …) can be
 * kept in step with each insert and rolled up to any view by plain addition.
 * See docs/decisions/005-index-engine.md.
 */
import { isSatisfied, SCALE_LEVELS, type ScaleLevel } from "./scale";
import { clusterRatioInterval, wilsonInterval, type ClusterSums, type RateInterval } from "./statistics";

/** Count of answers per level 1..5 (index 0 is level 1). */
export type LevelCounts = [number, number, number, number, number];

/**
 * Rated scale answers with respondents as clusters, plus their distribution.
 * The same shape serves all criterion answers, one question (m_i ≤ 1) and one
 * criterion group (several questions per respondent).
 * Invariants: n = Σ levels, satisfied = levels[3] + levels[4].
 */
export type AnswerSums = ClusterSums & {
  levels: LevelCounts;
  /** "no opinion / not applicable" answers: stored, in no denominator */
  notApplicable: number;
};

/** Respondents who rated a question they each answer at most once. */
export type CountSums = { n: number; satisfied: number };

/** The options of the "result returned on time?" question (seeded key `on_time`). */
export const ON_TIME_CHOICES = ["on_time", "late", "not_yet"] as const;
export type OnTimeChoice = (typeof ON_TIME_CHOICES)[number];
export type OnTimeSums = { onTime: number; late: number; notYet: number };

/** Everything the indices of a set of responses need; additive over responses. */
export type IndexSums = {
  respondents: number;
  /** the overall question: rated answers and satisfied ones */
  overall: CountSums;
  /** criterion answers (every scale question not flagged overall) */
  answers: AnswerSums;
  /** respondents with ≥ 1 rated criterion answer (n), and those with all of them satisfied */
  comprehensive: CountSums;
  onTime: OnTimeSums;
};

/** One scale answer of one respondent, as the index engine sees it. */
export type RespondentAnswer = { score: ScaleLevel | null; criterion: boolean; overall: boolean };

export function emptyAnswerSums(): AnswerSums {
  return { clusters: 0, n: 0, satisfied: 0, ss: 0, sm: 0, mm: 0, levels: [0, 0, 0, 0, 0], notApplicable: 0 };
}

export function emptySums(): IndexSums {
  return {
    respondents: 0,
    overall: { n: 0, satisfied: 0 },
    answers: emptyAnswerSums(),
    comprehensive: { n: 0, satisfied: 0 },
    onTime: { onTime: 0, late: 0, notYet: 0 },
  };
}

export function mergeAnswerSums(a: AnswerSums, b: AnswerSums): AnswerSums {
  return {
    clusters: a.clusters + b.clusters,
    n: a.n + b.n,
    satisfied: a.satisfied + b.satisfied,
    ss: a.ss + b.ss,
    sm: a.sm + b.sm,
    mm: a.mm + b.mm,
    levels: [
      a.levels[0] + b.levels[0],
      a.levels[1] + b.levels[1],
      a.levels[2] + b.levels[2],
      a.levels[3] + b.levels[3],
      a.levels[4] + b.levels[4],
    ],
    notApplicable: a.notApplicable + b.notApplicable,
  };
}

const mergeCounts = (a: CountSums, b: CountSums): CountSums => ({ n: a.n + b.n, satisfied: a.satisfied + b.satisfied });

/** Pure addition, field by field: the sums of two disjoint sets of responses. */
export function mergeSums(a: IndexSums, b: IndexSums): IndexSums {
  return {
    respondents: a.respondents + b.respondents,
    overall: mergeCounts(a.overall, b.overall),
    answers: mergeAnswerSums(a.answers, b.answers),
    comprehensive: mergeCounts(a.comprehensive, b.comprehensive),
    onTime: {
      onTime: a.onTime.onTime + b.onTime.onTime,
      late: a.onTime.late + b.onTime.late,
      notYet: a.onTime.notYet + b.onTime.notYet,
    },
  };
}

function assertScore(score: ScaleLevel | null): void {
  if (score !== null && !SCALE_LEVELS.includes(score)) throw new RangeError(`a scale answer must be 1–5 or null, got ${score}`);
}

/**
 * The sums of ONE respondent's answers to a set of scale questions (one
 * question, one criterion group, or all criterion questions): one cluster.
 */
export function answerSumsOf(scores: readonly (ScaleLevel | null)[]): AnswerSums {
  const sums = emptyAnswerSums();
  for (const score of scores) {
    assertScore(score);
    if (score === null) {
      sums.notApplicable += 1;
      continue;
    }
    sums.levels[(score - 1) as 0 | 1 | 2 | 3 | 4] += 1;
    sums.n += 1;
    if (isSatisfied(score)) sums.satisfied += 1;
  }
  const s = sums.satisfied;
  const m = sums.n;
  return { ...sums, clusters: m >= 1 ? 1 : 0, ss: s * s, sm: s * m, mm: m * m };
}

/**
 * The sums of ONE respondent: their scale answers and their on-time choice
 * (null or absent when the questionnaire has no such question or it was skipped).
 * A respondent counts even with no rated answer — they responded.
 */
export function respondentSums(answers: readonly RespondentAnswer[], onTime: OnTimeChoice | null = null): IndexSums {
  for (const answer of answers) assertScore(answer.score);
  if (answers.some((a) => a.overall && a.criterion)) throw new RangeError("the overall question is not a criterion question");
  const overallAnswers = answers.filter((a) => a.overall);
  if (overallAnswers.length > 1) throw new RangeError("a respondent answers the overall question once");
  const overallScore = overallAnswers[0]?.score ?? null;
  const criterion = answerSumsOf(answers.filter((a) => a.criterion).map((a) => a.score));
  if (onTime !== null && !ON_TIME_CHOICES.includes(onTime)) throw new RangeError(`unknown on-time choice ${String(onTime)}`);
  return {
    respondents: 1,
    overall: {
      n: overallScore === null ? 0 : 1,
      satisfied: overallScore !== null && isSatisfied(overallScore) ? 1 : 0,
    },
    answers: criterion,
    comprehensive: {
      n: criterion.n >= 1 ? 1 : 0,
      satisfied: criterion.n >= 1 && criterion.satisfied === criterion.n ? 1 : 0,
    },
    onTime: {
      onTime: onTime === "on_time" ? 1 : 0,
      late: onTime === "late" ? 1 : 0,
      notYet: onTime === "not_yet" ? 1 : 0,
    },
  };
}

/** A rate with its n; rate and bounds are null when n = 0 (nothing to estimate). */
export type RateFigure = { n: number; satisfied: number; rate: number | null; ciLow: number | null; ciHigh: number | null };
/** The answer-level figure also says how many respondents (clusters) stand behind its n answers. */
export type AnswerFigure = RateFigure & { respondents: number };
export type ComprehensiveFigure = { n: number; satisfied: number; rate: number | null };
/** Citizen-reported punctuality: rate = onTime ÷ (onTime + late) = onTime ÷ n. */
export type OnTimeFigure = {
  n: number;
  onTime: number;
  late: number;
  notYet: number;
  rate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
};
export type Distribution = { levels: LevelCounts; notApplicable: number };

/** The figures of one question or criterion group (its `answers` row, DOMAIN.md). */
export type AnswerIndices = { answers: AnswerFigure; meanScore: number | null; distribution: Distribution };

export type Indices = AnswerIndices & {
  respondents: number;
  overall: RateFigure;
  comprehensive: ComprehensiveFigure;
  onTime: OnTimeFigure;
};

function wilsonFigure(satisfied: number, n: number): RateFigure {
  const interval = wilsonInterval(satisfied, n);
  return { n, satisfied, rate: interval?.rate ?? null, ciLow: interval?.low ?? null, ciHigh: interval?.high ?? null };
}

function onTimeFigure(onTime: number, late: number, notYet: number): OnTimeFigure {
  const { n, rate, ciLow, ciHigh } = wilsonFigure(onTime, onTime + late);
  return { n, onTime, late, notYet, rate, ciLow, ciHigh };
}

/** Mean level 1–5 over rated answers, from the distribution (so it cannot disagree with it). */
export function meanScore(levels: LevelCounts): number | null {
  const n = levels.reduce((total, count) => total + count, 0);
  if (n === 0) return null;
  return levels.reduce((total, count, index) => total + count * (index + 1), 0) / n;
}

/**
 * The interval of an answer-level rate. Answers of one respondent are
 * correlated, hence the cluster-robust ratio interval; but when every
 * respondent gave at most one answer (a single question) there is nothing to
 * cluster: the rate is a proportion of independent respondents, and the Wilson
 * interval, like the overall rate's, does not collapse to a point at 0% or 100%.
 */
export function answerRateInterval(sums: AnswerSums): RateInterval | null {
  return sums.clusters === sums.n ? wilsonInterval(sums.satisfied, sums.n) : clusterRatioInterval(sums);
}

/** Answer-level rate with its interval, mean score and distribution of answer sums. */
export function computeAnswerIndices(sums: AnswerSums): AnswerIndices {
  const interval = answerRateInterval(sums);
  return {
    answers: {
      n: sums.n,
      satisfied: sums.satisfied,
      rate: interval?.rate ?? null,
      ciLow: interval?.low ?? null,
      ciHigh: interval?.high ?? null,
      respondents: sums.clusters,
    },
    meanScore: meanScore(sums.levels),
    distribution: { levels: [...sums.levels], notApplicable: sums.notApplicable },
  };
}

/**
 * Every index of DOMAIN.md from the sums of a set of responses. Rates are
 * unrounded fractions; rounding is for display and the API, never for judging.
 */
export function computeIndices(sums: IndexSums): Indices {
  const { onTime, late, notYet } = sums.onTime;
  const comprehensive = sums.comprehensive;
  return {
    respondents: sums.respondents,
    overall: wilsonFigure(sums.overall.satisfied, sums.overall.n),
    ...computeAnswerIndices(sums.answers),
    comprehensive: {
      n: comprehensive.n,
      satisfied: comprehensive.satisfied,
      rate: comprehensive.n === 0 ? null : comprehensive.satisfied / comprehensive.n,
    },
    // "Not received yet" says nothing about punctuality: it is kept as a count, outside the rate.
    onTime: onTimeFigure(onTime, late, notYet),
  };
}
