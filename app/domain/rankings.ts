/**
 * What the dashboard shows of index rows: each unit's headline figure as
 * judged, units ranked, questions and groups with their distributions, a
 * sector's card beside the previous period. Every rate comes from the index
 * engine and `headlineFigure`; this only picks, orders and pairs them.
 */
import type { AnswerFigure, Distribution, Indices } from "./index-engine";
import type { Locale } from "./questionnaire";
import { earlierWordings, type VersionWording } from "./questionnaire-draft";
import {
  DEFAULT_HEADLINE,
  DEFAULT_MIN_SAMPLE,
  headlineFigure,
  type EstimateSide,
  type Headline,
  type IndexRow,
  type SectorTarget,
  type TargetRule,
  type TargetStatus,
} from "./targets";
import type { DateRange, PeriodChoice } from "./dashboard-view";

/** A rate as judged: the point estimate, its 95% interval and the respondents behind it. */
export type Figure = { estimate: number | null; ciLow: number | null; ciHigh: number | null; n: number };

export type JudgedRow = {
  key: string;
  label: string;
  respondents: number;
  headline: Headline;
  figure: Figure;
  target: TargetRule | null;
  minSample: number;
  status: TargetStatus | null;
  side: EstimateSide | null;
  /** Position among the units with enough respondents (1 = highest estimate); null when not ranked. */
  rank: number | null;
  /**
   * The best and worst rank consistent with the 95% intervals (DOMAIN.md,
   * "Publishing and ranking"): best = 1 + the units wholly above this one,
   * worst = the ranked units minus those wholly below; null when not ranked.
   */
  rankBest: number | null;
  rankWorst: number | null;
};

export type AnswerRow = {
  key: string;
  label: string;
  answers: AnswerFigure;
  meanScore: number | null;
  distribution: Distribution;
  /** Share of rated answers at each level 1–5, for the stacked bars. */
  levelShares: [number, number, number, number, number] | null;
  target: TargetRule | null;
  status: TargetStatus | null;
  side: EstimateSide | null;
  /** Question rows: the key's earlier wordings (newest first) where they differ from the label, with the versions that used them. */
  earlier?: Array<{ versions: number[]; text: string }>;
};

/** A sector as the dashboard needs it: its names and its target for the year shown. */
export type SectorOfYear = { code: string; name: Record<Locale, string>; target: SectorTarget | null };

export type SectorCard = {
  code: string;
  name: string;
  current: JudgedRow | null;
  /** The sector's target for the year the range ends in, with its headline index. */
  target: TargetRule | null;
  headline: Headline;
  previous: { period: PeriodChoice; range: DateRange; figure: Figure | null };
  /** Current minus previous estimate (a fraction: 0.021 is 2.1 percentage points); null when either is missing. */
  change: number | null;
};

export type ChoiceCounts = {
  key: string;
  question: string;
  total: number;
  options: Array<{ value: string; label: string; count: number; share: number | null }>;
};

const figureOf = (f: Figure): Figure => ({ estimate: f.estimate, ciLow: f.ciLow, ciHigh: f.ciHigh, n: f.n });

/**
 * A row's headline figure and judgement. Its headline is the row's own, else
 * its sector's, else DOMAIN.md's default; its minimum sample likewise.
 */
export function judgedRow(row: IndexRow, sector: Pick<SectorOfYear, "target"> | null): JudgedRow {
  const indices = row.indices as Indices;
  const headline = row.headline ?? sector?.target?.headline ?? DEFAULT_HEADLINE;
  return {
    key: row.key,
    label: row.label,
    respondents: indices.respondents,
    headline,
    figure: figureOf(headlineFigure(indices, headline)),
    target: row.target,
    minSample: row.target?.minSample ?? sector?.target?.minSample ?? DEFAULT_MIN_SAMPLE,
    status: row.status,
    side: row.side,
    rank: null,
    rankBest: null,
    rankWorst: null,
  };
}

/** A rank range: the best and the worst rank a unit's interval allows among the others'. */
export type RankRange = { best: number; worst: number };

/** The interval of a figure with an estimate; a missing bound is the estimate itself. */
function intervalOf(f: Figure): [number, number] {
  const e = f.estimate!;
  return [f.ciLow ?? e, f.ciHigh ?? e];
}

/**
 * Each figure's rank range among `figures` (the ones with an estimate; a
 * figure without one has none and counts for nobody): best = 1 + the number
 * whose interval lies wholly above its own (their low bound over its high
 * one), worst = the number ranked minus those wholly below. Two units whose
 * intervals overlap may swap places, so neither is surely ahead; disjoint
 * intervals pin a unit to its rank. The competition rank by estimate always
 * lies within (the estimate lies within its interval).
 */
export function rankRanges(figures: readonly Figure[]): Array<RankRange | null> {
  const ranked = figures.filter((f) => f.estimate !== null).map(intervalOf);
  return figures.map((f) => {
    if (f.estimate === null) return null;
    const [low, high] = intervalOf(f);
    const above = ranked.filter(([oLow]) => oLow > high).length;
    const below = ranked.filter(([, oHigh]) => oHigh < low).length;
    return { best: 1 + above, worst: ranked.length - below };
  });
}

/** Whether a unit is ranked: an estimate, from at least its minimum sample. */
export const isRankable = (r: Pick<JudgedRow, "figure" | "minSample">) => r.figure.estimate !== null && r.figure.n >= r.minSample;

/**
 * Competition ranking ("1, 2, 2, 4") by the point estimate, of the units with
 * at least the minimum sample, each with its rank range among them; the
 * others follow unranked, most respondents first, then by name.
 */
