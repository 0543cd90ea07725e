import { describe, expect, test } from "vitest";
import { responseContribution, type ContributionQuestion } from "~/domain/response-contribution";

const questions: ContributionQuestion[] = [
  { id: 1, key: "signage", type: "scale", overall: false, groupId: 10 },
  { id: 2, key: "posted", type: "scale", overall: false, groupId: 20 },
  { id: 3, key: "as_posted", type: "scale", overall: false, groupId: 20 },
  { id: 4, key: "feedback", type: "scale", overall: false, groupId: 50 },
  { id: 5, key: "overall", type: "scale", overall: true, groupId: null },
  { id: 6, key: "on_time", type: "choice", overall: false, groupId: null },
  { id: 7, key: "comment", type: "text", overall: false, groupId: null },
];

const scale = (questionId: number, score: number | null) => ({ questionId, score, notApplicable: score === null, choice: null });

describe("what one response adds to the summaries", () => {
  const c = responseContribution(questions, [
    scale(1, 5),
    scale(2, 3),
    scale(3, 4),
    scale(4, null),
    scale(5, 4),
    { questionId: 6, score: null, notApplicable: false, choice: "late" },
    { questionId: 7, score: null, notApplicable: false, choice: null },
  ]);

  test("totals: one respondent, satisfied overall, 2 of 3 rated criterion answers satisfied, N/A counted apart", () => {
    expect(c.totals).toEqual({
      respondents: 1,
      overall: { n: 1, satisfied: 1 },
      // s = 2, m = 3 → s² = 4, s·m = 6, m² = 9; levels of criterion answers only
      answers: { clusters: 1, n: 3, satisfied: 2, ss: 4, sm: 6, mm: 9, levels: [0, 0, 1, 1, 1], notApplicable: 1 },
      comprehensive: { n: 1, satisfied: 0 },
      onTime: { onTime: 0, late: 1, notYet: 0 },
    });
  });

  test("per criterion group: the two procedure questions form one cluster; the overall question is in no group", () => {
    const byGroup = Object.fromEntries(c.groups.map((g) => [g.groupId, g.sums]));
    expect(Object.keys(byGroup).sort()).toEqual(["10", "20", "50"]);
    expect(byGroup[20]).toMatchObject({ clusters: 1, n: 2, satisfied: 1, ss: 1, sm: 2, mm: 4 });
    expect(byGroup[50]).toMatchObject({ clusters: 0, n: 0, notApplicable: 1 });
  });

  test("per question: every scale answer, the overall one included; choices as counts", () => {
    expect(c.questions.map((q) => [q.questionId, q.sums.n, q.sums.satisfied, q.sums.notApplicable])).toEqual([
      [1, 1, 1, 0],
      [2, 1, 0, 0],
      [3, 1, 1, 0],
      [4, 0, 0, 1],
      [5, 1, 1, 0],
    ]);
    expect(c.choices).toEqual([{ questionId: 6, value: "late" }]);
  });

  test("refuses an answer to a question of another version", () => {
    expect(() => responseContribution(questions, [scale(99, 3)])).toThrow(RangeError);
  });
});
