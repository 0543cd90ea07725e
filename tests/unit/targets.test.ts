import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { computeIndices, emptySums, mergeSums, respondentSums, type IndexSums } from "~/domain/index-engine";
import type { ScaleLevel } from "~/domain/scale";
import { wilsonInterval } from "~/domain/statistics";
import {
  DEFAULT_MIN_SAMPLE,
  headlineFigure,
  judgeStatus,
  meetsTarget,
  type Comparator,
  type JudgedFigure,
  type TargetRule,
} from "~/domain/targets";

const mergeAllSums = (list: readonly IndexSums[]) => list.reduce(mergeSums, emptySums());

const over85: TargetRule = { value: 0.85, comparator: ">", minSample: DEFAULT_MIN_SAMPLE };
const atLeast85: TargetRule = { value: 0.85, comparator: ">=", minSample: DEFAULT_MIN_SAMPLE };
const figure = (estimate: number, ciLow: number, ciHigh: number, n = 100): JudgedFigure => ({ estimate, ciLow, ciHigh, n });

describe("judging a figure against its target", () => {
  test("the contract's land sector, 361 of 405 satisfied, meets 'over 85%': its whole interval is above", () => {
    // Wilson [0.8573, 0.9181]: 0.8573 > 0.85
    const wilson = wilsonInterval(361, 405);
    if (!wilson) throw new Error("405 respondents");
    expect(judgeStatus({ estimate: wilson.rate, ciLow: wilson.low, ciHigh: wilson.high, n: 405 }, over85)).toEqual({
      status: "meets",
      side: null,
    });
  });

  test("a counter with 12 answers at 83% has not failed an 85% target: too few respondents", () => {
    const wilson = wilsonInterval(10, 12);
    if (!wilson) throw new Error("12 respondents");
    const twelve = { estimate: wilson.rate, ciLow: wilson.low, ciHigh: wilson.high, n: 12 };
    expect(judgeStatus(twelve, over85)).toEqual({ status: "insufficient", side: null });
    // with a minimum of 10 it is judged, and still not a failure: [0.55, 0.95] straddles 85%
    expect(judgeStatus(twelve, { ...over85, minSample: 10 })).toEqual({ status: "inconclusive", side: "below" });
  });

  test("exactly the minimum sample is enough to judge", () => {
    expect(judgeStatus(figure(0.95, 0.9, 0.99, 30), over85).status).toBe("meets");
    expect(judgeStatus(figure(0.95, 0.9, 0.99, 29), over85).status).toBe("insufficient");
  });

  test("below when the whole interval misses the target", () => {
    expect(judgeStatus(figure(0.7, 0.65, 0.8), over85)).toEqual({ status: "below", side: null });
  });

  test("inconclusive when the interval straddles the target, with the estimate's side", () => {
    expect(judgeStatus(figure(0.87, 0.8, 0.92), over85)).toEqual({ status: "inconclusive", side: "above" });
    expect(judgeStatus(figure(0.83, 0.8, 0.92), over85)).toEqual({ status: "inconclusive", side: "below" });
  });

  describe("exactly at the target the comparator decides", () => {
    test("a lower bound of exactly 85% meets 'at least 85%' but not 'over 85%'", () => {
      expect(judgeStatus(figure(0.9, 0.85, 0.95), atLeast85)).toEqual({ status: "meets", side: null });
      expect(judgeStatus(figure(0.9, 0.85, 0.95), over85)).toEqual({ status: "inconclusive", side: "above" });
    });

    test("an upper bound of exactly 85% misses 'over 85%' but may still meet 'at least 85%'", () => {
      expect(judgeStatus(figure(0.8, 0.75, 0.85), over85)).toEqual({ status: "below", side: null });
      expect(judgeStatus(figure(0.8, 0.75, 0.85), atLeast85)).toEqual({ status: "inconclusive", side: "below" });
    });

    test("an estimate of exactly 85% is on the meeting side of 'at least', the missing side of 'over'", () => {
      expect(judgeStatus(figure(0.85, 0.8, 0.9), atLeast85)).toEqual({ status: "inconclusive", side: "above" });
      expect(judgeStatus(figure(0.85, 0.8, 0.9), over85)).toEqual({ status: "inconclusive", side: "below" });
    });

    test("a point interval at the target: meets 'at least', below 'over'", () => {
      expect(judgeStatus(figure(0.85, 0.85, 0.85), atLeast85).status).toBe("meets");
      expect(judgeStatus(figure(0.85, 0.85, 0.85), over85).status).toBe("below");
    });
  });

  test("no estimate at all is insufficient, whatever the minimum", () => {
    expect(judgeStatus({ estimate: null, ciLow: null, ciHigh: null, n: 0 }, { ...over85, minSample: 0 })).toEqual({
      status: "insufficient",
      side: null,
    });
  });

  test("a judgement never contradicts its own estimate, and 'over' is never kinder than 'at least'", () => {
    const judged = fc
      .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
      .map((values) => [...values].sort((a, b) => a - b) as [number, number, number]);
    const targetValue = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0.85, 0.9, 0.95));
    fc.assert(
      fc.property(judged, targetValue, ([low, estimate, high], value) => {
        const verdicts = (comparator: Comparator) =>
          judgeStatus(figure(estimate, low, high), { value, comparator, minSample: 30 });
        for (const comparator of [">", ">="] as const) {
          const { status, side } = verdicts(comparator);
          if (status === "meets") expect(meetsTarget(estimate, { value, comparator })).toBe(true);
          if (status === "below") expect(meetsTarget(estimate, { value, comparator })).toBe(false);
          if (status === "inconclusive") expect(side).toBe(meetsTarget(estimate, { value, comparator }) ? "above" : "below");
        }
        if (verdicts(">").status === "meets") expect(verdicts(">=").status).toBe("meets");
        if (verdicts(">=").status === "below") expect(verdicts(">").status).toBe("below");
      }),
      { numRuns: 200 },
    );
  });
});

