import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { computeIndices, emptySums, mergeSums, respondentSums, type IndexSums } from "~/domain/index-engine";
import {
  indexOfMeasure,
  indicatorFigure,
  PlanIndicatorForm,
  scorecard,
  type PlanDossierCounts,
  type PlanIndicator,
  type PlanInputs,
  type PlanSector,
} from "~/domain/plan";
import type { ScaleLevel } from "~/domain/scale";
import { clusterRatioInterval, wilsonInterval } from "~/domain/statistics";

/** n respondents whose overall answer is `overall` and whose three criterion answers are `criteria`. */
function respondents(n: number, overall: ScaleLevel, criteria: ScaleLevel[] = [overall, overall, overall]): IndexSums {
  let sums = emptySums();
  for (let i = 0; i < n; i += 1) {
    sums = mergeSums(
      sums,
      respondentSums([{ score: overall, criterion: false, overall: true }, ...criteria.map((score) => ({ score, criterion: true, overall: false }))]),
    );
  }
  return sums;
}
const add = (...list: IndexSums[]) => list.reduce(mergeSums, emptySums());

const SECTORS: PlanSector[] = [
  { code: "land", headline: "overall" },
  { code: "construction", headline: "overall" },
  { code: "health", headline: "answers" },
];

function indicator(partial: Partial<PlanIndicator> & Pick<PlanIndicator, "key" | "measure">): PlanIndicator {
  return {
    id: 1,
    year: 2026,
    name: { vi: partial.key, en: partial.key },
    scope: "sectors",
    sectors: [],
    target: { value: 0.85, comparator: ">", minSample: 30 },
    sortOrder: 0,
    ...partial,
  };
}

const noDossiers = new Map<string, PlanDossierCounts>();

describe("an indicator's figure", () => {
  // land: 90 of 100 satisfied; construction: 30 of 50
  const inputs: PlanInputs = {
    sums: new Map([
      ["land", add(respondents(90, 5), respondents(10, 2))],
      ["construction", add(respondents(30, 4), respondents(20, 1))],
      ["health", add(respondents(40, 5, [5, 5, 2]), respondents(10, 3, [3, 3, 3]))],
    ]),
    dossiers: noDossiers,
  };

  test("several sectors pool their respondents: 120 of 150, a Wilson interval over 150, not an average of rates", () => {
    const figure = indicatorFigure("headline", "overall", ["land", "construction"], inputs);
    const wilson = wilsonInterval(120, 150)!;
    expect(figure).toEqual({ estimate: 0.8, ciLow: wilson.low, ciHigh: wilson.high, n: 150 });
    // The mean of the two rates would be 0.75: pooling weighs each respondent once.
    expect(figure.estimate).not.toBeCloseTo((0.9 + 0.6) / 2);
  });

  test("pooled answer-level rates use the cluster-robust interval of the summed clusters", () => {
    const figure = indicatorFigure("answers", "answers", ["land", "health"], inputs);
    const pooled = mergeSums(inputs.sums.get("land")!, inputs.sums.get("health")!);
    const interval = clusterRatioInterval(pooled.answers)!;
    expect(figure.estimate).toBeCloseTo(pooled.answers.satisfied / pooled.answers.n, 12);
    expect(figure.ciLow).toBeCloseTo(interval.low, 12);
    expect(figure.ciHigh).toBeCloseTo(interval.high, 12);
    // n is respondents (the minimum sample is in respondents), not answers.
    expect(figure.n).toBe(150);
    expect(pooled.answers.n).toBe(450);
  });

  test("one sector's headline is its own index: health is judged on answers", () => {
    expect(indexOfMeasure("headline", [SECTORS[2]!])).toBe("answers");
    const figure = indicatorFigure("headline", "answers", ["health"], inputs);
    expect(figure).toEqual(
      (() => {
        const i = computeIndices(inputs.sums.get("health")!);
        return { estimate: i.answers.rate, ciLow: i.answers.ciLow, ciHigh: i.answers.ciHigh, n: 50 };
      })(),
    );
  });

  test("sectors with different headlines fall back to the respondent-level rate", () => {
    expect(indexOfMeasure("headline", SECTORS)).toBe("overall");
    expect(indexOfMeasure("headline", SECTORS.slice(0, 2))).toBe("overall");
    expect(indexOfMeasure("on_time", SECTORS)).toBeNull();
  });

  test("a sector without responses adds nothing; none at all is no figure", () => {
    expect(indicatorFigure("overall", "overall", ["land", "education"], inputs)).toEqual(indicatorFigure("overall", "overall", ["land"], inputs));
    expect(indicatorFigure("overall", "overall", ["education"], inputs)).toEqual({ estimate: null, ciLow: null, ciHigh: null, n: 0 });
  });

  test("dossiers on time: a Wilson interval over the dossiers returned in the scope", () => {
    const dossiers = new Map<string, PlanDossierCounts>([
      ["land", { returned: 200, late: 4, apologiesRequired: 4, apologiesSentInTime: 4 }],
      ["health", { returned: 50, late: 6, apologiesRequired: 7, apologiesSentInTime: 5 }],
    ]);
    const figure = indicatorFigure("on_time", null, ["land", "health", "construction"], { sums: new Map(), dossiers });
    const wilson = wilsonInterval(240, 250)!;
    expect(figure).toEqual({ estimate: 0.96, ciLow: wilson.low, ciHigh: wilson.high, n: 250 });
  });

  test("apologies are a full count: the figure is its own bound, 100% only when every one was sent in time", () => {
    const dossiers = new Map<string, PlanDossierCounts>([
      ["land", { returned: 200, late: 4, apologiesRequired: 4, apologiesSentInTime: 4 }],
      ["health", { returned: 50, late: 6, apologiesRequired: 7, apologiesSentInTime: 5 }],
    ]);
    const all = indicatorFigure("apology", null, ["land", "health"], { sums: new Map(), dossiers });
    expect(all).toEqual({ estimate: 9 / 11, ciLow: 9 / 11, ciHigh: 9 / 11, n: 11 });
    const land = indicatorFigure("apology", null, ["land"], { sums: new Map(), dossiers });
    expect(land).toEqual({ estimate: 1, ciLow: 1, ciHigh: 1, n: 4 });
    expect(indicatorFigure("apology", null, ["construction"], { sums: new Map(), dossiers }).estimate).toBeNull();
  });
});

