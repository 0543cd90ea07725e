/**
 * The year's plan as data (DOMAIN.md, "The plan as data"): each indicator has
 * a scope (all sectors or some), a measure, a target and its comparator.
 */
import { z } from "zod";
import { integerText, NAME_MAX, percentText } from "./admin-organisation";
import { computeIndices, emptySums, mergeSums, type IndexSums } from "./index-engine";
import type { Locale } from "./questionnaire";
import { wilsonInterval } from "./statistics";
import {
  COMPARATORS,
  DEFAULT_HEADLINE,
  headlineFigure,
  judgeStatus,
  type EstimateSide,
  type Headline,
  type TargetRule,
  type TargetStatus,
} from "./targets";
import { CONTROL_CHARACTERS } from "./printable-text";

export const PLAN_SCOPES = ["all", "sectors"] as const;
export type PlanScope = (typeof PLAN_SCOPES)[number];

/**
 * headline: each sector's own headline index, pooled over the scope's respondents;
 * overall: the respondent-level rate; answers: the answer-level rate (cluster-robust);
 * on_time: dossiers returned on time (system-reported); apology: apologies sent ÷ required.
 */
export const PLAN_MEASURES = ["headline", "overall", "answers", "on_time", "apology"] as const;
export type PlanMeasure = (typeof PLAN_MEASURES)[number];

/** One indicator of a year's plan, as stored. */
export type PlanIndicator = {
  id: number;
  year: number;
  key: string;
  name: Record<Locale, string>;
  scope: PlanScope;
  /** The sector codes of a `sectors` scope; empty for `all`. */
  sectors: string[];
  measure: PlanMeasure;
  target: TargetRule;
  sortOrder: number;
};

/** What the scorecard needs of a sector: its code and the headline index its own target is judged on. */
export type PlanSector = { code: string; headline: Headline };

/** A figure as judged: the point estimate, its 95% interval and the n behind it (respondents, dossiers or apologies). */
export type PlanFigure = { estimate: number | null; ciLow: number | null; ciHigh: number | null; n: number };

/** The counts of dossiers the two timeliness measures need, per sector. */
export type PlanDossierCounts = { returned: number; late: number; apologiesRequired: number; apologiesSentInTime: number };

/** What a period holds per sector code, for every indicator to be computed from. */
export type PlanInputs = { sums: ReadonlyMap<string, IndexSums>; dossiers: ReadonlyMap<string, PlanDossierCounts> };

export type ScorecardLine = {
  key: string;
  name: Record<Locale, string>;
  measure: PlanMeasure;
  /** The satisfaction index a `headline` measure resolved to (null for the dossier measures). */
  index: Headline | null;
  /** The sector codes the figure pools (every sector for an `all` scope). */
  sectors: string[];
  scope: PlanScope;
  figure: PlanFigure;
  target: TargetRule;
  status: TargetStatus;
  side: EstimateSide | null;
  previous: PlanFigure | null;
  /** Current minus previous estimate (0.021 is 2.1 points); null when either is missing. */
  change: number | null;
};

/** The sectors an indicator pools: its own list, or every sector for `all`. */
export function indicatorSectors(indicator: Pick<PlanIndicator, "scope" | "sectors">, sectors: readonly PlanSector[]): string[] {
  return indicator.scope === "all" ? sectors.map((s) => s.code) : sectors.filter((s) => indicator.sectors.includes(s.code)).map((s) => s.code);
}

/**
 * The satisfaction index a measure is computed on. `headline` is each
 * sector's own headline; pooled sectors must share it (a respondent-level rate
 * and an answer-level rate do not add up), so sectors that differ fall back to
 * DOMAIN.md's default, the respondent-level rate.
 */
export function indexOfMeasure(measure: PlanMeasure, sectors: readonly PlanSector[]): Headline | null {
  switch (measure) {
    case "overall":
      return "overall";
    case "answers":
      return "answers";
    case "headline": {
      const headlines = new Set(sectors.map((s) => s.headline));
      return headlines.size === 1 ? [...headlines][0]! : DEFAULT_HEADLINE;
    }
    case "on_time":
    case "apology":
      return null;
  }
}

const emptyDossiers = (): PlanDossierCounts => ({ returned: 0, late: 0, apologiesRequired: 0, apologiesSentInTime: 0 });

