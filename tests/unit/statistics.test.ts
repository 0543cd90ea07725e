import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { clusterRatioInterval, clusterRatioVariance, wilsonInterval, Z_95, type ClusterSums } from "~/domain/statistics";

const Z2 = Z_95 * Z_95; // 3.841459...

/** The additive sums of clusters given as [s_i, m_i] pairs (respondents with m_i ≥ 1). */
function sumsOf(clusters: readonly (readonly [number, number])[]): ClusterSums {
  return clusters.reduce<ClusterSums>(
    (t, [s, m]) => ({
      clusters: t.clusters + 1,
      n: t.n + m,
      satisfied: t.satisfied + s,
      ss: t.ss + s * s,
      sm: t.sm + s * m,
      mm: t.mm + m * m,
    }),
    { clusters: 0, n: 0, satisfied: 0, ss: 0, sm: 0, mm: 0 },
  );
}

/** The variance straight from DOMAIN.md's definition, residual by residual. */
function definitionVariance(clusters: readonly (readonly [number, number])[]): number {
  const c = clusters.length;
  const totalS = clusters.reduce((t, [s]) => t + s, 0);
  const totalM = clusters.reduce((t, [, m]) => t + m, 0);
  const ratio = totalS / totalM;
  const meanSize = totalM / c;
  const residuals = clusters.reduce((t, [s, m]) => t + (s - ratio * m) ** 2, 0);
  return residuals / (c * (c - 1) * meanSize * meanSize);
}

const clusterArb = fc.integer({ min: 1, max: 12 }).chain((m) => fc.tuple(fc.integer({ min: 0, max: m }), fc.constant(m)));
const clustersArb = (minLength: number) => fc.array(clusterArb, { minLength, maxLength: 60 });

describe("the Wilson score interval", () => {
  test("reproduces the contract's example, 361 satisfied of 405", () => {
    // p = 361/405 = 0.891358; z² = 3.841459; z²/n = 0.0094851
    // centre = (p + z²/2n) / (1 + z²/n) = (0.891358 + 0.0047426) / 1.0094851 = 0.887681
    // half   = z/(1 + z²/n) · √(p(1−p)/n + z²/4n²) = 1.941550 · √(0.00023911 + 0.00000586) = 0.030388
    // → [0.857293, 0.918069], shown as 0.8573 and 0.9181 in CONTRACTS.md
    const interval = wilsonInterval(361, 405);
    expect(interval?.rate).toBeCloseTo(0.891358, 6);
    expect(interval?.low).toBeCloseTo(0.857293, 6);
    expect(interval?.high).toBeCloseTo(0.918069, 6);
  });

  test("at 0% it starts at 0 and reaches z²/(n + z²), not a point", () => {
    // p = 0: high = (z²/n)/(1 + z²/n) = 3.841459 / 13.841459 = 0.277533
    expect(wilsonInterval(0, 10)).toEqual({ rate: 0, low: 0, high: expect.closeTo(Z2 / (10 + Z2), 12) });
    expect(wilsonInterval(0, 10)?.high).toBeCloseTo(0.277533, 6);
  });

  test("at 100% it ends at 1 and starts at n/(n + z²)", () => {
    // 10 / 13.841459 = 0.722467
    expect(wilsonInterval(10, 10)).toEqual({ rate: 1, low: expect.closeTo(10 / (10 + Z2), 12), high: 1 });
  });

  test("one respondent who is satisfied proves little", () => {
    // 1 / (1 + 3.841459) = 0.206549
    expect(wilsonInterval(1, 1)?.low).toBeCloseTo(0.206549, 6);
  });

  test("no respondents: no interval", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  test("refuses counts that cannot be", () => {
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 4)).toThrow(RangeError);
  });

  test("a rate and bounds in [0,1] that contain the rate", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, share) => {
        const successes = Math.round(share * n);
        const interval = wilsonInterval(successes, n);
        expect(interval).not.toBeNull();
        if (!interval) return;
        expect(interval.rate).toBe(successes / n);
        expect(0 <= interval.low && interval.low <= interval.rate).toBe(true);
        expect(interval.rate <= interval.high && interval.high <= 1).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  test("more data at the same rate narrows the interval", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, share) => {
        const successes = Math.round(share * n);
        const small = wilsonInterval(successes, n);
        const large = wilsonInterval(successes * 2, n * 2);
        if (!small || !large) throw new Error("both have respondents");
        expect(large.high - large.low).toBeLessThan(small.high - small.low);
      }),
      { numRuns: 200 },
    );
  });
});

