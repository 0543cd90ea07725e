/**
 * The year's plan as data (DOMAIN.md, "The plan as data"): each indicator has
 * a scope (all sectors or some), a measure, a target and its comparator.
 */

export const PLAN_SCOPES = ["all", "sectors"] as const;
export type PlanScope = (typeof PLAN_SCOPES)[number];

/**
 * headline: each sector's own headline index, pooled over the scope's respondents;
 * overall: the respondent-level rate; answers: the answer-level rate (cluster-robust);
 * on_time: dossiers returned on time (system-reported); apology: apologies sent ÷ required.
 */
export const PLAN_MEASURES = ["headline", "overall", "answers", "on_time", "apology"] as const;
export type PlanMeasure = (typeof PLAN_MEASURES)[number];
