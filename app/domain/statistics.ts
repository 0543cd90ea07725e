/**
 * Confidence intervals for satisfaction rates (DOMAIN.md, "Uncertainty").
 * Pure arithmetic on counts and additive sums; see docs/decisions/005-index-engine.md.
 */

/** The two-sided 95% normal quantile, to the precision DOMAIN.md names. */
export const Z_95 = 1.959964;

/** A rate (a fraction in [0,1]) with the bounds of its interval. */
export type RateInterval = { rate: number; low: number; high: number };

/**
 * Additive sums of rated answers with respondents as clusters: for respondent i,
 * s_i satisfied and m_i rated answers. Only respondents with m_i ≥ 1 are clusters.
 */
export type ClusterSums = {
  /** respondents with at least one rated answer */
  clusters: number;
  /** Σ m_i */
  n: number;
  /** Σ s_i */
  satisfied: number;
  /** Σ s_i² */
  ss: number;
  /** Σ s_i·m_i */
  sm: number;
  /** Σ m_i² */
  mm: number;
};

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

function assertCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}

/**
 * The Wilson score interval of successes out of n independent trials, or null
 * when there are no trials. Unlike the Wald interval it stays inside [0,1] and
 * does not collapse to a point at 0% or 100%, which matters for small counters.
 */
export function wilsonInterval(successes: number, n: number, z: number = Z_95): RateInterval | null {
  assertCount("n", n);
  assertCount("successes", successes);
  if (successes > n) throw new RangeError(`successes (${successes}) exceed n (${n})`);
  if (n === 0) return null;
  const rate = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (rate + z2 / (2 * n)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((rate * (1 - rate)) / n + z2 / (4 * n * n));
  // The bounds contain the rate in exact arithmetic; min/max only absorb rounding at 0% and 100%.
  return {
    rate,
    low: Math.min(rate, clamp01(centre - halfWidth)),
    high: Math.max(rate, clamp01(centre + halfWidth)),
  };
}

function assertClusterSums(sums: ClusterSums): void {
  const { clusters, n, satisfied, ss, sm, mm } = sums;
  for (const [name, value] of Object.entries({ clusters, n, satisfied, ss, sm, mm })) assertCount(name, value);
  if (sums.satisfied > sums.n) throw new RangeError(`satisfied (${sums.satisfied}) exceeds n (${sums.n})`);
  if (sums.clusters > sums.n) throw new RangeError(`clusters (${sums.clusters}) exceed n (${sums.n})`);
  if ((sums.n === 0) !== (sums.clusters === 0)) throw new RangeError("answers without clusters, or clusters without answers");
}

/**
 * The cluster-robust variance of the ratio estimator R = Σs/Σm:
 *   Var(R) ≈ Σ(s_i − R·m_i)² / (c·(c−1)·m̄²),  c = clusters, m̄ = Σm/c,
 * with Σ(s_i − R·m_i)² = Σs² − 2R·Σsm + R²·Σm², so it needs only additive sums.
 * Null when fewer than two clusters: one respondent says nothing about spread.
 */
export function clusterRatioVariance(sums: ClusterSums): number | null {
  assertClusterSums(sums);
  const c = sums.clusters;
  if (c < 2) return null;
  const ratio = sums.satisfied / sums.n;
  // Mathematically ≥ 0; the expanded form can dip a few ulps below when every
  // respondent has the same ratio, so clamp rather than take √ of a negative.
  const residualSquares = Math.max(0, sums.ss - 2 * ratio * sums.sm + ratio * ratio * sums.mm);
  const meanClusterSize = sums.n / c;
  return residualSquares / (c * (c - 1) * meanClusterSize * meanClusterSize);
}

/**
 * The answer-level rate R = Σs/Σm with the interval R ± z·√Var(R), clipped to
 * [0,1]. Null without rated answers. With a single respondent the rate is known
 * but its spread is not, so the interval is the whole of [0,1] — it can never
 * make a target look met or missed (a null would lose the rate itself).
 */
export function clusterRatioInterval(sums: ClusterSums, z: number = Z_95): RateInterval | null {
  const variance = clusterRatioVariance(sums);
  if (sums.n === 0) return null;
  const rate = sums.satisfied / sums.n;
  if (variance === null) return { rate, low: 0, high: 1 };
  const halfWidth = z * Math.sqrt(variance);
  return { rate, low: clamp01(rate - halfWidth), high: clamp01(rate + halfWidth) };
}