describe("the ratio estimator with respondents as clusters", () => {
  // Three respondents (s_i satisfied of m_i rated): (2 of 3), (3 of 3), (1 of 2)
  const example = [[2, 3], [3, 3], [1, 2]] as const;

  test("has the hand-computed rate and variance", () => {
    // R = 6/8 = 0.75; residuals s_i − R·m_i = −0.25, 0.75, −0.5 → squares sum 0.875
    // additive: Σs² − 2RΣsm + R²Σm² = 14 − 2·0.75·17 + 0.5625·22 = 0.875
    // m̄ = 8/3; c(c−1)m̄² = 3·2·64/9 = 42.667; Var = 0.875/42.667 = 0.0205078125
    // half-width = 1.959964·√0.0205078125 = 1.959964·0.1432055 = 0.280678
    // → [0.469322, 1.030678] clipped to [0.469322, 1]
    const sums = sumsOf(example);
    expect(sums).toEqual({ clusters: 3, n: 8, satisfied: 6, ss: 14, sm: 17, mm: 22 });
    expect(clusterRatioVariance(sums)).toBeCloseTo(0.0205078125, 15);
    const interval = clusterRatioInterval(sums);
    expect(interval?.rate).toBe(0.75);
    expect(interval?.low).toBeCloseTo(0.469322, 6);
    expect(interval?.high).toBe(1);
  });

  test("no rated answers: no rate, no interval", () => {
    expect(clusterRatioInterval(sumsOf([]))).toBeNull();
    expect(clusterRatioVariance(sumsOf([]))).toBeNull();
  });

  test("one respondent: the rate, but an interval of the whole of [0,1]", () => {
    expect(clusterRatioVariance(sumsOf([[5, 6]]))).toBeNull();
    expect(clusterRatioInterval(sumsOf([[5, 6]]))).toEqual({ rate: 5 / 6, low: 0, high: 1 });
  });

  test("everyone satisfied with everything: variance 0, a point interval at 100%", () => {
    expect(clusterRatioInterval(sumsOf([[3, 3], [6, 6], [2, 2]]))).toEqual({ rate: 1, low: 1, high: 1 });
  });

  test("nobody satisfied: a point interval at 0%", () => {
    expect(clusterRatioInterval(sumsOf([[0, 3], [0, 6]]))).toEqual({ rate: 0, low: 0, high: 0 });
  });

  test("respondents with the same share each: rounding never makes the variance negative", () => {
    // R = 1/3 is not exact in binary; Σs² − 2RΣsm + R²Σm² may dip below 0 by an ulp
    const variance = clusterRatioVariance(sumsOf([[1, 3], [2, 6], [3, 9], [1, 3]]));
    expect(variance).toBeGreaterThanOrEqual(0);
    expect(variance).toBeCloseTo(0, 12);
  });

  test("refuses sums that cannot be", () => {
    expect(() => clusterRatioInterval({ clusters: 1, n: 2, satisfied: 3, ss: 9, sm: 6, mm: 4 })).toThrow(RangeError);
    expect(() => clusterRatioInterval({ clusters: 0, n: 2, satisfied: 1, ss: 1, sm: 2, mm: 4 })).toThrow(RangeError);
  });

  test("the additive form equals the definition's residual sum", () => {
    fc.assert(
      fc.property(clustersArb(2), (clusters) => {
        const variance = clusterRatioVariance(sumsOf(clusters));
        expect(variance).not.toBeNull();
        expect(variance).toBeCloseTo(definitionVariance(clusters), 10);
      }),
      { numRuns: 200 },
    );
  });

  test("a rate and bounds in [0,1] that contain the rate", () => {
    fc.assert(
      fc.property(clustersArb(1), (clusters) => {
        const interval = clusterRatioInterval(sumsOf(clusters));
        if (!interval) throw new Error("there are rated answers");
        expect(0 <= interval.low && interval.low <= interval.rate).toBe(true);
        expect(interval.rate <= interval.high && interval.high <= 1).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  test("twice as many respondents answering alike narrows (never widens) the interval", () => {
    // Doubling every cluster keeps R and doubles Σ(s_i − R·m_i)² and Σm, so
    // Var' = 2Q·2c / ((2c−1)·4(Σm)²) = Q·c / ((2c−1)(Σm)²) < Q·c / ((c−1)(Σm)²) = Var.
    fc.assert(
      fc.property(clustersArb(2), (clusters) => {
        const once = clusterRatioInterval(sumsOf(clusters));
        const twice = clusterRatioInterval(sumsOf([...clusters, ...clusters]));
        if (!once || !twice) throw new Error("there are rated answers");
        expect(twice.rate).toBeCloseTo(once.rate, 15);
        expect(twice.high - twice.low).toBeLessThanOrEqual(once.high - once.low + 1e-12);
        const [v1, v2] = [clusterRatioVariance(sumsOf(clusters)), clusterRatioVariance(sumsOf([...clusters, ...clusters]))];
        if (v1 === null || v2 === null) throw new Error("at least two clusters");
        const c = clusters.length;
        expect(v2).toBeCloseTo((v1 * (c - 1)) / (2 * c - 1), 12);
      }),
      { numRuns: 200 },
    );
  });

  test("with one answer per respondent it is the binomial variance times n/(n−1)", () => {
    // m_i = 1, s_i ∈ {0,1}, k satisfied of n: R = p = k/n, Σm = n, m̄ = 1,
    // Σ(s_i − p)² = k(1−p)² + (n−k)p² = np(1−p), so
    // Var = np(1−p) / (n(n−1)) = p(1−p)/(n−1) = [p(1−p)/n] · n/(n−1).
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 2_000 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n }))),
        ([n, k]) => {
          const p = k / n;
          const sums: ClusterSums = { clusters: n, n, satisfied: k, ss: k, sm: k, mm: n };
          const binomial = (p * (1 - p)) / n;
          expect(clusterRatioVariance(sums)).toBeCloseTo((binomial * n) / (n - 1), 14);
        },
      ),
      { numRuns: 200 },
    );
  });
});