describe("the scorecard", () => {
  const current: PlanInputs = {
    sums: new Map([
      ["land", add(respondents(95, 5), respondents(5, 1))],
      ["construction", add(respondents(20, 5), respondents(5, 2))],
      ["health", add(respondents(300, 5, [5, 5, 5]), respondents(100, 2, [2, 2, 2]))],
    ]),
    dossiers: new Map([["land", { returned: 10, late: 1, apologiesRequired: 1, apologiesSentInTime: 1 }]]),
  };
  const previous: PlanInputs = { sums: new Map([["land", add(respondents(80, 5), respondents(20, 1))]]), dossiers: new Map() };
  const plan = [
    indicator({ key: "b-land", measure: "headline", sectors: ["land"], sortOrder: 2 }),
    indicator({ key: "a-tthc", measure: "headline", sectors: ["land", "construction"], sortOrder: 1, target: { value: 0.9, comparator: ">=", minSample: 30 } }),
    indicator({ key: "c-construction", measure: "headline", sectors: ["construction"], sortOrder: 3 }),
    indicator({ key: "d-health", measure: "headline", sectors: ["health"], sortOrder: 4 }),
    indicator({ key: "e-all", measure: "overall", scope: "all", sortOrder: 5, target: { value: 0.86, comparator: ">", minSample: 30 } }),
    indicator({ key: "f-apology", measure: "apology", scope: "all", sortOrder: 6, target: { value: 1, comparator: ">=", minSample: 1 } }),
    indicator({ key: "g-on-time", measure: "on_time", scope: "all", sortOrder: 7, target: { value: 0.95, comparator: ">=", minSample: 30 } }),
  ];
  const lines = scorecard(plan, SECTORS, current, previous);
  const line = (key: string) => lines.find((l) => l.key === key)!;

  test("lines follow the plan's order", () => {
    expect(lines.map((l) => l.key)).toEqual(["a-tthc", "b-land", "c-construction", "d-health", "e-all", "f-apology", "g-on-time"]);
  });

  test("each line is judged by the sector targets' rule, on its own n and minimum", () => {
    // land: 95/100, Wilson low ≈ 0.888 > 0.85
    expect(line("b-land")).toMatchObject({ status: "meets", side: null, figure: { n: 100, estimate: 0.95 } });
    // land + construction: 115/125 = 0.92, interval straddles 0.90
    expect(line("a-tthc")).toMatchObject({ status: "inconclusive", side: "above", sectors: ["land", "construction"], index: "overall" });
    // construction alone: 25 respondents < 30
    expect(line("c-construction")).toMatchObject({ status: "insufficient", side: null, figure: { n: 25 } });
    // health on answers: 900/1200 = 0.75, wholly below 0.85
    expect(line("d-health")).toMatchObject({ status: "below", index: "answers" });
    expect(line("e-all").sectors).toEqual(["land", "construction", "health"]);
    expect(line("f-apology")).toMatchObject({ status: "meets", figure: { estimate: 1, n: 1 } });
    // 10 dossiers returned: fewer than the minimum of 30
    expect(line("g-on-time")).toMatchObject({ status: "insufficient", figure: { estimate: 0.9, n: 10 } });
  });

  test("the change is the difference of the estimates, null where the previous period had no figure", () => {
    expect(line("b-land").previous).toMatchObject({ estimate: 0.8, n: 100 });
    expect(line("b-land").change).toBeCloseTo(0.15, 12);
    expect(line("c-construction").previous).toMatchObject({ estimate: null, n: 0 });
    expect(line("c-construction").change).toBeNull();
    expect(scorecard(plan, SECTORS, current, null).every((l) => l.previous === null && l.change === null)).toBe(true);
  });

  test("property: a pooled rate lies between its sectors' rates, and its n is their sum", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 200 }), (n1, s1, n2, s2) => {
        const a = Math.min(s1, n1);
        const b = Math.min(s2, n2);
        const inputs: PlanInputs = {
          sums: new Map([
            ["land", add(respondents(a, 5), respondents(n1 - a, 1))],
            ["construction", add(respondents(b, 5), respondents(n2 - b, 1))],
          ]),
          dossiers: noDossiers,
        };
        const pooled = indicatorFigure("overall", "overall", ["land", "construction"], inputs);
        const lo = Math.min(a / n1, b / n2);
        const hi = Math.max(a / n1, b / n2);
        expect(pooled.n).toBe(n1 + n2);
        expect(pooled.estimate!).toBeGreaterThanOrEqual(lo - 1e-12);
        expect(pooled.estimate!).toBeLessThanOrEqual(hi + 1e-12);
        expect(pooled.ciLow!).toBeLessThanOrEqual(pooled.estimate!);
        expect(pooled.ciHigh!).toBeGreaterThanOrEqual(pooled.estimate!);
      }),
      { numRuns: 200 },
    );
  });
});