describe("the figure a sector is judged on", () => {
  // 40 respondents: 30 fully satisfied (overall 5; criteria 5, 4), 10 not (overall 3; criteria 4, 2)
  const respondent = (overall: ScaleLevel, criteria: ScaleLevel[]) =>
    respondentSums([
      { score: overall, criterion: false, overall: true },
      ...criteria.map((score) => ({ score, criterion: true, overall: false })),
    ]);
  const indices = computeIndices(
    mergeAllSums([...Array.from({ length: 30 }, () => respondent(5, [5, 4])), ...Array.from({ length: 10 }, () => respondent(3, [4, 2]))]),
  );

  test("the overall question's rate, with n its respondents", () => {
    expect(headlineFigure(indices, "overall")).toEqual({
      estimate: 0.75,
      ciLow: indices.overall.ciLow,
      ciHigh: indices.overall.ciHigh,
      n: 40,
    });
  });

  test("the answer-level rate, with n its respondents rather than its 80 answers", () => {
    // 70 satisfied answers of 80
    expect(headlineFigure(indices, "answers")).toEqual({
      estimate: 70 / 80,
      ciLow: indices.answers.ciLow,
      ciHigh: indices.answers.ciHigh,
      n: 40,
    });
  });

  test("comprehensive satisfaction, with a Wilson interval over its respondents", () => {
    const wilson = wilsonInterval(30, 40);
    expect(headlineFigure(indices, "comprehensive")).toEqual({ estimate: 0.75, ciLow: wilson?.low, ciHigh: wilson?.high, n: 40 });
  });

  test("nobody answered: nothing to judge", () => {
    const empty = computeIndices(mergeAllSums([]));
    for (const headline of ["overall", "answers", "comprehensive"] as const) {
      expect(judgeStatus(headlineFigure(empty, headline), over85).status).toBe("insufficient");
    }
  });
});
