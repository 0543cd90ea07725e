import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  answerSumsOf,
  computeAnswerIndices,
  computeIndices,
  emptySums,
  mergeAnswerSums,
  mergeSums,
  respondentSums,
  type IndexSums,
  type OnTimeChoice,
  type RespondentAnswer,
} from "~/domain/index-engine";
import type { ScaleLevel } from "~/domain/scale";
import { wilsonInterval } from "~/domain/statistics";

type Score = ScaleLevel | null;
/** A respondent as a test writes one: criterion scores, the overall score (absent = not asked), on-time choice. */
type Respondent = { criteria: Score[]; overall?: Score; onTime?: OnTimeChoice | null };

function answersOf({ criteria, overall }: Respondent): RespondentAnswer[] {
  const answers = criteria.map((score) => ({ score, criterion: true, overall: false }));
  return overall === undefined ? answers : [...answers, { score: overall, criterion: false, overall: true }];
}

const sumsOfRespondent = (r: Respondent) => respondentSums(answersOf(r), r.onTime ?? null);
const sumsOfAll = (respondents: readonly Respondent[]) => respondents.map(sumsOfRespondent).reduce(mergeSums, emptySums());

describe("the sums of one respondent", () => {
  test("count rated and satisfied answers, leaving N/A out of every denominator", () => {
    const sums = sumsOfRespondent({ criteria: [5, 4, 2, null], overall: 4, onTime: "late" });
    // s = 2 satisfied (5, 4) of m = 3 rated; the N/A is only counted as such
    expect(sums).toEqual<IndexSums>({
      respondents: 1,
      overall: { n: 1, satisfied: 1 },
      answers: { clusters: 1, n: 3, satisfied: 2, ss: 4, sm: 6, mm: 9, levels: [0, 1, 0, 1, 1], notApplicable: 1 },
      comprehensive: { n: 1, satisfied: 0 },
      onTime: { onTime: 0, late: 1, notYet: 0 },
    });
  });

  test("a respondent who answered N/A everywhere still counts as a respondent, in no rate", () => {
    const sums = sumsOfRespondent({ criteria: [null, null], overall: null });
    expect(sums.respondents).toBe(1);
    expect(sums.overall).toEqual({ n: 0, satisfied: 0 });
    expect(sums.answers).toMatchObject({ clusters: 0, n: 0, notApplicable: 2 });
    expect(sums.comprehensive).toEqual({ n: 0, satisfied: 0 });
  });

  test("refuses answers that cannot come from one questionnaire response", () => {
    expect(() => respondentSums([{ score: 5, criterion: true, overall: true }])).toThrow(RangeError);
    expect(() =>
      respondentSums([
        { score: 5, criterion: false, overall: true },
        { score: 4, criterion: false, overall: true },
      ]),
    ).toThrow(RangeError);
    expect(() => respondentSums([{ score: 6 as ScaleLevel, criterion: true, overall: false }])).toThrow(RangeError);
    expect(() => respondentSums([], "soon" as OnTimeChoice)).toThrow(RangeError);
  });
});