/**
 * The figure of one indicator over its sectors. Satisfaction pools the
 * sectors' respondents (sums add: the cluster-robust interval of pooled
 * answers stays valid). The on-time rate is a Wilson interval over dossiers
 * returned, as on the timeliness page. The apology rate (sent in time ÷
 * required) counts every late dossier, not a sample, so it has no interval:
 * its bounds are the figure itself and it meets 100% only when every apology
 * was sent in time.
 */
export function indicatorFigure(measure: PlanMeasure, index: Headline | null, codes: readonly string[], inputs: PlanInputs): PlanFigure {
  if (measure === "on_time" || measure === "apology") {
    const d = codes.reduce((acc, code) => {
      const c = inputs.dossiers.get(code);
      return c
        ? {
            returned: acc.returned + c.returned,
            late: acc.late + c.late,
            apologiesRequired: acc.apologiesRequired + c.apologiesRequired,
            apologiesSentInTime: acc.apologiesSentInTime + c.apologiesSentInTime,
          }
        : acc;
    }, emptyDossiers());
    if (measure === "on_time") {
      const interval = wilsonInterval(d.returned - d.late, d.returned);
      return { estimate: interval?.rate ?? null, ciLow: interval?.low ?? null, ciHigh: interval?.high ?? null, n: d.returned };
    }
    const rate = d.apologiesRequired === 0 ? null : d.apologiesSentInTime / d.apologiesRequired;
    return { estimate: rate, ciLow: rate, ciHigh: rate, n: d.apologiesRequired };
  }
  const pooled = codes.reduce((acc, code) => {
    const s = inputs.sums.get(code);
    return s ? mergeSums(acc, s) : acc;
  }, emptySums());
  return headlineFigure(computeIndices(pooled), index ?? DEFAULT_HEADLINE);
}

/** Every indicator of the plan over a period, judged by the sector targets' rule, beside the previous period. */
export function scorecard(
  indicators: readonly PlanIndicator[],
  sectors: readonly PlanSector[],
  current: PlanInputs,
  previous: PlanInputs | null,
): ScorecardLine[] {
  return [...indicators]
    .sort((a, b) => a.sortOrder - b.sortOrder || a.key.localeCompare(b.key))
    .map((indicator) => {
      const codes = indicatorSectors(indicator, sectors);
      const index = indexOfMeasure(indicator.measure, sectors.filter((s) => codes.includes(s.code)));
      const figure = indicatorFigure(indicator.measure, index, codes, current);
      const before = previous ? indicatorFigure(indicator.measure, index, codes, previous) : null;
      const judged = judgeStatus(figure, indicator.target);
      return {
        key: indicator.key,
        name: indicator.name,
        measure: indicator.measure,
        index,
        sectors: codes,
        scope: indicator.scope,
        figure,
        target: indicator.target,
        status: judged.status,
        side: judged.side,
        previous: before,
        change: figure.estimate !== null && before?.estimate != null ? figure.estimate - before.estimate : null,
      };
    });
}

/** A key: lower-case letters, digits and dashes, as sector codes are. */
const KEY = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

const name = z
  .string()
  .trim()
  .min(1)
  .max(NAME_MAX)
  .refine((v) => !CONTROL_CHARACTERS.test(v), { message: "format" });

/**
 * An administrator's indicator, from the plan form: the target is typed as a
 * percentage (85, 87.5 or 87,5) as the sector targets are, and stored as a fraction.
 */
export const PlanIndicatorForm = z
  .object({
    key: z.string().trim().toLowerCase().min(1).max(40).regex(KEY),
    nameVi: name,
    nameEn: name,
    scope: z.enum(PLAN_SCOPES),
    // Codes are checked against the sectors by the service; a code no sector can have is refused here, beside the checkbox group.
    sectors: z.array(z.string().trim()).max(50).default([]),
    measure: z.enum(PLAN_MEASURES),
    value: percentText,
    comparator: z.enum(COMPARATORS),
    minSample: integerText(1, 1_000_000),
    sortOrder: integerText(0, 1000),
  })
  .superRefine((v, ctx) => {
    if (v.scope === "sectors" && v.sectors.length === 0) ctx.addIssue({ code: "custom", path: ["sectors"], message: "chooseOne" });
    else if (v.scope === "sectors" && v.sectors.some((c) => c.length > 40 || !KEY.test(c))) ctx.addIssue({ code: "custom", path: ["sectors"], message: "notFound" });
  });
export type PlanIndicatorInput = z.output<typeof PlanIndicatorForm>;
