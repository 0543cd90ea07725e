import type { IndexRow } from "~/domain/targets";

/** Four decimals: enough for a percentage to one decimal, short on the wire. Judging uses the unrounded value. */
export const round = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 10_000);

type Figure = { n: number; satisfied: number; rate: number | null; ciLow?: number | null; ciHigh?: number | null };
function figure<F extends Figure>(f: F) {
  return {
    n: f.n,
    satisfied: f.satisfied,
    rate: round(f.rate),
    ...(f.ciLow !== undefined ? { ciLow: round(f.ciLow), ciHigh: round(f.ciHigh ?? null) } : {}),
  };
}

/** One row of `GET /api/v1/indices` in the shape of CONTRACTS.md. */
export function indexRowJson(row: IndexRow) {
  const i = row.indices;
  const full = "overall" in i;
  return {
    key: row.key,
    label: row.label,
    sectors: row.sectors,
    respondents: i.respondents,
    overall: full ? figure(i.overall) : null,
    answers: { ...figure(i.answers), respondents: i.answers.respondents },
    comprehensive: full ? figure(i.comprehensive) : null,
    meanScore: i.meanScore === null ? null : Math.round(i.meanScore * 100) / 100,
    distribution: i.distribution,
    onTime: full ? { ...figure({ ...i.onTime, satisfied: i.onTime.onTime }), late: i.onTime.late, notYet: i.onTime.notYet } : null,
    headline: row.headline,
    target: row.target ? { value: row.target.value, comparator: row.target.comparator } : null,
    minSample: row.target?.minSample ?? null,
    status: row.status,
    side: row.side,
  };
}