describe("the plan form", () => {
  const valid = {
    key: "tthc-all",
    nameVi: "Sự hài lòng về TTHC",
    nameEn: "Satisfaction with procedures",
    scope: "sectors",
    sectors: ["land", "construction"],
    measure: "headline",
    value: "87,5",
    comparator: ">=",
    minSample: "30",
    sortOrder: "10",
  };

  test("a valid indicator: the target typed with a decimal comma, the key lower-cased", () => {
    const parsed = PlanIndicatorForm.parse({ ...valid, key: " TTHC-All " });
    expect(parsed).toMatchObject({ key: "tthc-all", value: 87.5, minSample: 30, sortOrder: 10, sectors: ["land", "construction"] });
  });

  test.each([
    ["a key with spaces", { key: "tthc all" }, "key"],
    ["a key of 41 characters", { key: "a".repeat(41) }, "key"],
    ["an empty name", { nameVi: "  " }, "nameVi"],
    ["a name of 201 characters", { nameEn: "x".repeat(201) }, "nameEn"],
    ["an unknown scope", { scope: "some" }, "scope"],
    ["some sectors but none chosen", { sectors: [] }, "sectors"],
    ["an unknown measure", { measure: "nps" }, "measure"],
    ["a target over 100", { value: "101" }, "value"],
    ["a target in words", { value: "tám lăm" }, "value"],
    ["a negative target", { value: "-5" }, "value"],
    ["an unknown comparator", { comparator: "<" }, "comparator"],
    ["a minimum sample of 0", { minSample: "0" }, "minSample"],
    ["a fractional minimum sample", { minSample: "2.5" }, "minSample"],
    ["a hostile sort order", { sortOrder: "1; drop table plan_indicators" }, "sortOrder"],
    ["a NUL in a name (PostgreSQL refuses it in text)", { nameVi: "Tên\u0000" }, "nameVi"],
    ["a line break in a name", { nameEn: "two\nlines" }, "nameEn"],
    ["an empty sector code", { sectors: ["land", ""] }, "sectors"],
    ["a sector code no sector can have", { sectors: ["Land<script>"] }, "sectors"],
    ["a sector code of 41 characters", { sectors: ["s".repeat(41)] }, "sectors"],
  ])("refuses %s", (_what, change, field) => {
    const parsed = PlanIndicatorForm.safeParse({ ...valid, ...change });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path[0])).toContain(field);
  });

  test("every sector needs no list", () => {
    expect(PlanIndicatorForm.safeParse({ ...valid, scope: "all", sectors: [] }).success).toBe(true);
  });

  test("a malformed sector code is named on the checkbox group, not on one box", () => {
    const parsed = PlanIndicatorForm.safeParse({ ...valid, sectors: ["land", ""] });
    expect(parsed.error!.issues.map((i) => i.path)).toEqual([["sectors"]]);
  });

  test("an indicator for every sector ignores what was ticked", () => {
    expect(PlanIndicatorForm.safeParse({ ...valid, scope: "all", sectors: ["", "x".repeat(41)] }).success).toBe(true);
  });
});
