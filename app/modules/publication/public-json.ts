import { VIETNAM_TIMEZONE } from "~/domain/vietnam-time";
import { round } from "~/modules/indices/index-json";
import type { PublishedResults } from "./types";

type Figure = { estimate: number | null; ciLow: number | null; ciHigh: number | null; n: number };
const figure = (f: Figure) => ({ estimate: round(f.estimate), ciLow: round(f.ciLow), ciHigh: round(f.ciHigh), n: f.n });


/**
 * `GET /api/v1/public/results` (CONTRACTS.md, "Publishing results"): the
 * published snapshot as open data, rates as fractions rounded to four
 * decimals (as the indices API), names in Vietnamese and English.
 */
export function publicResultsJson(r: PublishedResults) {
  const s = r.snapshot;
  const agencyName = (code: string) => s.names.agencies[code] ?? { vi: code, en: code };
  return {
    period: s.period.key,
    kind: s.period.kind,
    from: s.period.from,
    to: s.period.to,
    timezone: VIETNAM_TIMEZONE,
    revision: r.revision,
    current: r.current,
    publishedAt: r.publishedAt,
    publishedAutomatically: r.publishedAutomatically,
    note: r.note,
    revisions: r.revisions,
    changes: r.changes.map((c) => ({ ...c, before: c.before && { estimate: round(c.before.estimate), n: c.before.n }, after: c.after && { estimate: round(c.after.estimate), n: c.after.n } })),
    totals: s.totals,
    scorecard: {
      year: s.scorecard.year,
      lines: s.scorecard.lines.map((l) => ({
        key: l.key,
        name: l.name,
        measure: l.measure,
        index: l.index,
        scope: l.scope,
        sectors: l.sectors,
        ...figure(l.figure),
        target: l.target,
        status: l.status,
        side: l.side,
        previous: l.previous && figure(l.previous),
        change: round(l.change),
      })),
    },
    sectors: s.sectors.map((sector) => ({
      code: sector.code,
      name: s.names.sectors[sector.code] ?? { vi: sector.code, en: sector.code },
      headline: sector.headline,
      respondents: sector.respondents,
      ...figure(sector.figure),
      target: sector.target,
      status: sector.status,
      side: sector.side,
      previous: sector.previous && figure(sector.previous),
      change: round(sector.change),
      agencies: {
        ranked: sector.agencies.ranked.map((a) => ({ code: a.key, name: agencyName(a.key), ...figure(a.figure), rank: a.rank, rankBest: a.rankBest, rankWorst: a.rankWorst, status: a.status })),
        unranked: sector.agencies.unranked.map((a) => ({ code: a.key, name: agencyName(a.key), ...figure(a.figure), minSample: a.minSample })),
      },
    })),
    trend: r.trend.map((p) => ({ period: p.period, revision: p.revision, lines: p.lines.map((l) => ({ key: l.key, status: l.status, ...figure(l) })) })),
    comments: s.comments,
    published: r.published,
    methodology: {
      confidenceLevel: 0.95,
      intervals: "Respondent-level rates: Wilson score interval; answer-level rates: ratio estimator with cluster-robust variance (respondents as clusters); dossiers on time: Wilson interval; apologies: a full count.",
      status: "meets when the whole interval meets the target, below when none of it does, inconclusive otherwise; insufficient below the minimum sample.",
      ranking: "rank by point estimate among units with at least the minimum sample; rankBest–rankWorst are the ranks consistent with the 95% intervals.",
    },
  };
}
