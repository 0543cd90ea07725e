import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseIndexQuery, type IndexQuery } from "~/domain/index-query";
import type { Indices } from "~/domain/index-engine";
import { vietnamDate } from "~/domain/vietnam-time";
import { computeIndexRows, type IndexRow } from "~/modules/indices/indices.service.server";
import { submitResponse } from "~/modules/survey/submission.service.server";
import { trustedSubmission } from "../setup/submissions";
import { useFreshDatabase } from "../setup/test-database";

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const CRITERIA = ["signage", "posted", "as_posted", "courtesy", "guidance", "result_correct"] as const;
const TODAY = vietnamDate(new Date());

async function respond(point: string, overall: number, criteria: number[], feedback: number | "na", extra: Partial<Parameters<typeof submitResponse>[1]> = {}) {
  const answers: Record<string, string> = { overall: String(overall), feedback: String(feedback), visits: "1", on_time: "on_time", submission_channel: "online" };
  CRITERIA.forEach((key, i) => (answers[key] = String(criteria[i])));
  const outcome = await submitResponse(db, trustedSubmission(point, answers, extra));
  expect(outcome.kind).toBe("created");
}

function query(params: Record<string, string>): IndexQuery {
  const parsed = parseIndexQuery(new URLSearchParams(params), new Date());
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problem));
  return parsed.value;
}

async function rows(params: Record<string, string>, sectorIds: number[] | null = null): Promise<IndexRow[]> {
  const result = await computeIndexRows(db, query(params), { sectorIds });
  if (!result.ok) throw new Error(result.problem.message);
  return result.value.rows;
}

/** The 95% Wilson score interval, written out as in the textbook. */
function wilson(x: number, n: number) {
  const z = 1.959964;
  const p = x / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = ((z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n)));
  return [centre - half, centre + half];
}

beforeAll(async () => {
  // Four citizens at land counter 1 (criteria: signage … result_correct; then feedback):
  await respond("TT-DD-01", 5, [5, 4, 4, 5, 4, 5], "na"); // s = 6, m = 6
  await respond("TT-DD-01", 4, [4, 3, 3, 3, 3, 3], 2); //    s = 1, m = 7
  await respond("TT-DD-01", 2, [2, 2, 2, 2, 2, 2], "na"); // s = 0, m = 6
  await respond("TT-DD-01", 4, [4, 4, 4, 4, 4, 4], 5); //    s = 7, m = 7
  // One at the construction counter, and one flagged (honeypot) at land counter 2.
  await respond("TT-XD-01", 3, [3, 3, 3, 3, 3, 3], 3);
  await respond("TT-DD-02", 1, [1, 1, 1, 1, 1, 1], 1, { honeypotFilled: true });
});

describe("the indices of a sector, computed by hand", () => {
  let land: Indices;
  beforeAll(async () => {
    const found = (await rows({ groupBy: "sector" })).find((r) => r.key === "land")!;
    land = found.indices as Indices;
    expect(found.label).toBe("Đất đai");
  });

  test("respondent-level rate on the overall question, with its Wilson interval: 3 of 4", () => {
    const [low, high] = wilson(3, 4);
    expect(land.respondents).toBe(4);
    expect(land.overall).toMatchObject({ n: 4, satisfied: 3, rate: 0.75 });
    expect(land.overall.ciLow).toBeCloseTo(low!, 10);
    expect(land.overall.ciHigh).toBeCloseTo(high!, 10);
  });

  test("answer-level rate with the cluster-robust interval: 14 of 26 criterion answers", () => {
    const s = [6, 1, 0, 7];
    const m = [6, 7, 6, 7];
    const R = 14 / 26;
    const mBar = 26 / 4;
    const variance = s.reduce((acc, si, i) => acc + (si - R * m[i]!) ** 2, 0) / (4 * 3 * mBar * mBar);
    expect(land.answers).toMatchObject({ n: 26, satisfied: 14, respondents: 4 });
    expect(land.answers.rate).toBeCloseTo(R, 12);
    expect(land.answers.ciLow).toBeCloseTo(Math.max(0, R - 1.959964 * Math.sqrt(variance)), 10);
    expect(land.answers.ciHigh).toBeCloseTo(Math.min(1, R + 1.959964 * Math.sqrt(variance)), 10);
  });

  test("comprehensive rate, mean score and the five-level distribution; N/A in no denominator", () => {
    expect(land.comprehensive).toEqual({ n: 4, satisfied: 2, rate: 0.5 });
    // 27 + 21 + 12 + 29 = 89 points over 26 rated criterion answers
    expect(land.meanScore).toBeCloseTo(89 / 26, 12);
    // level 2: 1 + 6; level 3: 5; level 4: 3 + 1 + 6; level 5: 3 + 1
    expect(land.distribution).toEqual({ levels: [0, 7, 5, 10, 4], notApplicable: 2 });
  });

  test("citizen-reported on-time rate", () => {
    expect(land.onTime).toMatchObject({ n: 4, onTime: 4, late: 0, rate: 1 });
  });
});

