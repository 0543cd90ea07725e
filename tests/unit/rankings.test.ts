import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { answerSumsOf, computeAnswerIndices, computeIndices, emptySums, mergeSums, respondentSums } from "~/domain/index-engine";
import {
  answerRow,
  choiceCounts,
  judgedRow,
  rankRanges,
  rankUnits,
  splitRanked,
  sectorCards,
  withEarlierWordings,
  yearOfMonthsEndingAt,
  type Figure,
  type JudgedRow,
  type SectorOfYear,
} from "~/domain/rankings";
import type { ScaleLevel } from "~/domain/scale";
import { DEFAULT_MIN_SAMPLE, judgeIndices, type IndexRow, type SectorTarget } from "~/domain/targets";

/** `satisfied` of `n` respondents satisfied overall (criteria alike), as index sums. */
function respondents(n: number, satisfied: number) {
  const one = (score: ScaleLevel) =>
    respondentSums([
      { score, criterion: false, overall: true },
      { score, criterion: true, overall: false },
    ]);
  return Array.from({ length: n }, (_, i) => one(i < satisfied ? 5 : 2)).reduce(mergeSums, emptySums());
}

const LAND: SectorTarget = { value: 0.85, comparator: ">", minSample: 30, headline: "overall" };

function row(key: string, n: number, satisfied: number, target: SectorTarget | null = LAND): IndexRow {
  const indices = computeIndices(respondents(n, satisfied));
  return { key, label: `Unit ${key}`, sectors: ["land"], indices, ...judgeIndices(indices, target) };
}

const judged = (r: IndexRow) => judgedRow(r, { target: LAND });

describe("a unit's headline figure", () => {
  test("is its sector's headline index, with the respondents behind it and its status", () => {
    const unit = judged(row("A", 40, 38));
    expect(unit).toMatchObject({ key: "A", respondents: 40, headline: "overall", minSample: 30, status: "inconclusive", rank: null });
    expect(unit.figure.n).toBe(40);
    expect(unit.figure.estimate).toBeCloseTo(0.95, 12);
    expect(unit.figure.ciLow!).toBeLessThan(0.95);
  });

  test("a row mixing sectors has no target: DOMAIN.md's default headline and minimum sample", () => {
    const mixed = judgedRow(row("mixed", 10, 5, null), null);
    expect(mixed).toMatchObject({ headline: "overall", target: null, status: null, minSample: DEFAULT_MIN_SAMPLE });
  });
});

describe("ranking units", () => {
  const rank = (rows: JudgedRow[]) => rankUnits(rows).map((r) => [r.key, r.rank]);

  test("competition ranking by the estimate: ties share a rank and the next rank is skipped", () => {
    expect(rank([judged(row("low", 40, 20)), judged(row("tieA", 40, 30)), judged(row("top", 40, 36)), judged(row("tieB", 40, 30))])).toEqual([
      ["top", 1],
      ["tieA", 2],
      ["tieB", 2],
      ["low", 4],
    ]);
  });

  test("units below the minimum sample are listed after, unranked, most respondents first", () => {
    expect(rank([judged(row("small", 5, 5)), judged(row("ranked", 30, 20)), judged(row("smaller", 2, 2)), judged(row("empty", 0, 0))])).toEqual([
      ["ranked", 1],
      ["small", null],
      ["smaller", null],
      ["empty", null],
    ]);
  });
});