describe("the indices of a set of responses", () => {
  // A: criteria 5,4,4,N/A; overall 5; on time       → s=3, m=3
  // B: criteria 3,4,2,5;   overall 3; late          → s=2, m=4
  // C: criteria N/A,N/A;   overall N/A; not yet     → m=0
  // D: no scale answer at all; on time              → m=0
  const respondents: Respondent[] = [
    { criteria: [5, 4, 4, null], overall: 5, onTime: "on_time" },
    { criteria: [3, 4, 2, 5], overall: 3, onTime: "late" },
    { criteria: [null, null], overall: null, onTime: "not_yet" },
    { criteria: [], onTime: "on_time" },
  ];
  const indices = computeIndices(sumsOfAll(respondents));

  test("count every respondent, but rate only the rated answers", () => {
    expect(indices.respondents).toBe(4);
    expect(indices.overall).toMatchObject({ n: 2, satisfied: 1, rate: 0.5 });
    expect(indices.answers).toMatchObject({ n: 7, satisfied: 5, rate: 5 / 7, respondents: 2 });
  });

  test("give the overall question's rate a Wilson interval", () => {
    const wilson = wilsonInterval(1, 2);
    expect(indices.overall).toEqual({ n: 2, satisfied: 1, rate: 0.5, ciLow: wilson?.low, ciHigh: wilson?.high });
  });

  test("give the answer-level rate the cluster-robust interval", () => {
    // R = 5/7; residuals 3 − 3R = 6/7 and 2 − 4R = −6/7 → Σ = 72/49
    // c = 2, m̄ = 3.5, c(c−1)m̄² = 24.5 → Var = (72/49)/24.5 = 144/2401, √Var = 12/49
    // R ± 1.959964·12/49 = 0.714286 ± 0.479991 → [0.234295, 1.194277] clipped to [0.234295, 1]
    expect(indices.answers.ciLow).toBeCloseTo(5 / 7 - (1.959964 * 12) / 49, 12);
    expect(indices.answers.ciLow).toBeCloseTo(0.234295, 6);
    expect(indices.answers.ciHigh).toBe(1);
  });

  test("count as comprehensively satisfied those satisfied with every rated criterion", () => {
    // A (all three rated satisfied; the N/A does not spoil it) yes, B no; C and D rated nothing
    expect(indices.comprehensive).toEqual({ n: 2, satisfied: 1, rate: 0.5 });
  });

  test("average the criterion scores and show their distribution with the N/A count", () => {
    // (5+4+4 + 3+4+2+5) / 7 = 27/7
    expect(indices.meanScore).toBeCloseTo(27 / 7, 12);
    expect(indices.distribution).toEqual({ levels: [0, 1, 1, 3, 2], notApplicable: 3 });
  });

  test("rate on-time returns among those who received their result", () => {
    // on time 2, late 1 → 2/3; "not yet" is counted but is neither on time nor late
    const wilson = wilsonInterval(2, 3);
    expect(indices.onTime).toEqual({ n: 3, onTime: 2, late: 1, notYet: 1, rate: 2 / 3, ciLow: wilson?.low, ciHigh: wilson?.high });
  });

  test("no responses: every n is 0 and no rate is invented", () => {
    expect(computeIndices(emptySums())).toEqual({
      respondents: 0,
      overall: { n: 0, satisfied: 0, rate: null, ciLow: null, ciHigh: null },
      answers: { n: 0, satisfied: 0, rate: null, ciLow: null, ciHigh: null, respondents: 0 },
      comprehensive: { n: 0, satisfied: 0, rate: null },
      meanScore: null,
      distribution: { levels: [0, 0, 0, 0, 0], notApplicable: 0 },
      onTime: { n: 0, onTime: 0, late: 0, notYet: 0, rate: null, ciLow: null, ciHigh: null },
    });
  });

  test("only N/A answers: respondents are counted, rates stay empty", () => {
    const allNA = computeIndices(sumsOfAll([{ criteria: [null, null, null], overall: null }, { criteria: [null], overall: null }]));
    expect(allNA.respondents).toBe(2);
    expect(allNA.overall.rate).toBeNull();
    expect(allNA.answers.rate).toBeNull();
    expect(allNA.comprehensive.rate).toBeNull();
    expect(allNA.meanScore).toBeNull();
    // the distribution is that of the criterion answers: 3 + 1 N/A (the overall question's N/A are not in it)
    expect(allNA.distribution.notApplicable).toBe(4);
  });

  test("everyone fully satisfied: 100% everywhere", () => {
    const all = computeIndices(sumsOfAll(Array.from({ length: 40 }, () => ({ criteria: [5, 4, 5] as Score[], overall: 5 as Score }))));
    expect(all.overall.rate).toBe(1);
    expect(all.overall.ciHigh).toBe(1);
    expect(all.overall.ciLow).toBeCloseTo(40 / (40 + 1.959964 ** 2), 12); // Wilson at 100%: n/(n + z²)
    expect(all.answers).toMatchObject({ rate: 1, ciLow: 1, ciHigh: 1 }); // no spread between respondents
    expect(all.comprehensive.rate).toBe(1);
    expect(all.meanScore).toBeCloseTo(14 / 3, 12);
  });

  test("nobody satisfied: 0% everywhere", () => {
    const none = computeIndices(sumsOfAll([{ criteria: [1, 2, 3], overall: 3 }, { criteria: [3, 3], overall: 2 }]));
    expect(none.overall).toMatchObject({ rate: 0, ciLow: 0 });
    expect(none.answers).toMatchObject({ rate: 0, ciLow: 0, ciHigh: 0 });
    expect(none.comprehensive.rate).toBe(0);
    expect(none.meanScore).toBeCloseTo(12 / 5, 12);
  });

  test("one respondent: the answer-level interval is all of [0,1]", () => {
    const one = computeIndices(sumsOfAll([{ criteria: [5, 4, 2], overall: 4 }]));
    expect(one.answers).toMatchObject({ rate: 2 / 3, ciLow: 0, ciHigh: 1, respondents: 1 });
  });
});

describe("the figures of one question or criterion group", () => {
  test("a question answered once per respondent is a proportion of respondents: Wilson interval", () => {
    // question "courtesy": 5, 4, 3, N/A, 4 → 3 satisfied of 4 rated
    const sums = [5, 4, 3, null, 4].map((score) => answerSumsOf([score as Score])).reduce(mergeAnswerSums);
    const figures = computeAnswerIndices(sums);
    const wilson = wilsonInterval(3, 4);
    expect(figures.answers).toEqual({ n: 4, satisfied: 3, rate: 0.75, ciLow: wilson?.low, ciHigh: wilson?.high, respondents: 4 });
    expect(figures.meanScore).toBe(4);
    expect(figures.distribution).toEqual({ levels: [0, 0, 1, 2, 1], notApplicable: 1 });
  });

  test("a group with several questions per respondent keeps the cluster-robust interval", () => {
    // group 2, two questions: respondent 1 answered 5, 4 (2 of 2), respondent 2 answered 4, 2 (1 of 2)
    const sums = mergeAnswerSums(answerSumsOf([5, 4]), answerSumsOf([4, 2]));
    // R = 3/4; residuals 2 − 1.5 = 0.5 and 1 − 1.5 = −0.5 → 0.5; c(c−1)m̄² = 2·4 = 8 → Var = 1/16
    // 0.75 ± 1.959964·0.25 = [0.260009, 1.239991] → [0.260009, 1]
    const figures = computeAnswerIndices(sums);
    expect(figures.answers.ciLow).toBeCloseTo(0.75 - 1.959964 * 0.25, 12);
    expect(figures.answers.ciHigh).toBe(1);
  });
});