describe("judging against the target", () => {
  test("four respondents are too few to judge land against its 85% target", async () => {
    const land = (await rows({ groupBy: "sector" })).find((r) => r.key === "land")!;
    expect(land).toMatchObject({ headline: "overall", target: { value: 0.85, comparator: ">", minSample: 30 }, status: "insufficient" });
  });

  test("a row mixing sectors has no target", async () => {
    const [year] = await rows({ groupBy: "year" });
    expect(year).toMatchObject({ key: TODAY.slice(0, 4), target: null, status: null });
    expect(year!.sectors.sort()).toEqual(["construction", "land"]);
  });
});

describe("grouping and filtering", () => {
  test("by service point, with the flagged response left out unless asked for", async () => {
    const byPoint = await rows({ groupBy: "servicePoint" });
    expect(byPoint.map((r) => [r.key, r.indices.respondents])).toEqual([
      ["TT-DD-01", 4],
      ["TT-XD-01", 1],
    ]);
    const withFlagged = await rows({ groupBy: "servicePoint", includeFlagged: "1" });
    expect(withFlagged.find((r) => r.key === "TT-DD-02")?.indices.respondents).toBe(1);
  });

  test("by month: every month of the range, the empty ones too", async () => {
    const months = await rows({ groupBy: "month", from: `${TODAY.slice(0, 4)}-01-01`, to: TODAY });
    expect(months.map((r) => r.key)).toEqual(
      Array.from({ length: Number(TODAY.slice(5, 7)) }, (_, i) => `${TODAY.slice(0, 4)}-${String(i + 1).padStart(2, "0")}`),
    );
    expect(months.at(-1)!.indices.respondents).toBe(5);
    expect(months.slice(0, -1).every((m) => m.indices.respondents === 0 || m.key === TODAY.slice(0, 7))).toBe(true);
  });

  test("by question: one row per question with the rate over that question only", async () => {
    const questions = await rows({ groupBy: "question", sector: "land" });
    const courtesy = questions.find((r) => r.key === "courtesy")!;
    expect(courtesy.label).toContain("lịch sự");
    expect(courtesy.indices.answers).toMatchObject({ n: 4, satisfied: 2 });
    expect("overall" in courtesy.indices).toBe(false);
    const feedback = questions.find((r) => r.key === "feedback")!;
    expect(feedback.indices.answers).toMatchObject({ n: 2, satisfied: 1 });
    expect(feedback.indices.distribution.notApplicable).toBe(2);
  });

  test("by criterion group: the procedures group holds two questions per respondent", async () => {
    const groups = await rows({ groupBy: "group", sector: "land" });
    expect(groups.map((g) => g.key)).toEqual(["sipas-access", "sipas-procedures", "sipas-staff", "sipas-results", "sipas-feedback"]);
    const procedures = groups.find((g) => g.key === "sipas-procedures")!;
    // posted + as_posted: 2+0+0+2 satisfied of 2+2+2+2 rated
    expect(procedures.indices.answers).toMatchObject({ n: 8, satisfied: 4, respondents: 4 });
  });

  test("an agency includes the units under it", async () => {
    const centre = await rows({ groupBy: "sector", agency: "ttphvhcc" });
    expect(centre.map((r) => r.key)).toEqual(["land", "construction"]);
    const commune = await rows({ groupBy: "sector", agency: "xa-hung-nguyen" });
    expect(commune).toEqual([]);
  });

  test("an unknown code is refused, naming the parameter", async () => {
    for (const parameter of ["sector", "agency", "servicePoint"]) {
      const result = await computeIndexRows(db, query({ [parameter]: "nope" }), { sectorIds: null });
      expect(result).toMatchObject({ ok: false, problem: { kind: "badParameter", status: 400, parameter } });
    }
  });

  test("a manager sees their sector only, and is refused another sector or its points", async () => {
    const land = await db.selectFrom("sectors").select("id").where("code", "=", "land").executeTakeFirstOrThrow();
    expect((await rows({ groupBy: "sector" }, [land.id])).map((r) => r.key)).toEqual(["land"]);
    expect(await computeIndexRows(db, query({ sector: "construction" }), { sectorIds: [land.id] })).toMatchObject({
      ok: false,
      problem: { kind: "forbidden", status: 403, parameter: "sector" },
    });
    expect(await computeIndexRows(db, query({ servicePoint: "TT-XD-01" }), { sectorIds: [land.id] })).toMatchObject({
      ok: false,
      problem: { kind: "forbidden", status: 403, parameter: "servicePoint" },
    });
  });
});

describe("reading the query", () => {
  const now = new Date("2026-11-26T03:00:00Z");
  test("defaults to sectors from 1 January to today in Vietnam", () => {
    expect(parseIndexQuery(new URLSearchParams(), now)).toEqual({
      ok: true,
      value: { groupBy: "sector", question: null, from: "2026-01-01", to: "2026-11-26", sector: null, agency: null, servicePoint: null, includeFlagged: false, locale: "vi" },
    });
  });
  test.each([
    ["groupBy", "groupBy=district"],
    ["from", "from=2026-02-30"],
    ["to", "to=26/11/2026"],
    ["from", "from=2026-12-01&to=2026-11-01"],
    ["from", "from=2000-01-01&to=2026-01-01"],
    ["sector", "sector=land&sector=health"],
    ["includeFlagged", "includeFlagged=yes"],
  ])("names %s when it is wrong (%s)", (parameter, search) => {
    expect(parseIndexQuery(new URLSearchParams(search), now)).toMatchObject({ ok: false, problem: { kind: "badParameter", parameter } });
  });
});