export function rankUnits(rows: readonly JudgedRow[]): JudgedRow[] {
  const eligible = rows.filter(isRankable);
  const ranges = rankRanges(eligible.map((r) => r.figure));
  const withRank = rows.map((r) => {
    const at = eligible.indexOf(r);
    if (at < 0) return { ...r, rank: null, rankBest: null, rankWorst: null };
    const range = ranges[at]!;
    return {
      ...r,
      rank: 1 + eligible.filter((o) => o.figure.estimate! > r.figure.estimate!).length,
      rankBest: range.best,
      rankWorst: range.worst,
    };
  });
  return withRank.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.figure.n - a.figure.n || a.label.localeCompare(b.label, "vi"));
}

/**
 * Units ranked (in rank order, with their ranges) and the units below their
 * minimum sample or without an estimate, listed apart (most respondents first):
 * what a ranking table and its "not enough responses" list show.
 */
export function splitRanked(rows: readonly JudgedRow[]): { ranked: JudgedRow[]; unranked: JudgedRow[] } {
  const all = rankUnits(rows);
  return { ranked: all.filter((r) => r.rank !== null), unranked: all.filter((r) => r.rank === null) };
}

/** A question or criterion group row: its answer-level rate, mean and distribution with each level's share. */
export function answerRow(row: IndexRow): AnswerRow {
  const i = row.indices;
  const rated = i.distribution.levels.reduce((a, b) => a + b, 0);
  return {
    key: row.key,
    label: row.label,
    answers: i.answers,
    meanScore: i.meanScore,
    distribution: i.distribution,
    levelShares: rated === 0 ? null : (i.distribution.levels.map((c) => c / rated) as NonNullable<AnswerRow["levelShares"]>),
    target: row.target,
    status: row.status,
    side: row.side,
  };
}

/** Each sector's card: its headline figure now and in the previous period (judged on the same headline), and the change. */
export function sectorCards(
  sectors: readonly SectorOfYear[],
  current: readonly IndexRow[],
  previous: readonly IndexRow[],
  previousPeriod: { period: PeriodChoice; range: DateRange },
  locale: Locale,
): SectorCard[] {
  return sectors.map((sector) => {
    const row = current.find((r) => r.key === sector.code);
    const before = previous.find((r) => r.key === sector.code);
    const now = row ? judgedRow(row, sector) : null;
    const headline = now?.headline ?? sector.target?.headline ?? DEFAULT_HEADLINE;
    const figure = before ? figureOf(headlineFigure(before.indices as Indices, headline)) : null;
    const target = sector.target;
    return {
      code: sector.code,
      name: sector.name[locale],
      current: now,
      target: target ? { value: target.value, comparator: target.comparator, minSample: target.minSample } : null,
      headline,
      previous: { ...previousPeriod, figure },
      change: now?.figure.estimate != null && figure?.estimate != null ? now.figure.estimate - figure.estimate : null,
    };
  });
}

/** The first day of the month eleven months before `date`'s: a year of monthly points. */
export function yearOfMonthsEndingAt(date: string): string {
  const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  const months = y * 12 + (m - 1) - 11;
  return `${String(Math.floor(months / 12)).padStart(4, "0")}-${String((months % 12) + 1).padStart(2, "0")}-01`;
}

/** Every published wording of one question key of one questionnaire. */
export type KeyWordings = { questionnaireCode: string; key: string; wordings: readonly VersionWording[] };

/**
 * The dashboard labels a question by its latest wording; where citizens of an
 * earlier version read other words, say so under the label. A row's key is
 * the question key, or `questionnaire:key` when two questionnaires share it;
 * a bare key shared by several questionnaires is matched by its current label.
 */
export function withEarlierWordings(rows: readonly AnswerRow[], wordings: readonly KeyWordings[], locale: Locale): AnswerRow[] {
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

export type ChoiceCount = { questionnaireId: number; questionKey: string; value: string; count: number };
export type ChoiceQuestion = {
  questionnaireId: number;
  key: string;
  text: Record<Locale, string>;
  options: ReadonlyArray<{ value: string; text: Record<Locale, string> }>;
};

/** The seeded question "How many times did you have to come?". */
export const VISITS_QUESTION_KEY = "visits";

/**
 * The counts of one choice question per option, in the questionnaire's order
 * (options no longer offered follow, by their stored value); null when nobody
 * answered it.
 */
export function choiceCounts(
  key: string,
  counts: readonly ChoiceCount[],
  questions: readonly ChoiceQuestion[],
  locale: Locale,
): ChoiceCounts | null {
  const answered = counts.filter((c) => c.questionKey === key);
  if (answered.length === 0) return null;
  const question = questions.find((o) => o.key === key && answered.some((c) => c.questionnaireId === o.questionnaireId));
  const byValue = new Map<string, number>();
  for (const c of answered) byValue.set(c.value, (byValue.get(c.value) ?? 0) + c.count);
  const total = [...byValue.values()].reduce((a, b) => a + b, 0);
  const known = question?.options ?? [];
  const values = [...known.map((o) => o.value), ...[...byValue.keys()].filter((v) => !known.some((o) => o.value === v))];
  return {
    key,
    question: question?.text[locale] ?? key,
    total,
    options: values.map((value) => {
      const count = byValue.get(value) ?? 0;
      return { value, label: known.find((o) => o.value === value)?.text[locale] ?? value, count, share: total === 0 ? null : count / total };
    }),
  };
}