const scoreArb: fc.Arbitrary<Score> = fc.constantFrom<Score>(1, 2, 3, 4, 5, null);
const respondentArb: fc.Arbitrary<Respondent> = fc.record({
  criteria: fc.array(scoreArb, { maxLength: 8 }),
  overall: fc.option(scoreArb, { nil: undefined }),
  onTime: fc.constantFrom<OnTimeChoice | null>("on_time", "late", "not_yet", null),
});
const respondentsArb = fc.array(respondentArb, { maxLength: 30 });

/** The indices straight from their DOMAIN.md definitions, respondent by respondent. */
function definitionIndices(respondents: readonly Respondent[]) {
  const rated = respondents.map((r) => r.criteria.filter((s): s is ScaleLevel => s !== null));
  const overall = respondents.map((r) => r.overall).filter((s): s is ScaleLevel => s !== undefined && s !== null);
  const allRated = rated.flat();
  const withAny = rated.filter((scores) => scores.length > 0);
  const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);
  return {
    overall: share(overall.filter((s) => s >= 4).length, overall.length),
    answers: share(allRated.filter((s) => s >= 4).length, allRated.length),
    comprehensive: share(withAny.filter((scores) => scores.every((s) => s >= 4)).length, withAny.length),
    meanScore: share(allRated.reduce((t, s) => t + s, 0), allRated.length),
    onTime: share(
      respondents.filter((r) => r.onTime === "on_time").length,
      respondents.filter((r) => r.onTime === "on_time" || r.onTime === "late").length,
    ),
  };
}

describe("properties of the sums and indices", () => {
  test("merging is commutative and associative, with empty sums as its unit", () => {
    fc.assert(
      fc.property(respondentsArb, respondentsArb, respondentsArb, (a, b, c) => {
        const [sa, sb, sc] = [sumsOfAll(a), sumsOfAll(b), sumsOfAll(c)];
        expect(mergeSums(sa, sb)).toEqual(mergeSums(sb, sa));
        expect(mergeSums(mergeSums(sa, sb), sc)).toEqual(mergeSums(sa, mergeSums(sb, sc)));
        expect(mergeSums(sa, emptySums())).toEqual(sa);
      }),
      { numRuns: 100 },
    );
  });

  test("indices of merged sums equal the indices of the respondents taken together", () => {
    fc.assert(
      fc.property(respondentsArb, respondentsArb, (a, b) => {
        expect(computeIndices(mergeSums(sumsOfAll(a), sumsOfAll(b)))).toEqual(computeIndices(sumsOfAll([...a, ...b])));
      }),
      { numRuns: 100 },
    );
  });

  test("rates match their definitions, computed without sums", () => {
    fc.assert(
      fc.property(respondentsArb, (respondents) => {
        const indices = computeIndices(sumsOfAll(respondents));
        const expected = definitionIndices(respondents);
        const close = (actual: number | null, wanted: number | null) =>
          wanted === null ? expect(actual).toBeNull() : expect(actual).toBeCloseTo(wanted, 12);
        close(indices.overall.rate, expected.overall);
        close(indices.answers.rate, expected.answers);
        close(indices.comprehensive.rate, expected.comprehensive);
        close(indices.meanScore, expected.meanScore);
        close(indices.onTime.rate, expected.onTime);
        expect(indices.respondents).toBe(respondents.length);
      }),
      { numRuns: 200 },
    );
  });

  test("every rate is in [0,1] and inside its interval; the distribution agrees with the counts", () => {
    fc.assert(
      fc.property(respondentsArb, (respondents) => {
        const indices = computeIndices(sumsOfAll(respondents));
        for (const figure of [indices.overall, indices.answers, indices.onTime]) {
          if (figure.rate === null) {
            expect(figure.n).toBe(0);
            continue;
          }
          expect(figure.ciLow).not.toBeNull();
          expect(figure.ciHigh).not.toBeNull();
          expect(0 <= (figure.ciLow ?? -1) && (figure.ciLow ?? -1) <= figure.rate).toBe(true);
          expect(figure.rate <= (figure.ciHigh ?? 2) && (figure.ciHigh ?? 2) <= 1).toBe(true);
        }
        const { levels } = indices.distribution;
        expect(levels.reduce((t, c) => t + c, 0)).toBe(indices.answers.n);
        expect(levels[3] + levels[4]).toBe(indices.answers.satisfied);
        if (indices.meanScore !== null) expect(indices.meanScore >= 1 && indices.meanScore <= 5).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