describe("rank ranges", () => {
  const f = (estimate: number, ciLow: number, ciHigh: number, n = 100): Figure => ({ estimate, ciLow, ciHigh, n });

  test("best = 1 + units wholly above, worst = ranked units − units wholly below", () => {
    // A [0.8, 0.9], B [0.7, 0.85] overlaps A, C [0.5, 0.6] lies below both.
    expect(rankRanges([f(0.85, 0.8, 0.9), f(0.78, 0.7, 0.85), f(0.55, 0.5, 0.6)])).toEqual([
      { best: 1, worst: 2 },
      { best: 1, worst: 2 },
      { best: 3, worst: 3 },
    ]);
  });

  test("a figure without an estimate has no range and counts for nobody", () => {
    const none: Figure = { estimate: null, ciLow: null, ciHigh: null, n: 0 };
    expect(rankRanges([f(0.9, 0.85, 0.95), none, f(0.5, 0.4, 0.6)])).toEqual([{ best: 1, worst: 1 }, null, { best: 2, worst: 2 }]);
  });

  test("touching intervals are not wholly above one another", () => {
    expect(rankRanges([f(0.8, 0.7, 0.9), f(0.6, 0.5, 0.7)])).toEqual([
      { best: 1, worst: 2 },
      { best: 1, worst: 2 },
    ]);
  });

  test("ranked units carry their range beside their rank; units below the minimum sample have none and are listed apart", () => {
    const rows = [judged(row("top", 200, 196)), judged(row("mid", 200, 150)), judged(row("close", 200, 145)), judged(row("small", 5, 5))];
    const ranked = rankUnits(rows).map((r) => [r.key, r.rank, r.rankBest, r.rankWorst]);
    expect(ranked).toEqual([
      ["top", 1, 1, 1],
      ["mid", 2, 2, 3],
      ["close", 3, 2, 3],
      ["small", null, null, null],
    ]);
    const split = splitRanked(rows);
    expect(split.ranked.map((r) => r.key)).toEqual(["top", "mid", "close"]);
    expect(split.unranked.map((r) => [r.key, r.respondents, r.rank])).toEqual([["small", 5, null]]);
  });

  test("a unit with no respondents is never ranked, even with a minimum sample of 0", () => {
    const empty = { ...judged(row("empty", 0, 0)), minSample: 0 };
    expect(splitRanked([empty]).unranked.map((r) => r.key)).toEqual(["empty"]);
  });

  // An estimate with an interval around it, on a coarse grid so ties and touching bounds occur.
  const grid = fc.integer({ min: 0, max: 20 }).map((i) => i / 20);
  const figure = fc.tuple(grid, grid, grid).map(([a, b, c]) => {
    const [low, estimate, high] = [a, b, c].sort((x, y) => x - y) as [number, number, number];
    return f(estimate, low, high);
  });
  const competitionRank = (figures: Figure[], i: number) => 1 + figures.filter((o) => o.estimate! > figures[i]!.estimate!).length;

  test("property: best ≤ competition rank ≤ worst, all within 1..N", () => {
    fc.assert(
      fc.property(fc.array(figure, { minLength: 1, maxLength: 12 }), (figures) => {
        rankRanges(figures).forEach((r, i) => {
          expect(r!.best).toBeGreaterThanOrEqual(1);
          expect(r!.best).toBeLessThanOrEqual(competitionRank(figures, i));
          expect(competitionRank(figures, i)).toBeLessThanOrEqual(r!.worst);
          expect(r!.worst).toBeLessThanOrEqual(figures.length);
        });
      }),
    );
  });

  test("property: pairwise disjoint intervals pin every unit to its rank", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 10 }), (slots) => {
        // Slot k holds [k/31 + 0.001, k/31 + 0.02]: no two overlap.
        const figures = slots.map((k) => f(k / 31 + 0.01, k / 31 + 0.001, k / 31 + 0.02));
        rankRanges(figures).forEach((r, i) => {
          expect(r).toEqual({ best: competitionRank(figures, i), worst: competitionRank(figures, i) });
        });
      }),
    );
  });

  test("property: identical intervals allow every rank 1..N", () => {
    fc.assert(
      fc.property(figure, fc.integer({ min: 1, max: 15 }), (one, n) => {
        const figures = Array.from({ length: n }, () => one);
        expect(rankRanges(figures)).toEqual(Array.from({ length: n }, () => ({ best: 1, worst: n })));
      }),
    );
  });

  test("property: adding a unit never narrows the others' ranges (each bound moves by 0 or 1)", () => {
    fc.assert(
      fc.property(fc.array(figure, { minLength: 1, maxLength: 10 }), figure, (figures, added) => {
        const before = rankRanges(figures);
        const after = rankRanges([...figures, added]);
        before.forEach((b, i) => {
          const a = after[i]!;
          expect(a.worst - a.best).toBeGreaterThanOrEqual(b!.worst - b!.best);
          expect([0, 1]).toContain(a.best - b!.best);
          expect([0, 1]).toContain(a.worst - b!.worst);
        });
      }),
    );
  });
});

describe("question and group rows", () => {
  test("carry the share of each level among the rated answers; none when nothing was rated", () => {
    const indices = { ...computeAnswerIndices(answerSumsOf([5, 4, 4, 1, null])), respondents: 1 };
    const question: IndexRow = { key: "courtesy", label: "Courtesy", sectors: ["land"], indices, headline: null, target: null, status: null, side: null };
    expect(answerRow(question).levelShares).toEqual([0.25, 0, 0, 0.5, 0.25]);
    const unrated = { ...computeAnswerIndices(answerSumsOf([null])), respondents: 0 };
    expect(answerRow({ ...question, indices: unrated }).levelShares).toBeNull();
  });

  test("say under the label what an earlier version asked, where the words differ", () => {
    const rows = [answerRow({ ...row("courtesy", 1, 1), key: "courtesy", label: "Staff were courteous" })];
    const wordings = [
      {
        questionnaireCode: "tthc",
        key: "courtesy",
        wordings: [
          { version: 3, text: { vi: "Lịch sự", en: "Staff were courteous" } },
          { version: 2, text: { vi: "Cũ", en: "Staff were polite" } },
          { version: 1, text: { vi: "Cũ", en: "Staff were polite" } },
        ],
      },
    ];
    expect(withEarlierWordings(rows, wordings, "en")[0]!.earlier).toEqual([{ versions: [1, 2], text: "Staff were polite" }]);
    expect(withEarlierWordings(rows, [{ ...wordings[0]!, wordings: wordings[0]!.wordings.slice(0, 1) }], "en")[0]!.earlier).toBeUndefined();
  });
});

describe("a sector's card", () => {
  const land: SectorOfYear = { code: "land", name: { vi: "Đất đai", en: "Land" }, target: LAND };
  const previous = { period: { kind: "period", key: "2025", granularity: "year" } as const, range: { from: "2025-01-01", to: "2025-12-31" } };

  test("pairs the current figure with the previous period's on the same headline, and the change between them", () => {
    const [card] = sectorCards([land], [row("land", 40, 36)], [row("land", 50, 40)], previous, "en");
    expect(card).toMatchObject({ code: "land", name: "Land", headline: "overall", target: { value: 0.85, comparator: ">", minSample: 30 } });
    expect(card!.previous).toMatchObject({ ...previous, figure: { n: 50, estimate: 0.8 } });
    expect(card!.change).toBeCloseTo(0.9 - 0.8, 12);
  });

  test("a sector without responses still has its card, with no figure and no change", () => {
    const [card] = sectorCards([land], [], [row("land", 50, 40)], previous, "vi");
    expect(card).toMatchObject({ name: "Đất đai", current: null, change: null });
  });
});

describe("counting a choice question", () => {
  const question = {
    questionnaireId: 1,
    key: "visits",
    text: { vi: "Số lần đi lại", en: "Visits" },
    options: [
      { value: "1", text: { vi: "1 lần", en: "Once" } },
      { value: "2", text: { vi: "2 lần", en: "Twice" } },
      { value: "3+", text: { vi: "3 lần trở lên", en: "Three or more" } },
    ],
  };

  test("gives each option in the questionnaire's order, unchosen ones included, then retired values", () => {
    const counts = [
      { questionnaireId: 1, questionKey: "visits", value: "2", count: 1 },
      { questionnaireId: 1, questionKey: "visits", value: "1", count: 2 },
      { questionnaireId: 1, questionKey: "visits", value: "old", count: 1 },
      { questionnaireId: 1, questionKey: "on_time", value: "late", count: 9 },
    ];
    expect(choiceCounts("visits", counts, [question], "en")).toEqual({
      key: "visits",
      question: "Visits",
      total: 4,
      options: [
        { value: "1", label: "Once", count: 2, share: 0.5 },
        { value: "2", label: "Twice", count: 1, share: 0.25 },
        { value: "3+", label: "Three or more", count: 0, share: 0 },
        { value: "old", label: "old", count: 1, share: 0.25 },
      ],
    });
  });

  test("is absent when nobody answered it", () => {
    expect(choiceCounts("visits", [], [question], "vi")).toBeNull();
  });
});

test("a trend shows a year of months: from the first of the month eleven months earlier", () => {
  expect(yearOfMonthsEndingAt("2026-11-26")).toBe("2025-12-01");
  expect(yearOfMonthsEndingAt("2026-12-31")).toBe("2026-01-01");
  expect(yearOfMonthsEndingAt("2026-01-15")).toBe("2025-02-01");
});
