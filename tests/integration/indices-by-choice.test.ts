import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { vietnamDate } from "~/domain/vietnam-time";
import { compareSummariesWithRaw } from "~/modules/indices/summaries.repository.server";
import { submitResponse } from "~/modules/survey/submission.service.server";
import { loader as indicesApi } from "~/routes/api.v1.indices";
import { loader as sectorPage } from "~/routes/dashboard.sectors.$code";
import { getRequest, runRoute, signInAs, type StaffSession } from "../setup/admin-requests";
import { ADMINISTRATIVE_ANSWERS, trustedSubmission } from "../setup/submissions";
import { useFreshDatabase } from "../setup/test-database";

/**
 * `GET /api/v1/indices?groupBy=choice&question=KEY`, on responses submitted
 * through the app (so the choice summaries are the per-submission upserts'):
 * figures by hand, the order and wording of the options, the sector's target,
 * the caller's sectors, and every bad `question` refused naming it.
 */
const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const TODAY = vietnamDate(new Date());
let viewer: StaffSession;
let landManager: StaffSession;

async function respond(point: string, overall: number, choice: Record<string, string>, extra: Parameters<typeof trustedSubmission>[2] = {}) {
  const answers: Record<string, unknown> = { ...ADMINISTRATIVE_ANSWERS, overall: String(overall), ...choice };
  const outcome = await submitResponse(db, trustedSubmission(point, answers, extra));
  expect(outcome.kind).toBe("created");
}

beforeAll(async () => {
  // Land: three online (5, 5, 2), two at the counter (4, 1). (The questionnaire requires its choice
  // questions; respondents who skipped one are in tests/integration/indices-against-raw.test.ts.)
  await respond("TT-DD-01", 5, { submission_channel: "online", visits: "1" });
  await respond("TT-DD-01", 5, { submission_channel: "online", visits: "1" });
  await respond("TT-DD-02", 2, { submission_channel: "online", visits: "3+" });
  await respond("TT-DD-01", 4, { submission_channel: "in_person", visits: "2" });
  await respond("TT-DD-02", 1, { submission_channel: "in_person", visits: "3+" });
  // Construction: one online (5); and a flagged land response (online, 1), out unless asked for.
  await respond("TT-XD-01", 5, { submission_channel: "online", visits: "1" });
  await respond("TT-DD-01", 1, { submission_channel: "online" }, { honeypotFilled: true });
  viewer = await signInAs("viewer@demo.vn");
  landManager = await signInAs("manager.land@demo.vn");
});

async function api(params: Record<string, string>, session = viewer) {
  return runRoute(indicesApi, getRequest(`/api/v1/indices?${new URLSearchParams({ from: TODAY, to: TODAY, ...params })}`, session));
}

type Row = { key: string; label: string; respondents: number; overall: { n: number; satisfied: number; rate: number; ciLow: number; ciHigh: number }; target: unknown; status: string | null };
const rowsOf = (data: { rows: Row[] }) => data.rows;

describe("grouped by a choice answer", () => {
  test("one row per option in the questionnaire's order, worded in the asked language, with the respondents who chose it", async () => {
    const answer = await api({ groupBy: "choice", question: "submission_channel", sector: "land" });
    expect(answer.status).toBe(200);
    expect(answer.data.groupBy).toBe("choice");
    const rows = rowsOf(answer.data);
    expect(rows.map((r) => [r.key, r.label, r.respondents, r.overall.n, r.overall.satisfied])).toEqual([
      ["in_person", "Trực tiếp tại Bộ phận Một cửa", 2, 2, 1],
      ["online", "Trực tuyến trên Cổng Dịch vụ công", 3, 3, 2],
      ["post", "Qua dịch vụ bưu chính", 0, 0, 0],
    ]);
    const online = rows[1]!;
    expect(online.overall.rate).toBeCloseTo(2 / 3, 4);
    expect(online.overall.ciLow).toBeLessThan(online.overall.rate);
    expect(online.overall.ciHigh).toBeGreaterThan(online.overall.rate);
    // One sector in scope: judged on its target, like every other row.
    expect(online.target).toEqual({ value: 0.85, comparator: ">" });
    expect(online.status).not.toBeNull();
    const english = rowsOf((await api({ groupBy: "choice", question: "submission_channel", sector: "land", lang: "en" })).data);
    expect(english.map((r) => r.label)).toEqual(["In person at the one-stop counter", "Online on the Public Service Portal", "By post"]);
  });

  test("over every sector the rows add the sectors up and have no target; flagged responses only when asked for", async () => {
    const rows = rowsOf((await api({ groupBy: "choice", question: "submission_channel" })).data);
    expect(rows.find((r) => r.key === "online")).toMatchObject({ respondents: 4, target: null, status: null });
    const flagged = rowsOf((await api({ groupBy: "choice", question: "submission_channel", includeFlagged: "1" })).data);
    expect(flagged.find((r) => r.key === "online")?.respondents).toBe(5);
  });

  test("each respondent is in the row of their answer: the rows add up to the sector's respondents", async () => {
    const rows = rowsOf((await api({ groupBy: "choice", question: "visits", sector: "land" })).data);
    expect(rows.map((r) => [r.key, r.respondents])).toEqual([["1", 2], ["2", 1], ["3+", 2]]);
    const land = rowsOf((await api({ groupBy: "sector", sector: "land" })).data)[0]!;
    expect(land.respondents).toBe(5);
  });

  test("a range nobody answered in has no rows", async () => {
    const answer = await api({ groupBy: "choice", question: "visits", from: "2020-01-01", to: "2020-01-31" });
    expect(answer.status).toBe(200);
    expect(answer.data.rows).toEqual([]);
  });

  test("the summaries the submissions wrote agree with the raw answers", async () => {
    expect(await compareSummariesWithRaw(db)).toEqual([]);
  });
});

describe("the caller's sectors", () => {
  test("a manager sees the answers of their own sector only", async () => {
    const rows = rowsOf((await api({ groupBy: "choice", question: "submission_channel" }, landManager)).data);
    expect(rows.find((r) => r.key === "online")?.respondents).toBe(3);
  });

  test("a manager asking for another sector or its point is refused", async () => {
    const sector = await api({ groupBy: "choice", question: "submission_channel", sector: "construction" }, landManager);
    expect(sector.status).toBe(403);
    expect(sector.data).toMatchObject({ parameter: "sector" });
    const point = await api({ groupBy: "choice", question: "visits", servicePoint: "TT-XD-01" }, landManager);
    expect(point.status).toBe(403);
  });

  test("without a session the API answers 401", async () => {
    const answer = await runRoute(indicesApi, getRequest(`/api/v1/indices?groupBy=choice&question=visits`));
    expect(answer.status).toBe(401);
  });
});

describe("a bad question is refused naming `question`, never a 500", () => {
  test.each([
    ["missing", { groupBy: "choice" }, /required/],
    ["empty", { groupBy: "choice", question: "" }, /empty/],
    ["unknown", { groupBy: "choice", question: "nope" }, /unknown question/],
    ["hostile", { groupBy: "choice", question: "visits' or '1'='1" }, /unknown question/],
    ["oversized", { groupBy: "choice", question: "x".repeat(5000) }, /too long/],
    ["a scale question", { groupBy: "choice", question: "courtesy" }, /not a choice question/],
    ["a text question", { groupBy: "choice", question: "comment" }, /not a choice question/],
    ["with another grouping", { groupBy: "sector", question: "visits" }, /only read with groupBy=choice/],
  ])("%s", async (_, params, message) => {
    const answer = await api(params as Record<string, string>);
    expect(answer.status).toBe(400);
    expect(answer.data).toMatchObject({ parameter: "question" });
    expect(JSON.stringify(answer.data)).toMatch(message);
  });

  test("given twice", async () => {
    const answer = await runRoute(indicesApi, getRequest(`/api/v1/indices?groupBy=choice&question=visits&question=on_time`, viewer));
    expect(answer.status).toBe(400);
    expect(answer.data).toMatchObject({ parameter: "question" });
  });
});

describe("the sector page", () => {
  const page = (code: string, session = landManager) =>
    runRoute(sectorPage, getRequest(`/dashboard/sectors/${code}?from=${TODAY}&to=${TODAY}`, session), { code });

  test("shows the headline figure of each answer of submission_channel and visits, as the API gives it", async () => {
    const answer = await page("land");
    expect(answer.status).toBe(200);
    const byChoice = answer.data.byChoice as Array<{ key: string; question: string; rows: Array<{ key: string; label: string; figure: { estimate: number | null; n: number }; minSample: number }> }>;
    expect(byChoice.map((q) => q.key)).toEqual(["submission_channel", "visits"]);
    expect(byChoice[0]!.question).toBe("Ông/Bà nộp hồ sơ theo hình thức nào?");
    const fromApi = rowsOf((await api({ groupBy: "choice", question: "submission_channel", sector: "land" }, landManager)).data);
    expect(byChoice[0]!.rows.map((r) => [r.key, r.label, r.figure.n])).toEqual(fromApi.map((r) => [r.key, r.label, r.overall.n]));
    expect(byChoice[0]!.rows[1]!.figure.estimate).toBeCloseTo(fromApi[1]!.overall.rate, 4);
  });

  test("ranks units with their rank ranges, and marks the ones below the minimum unranked", async () => {
    const points = (await page("land")).data.points as Array<{ key: string; rank: number | null; rankBest: number | null; rankWorst: number | null }>;
    // Two respondents at each point: below any minimum sample, so none is ranked.
    expect(points.length).toBeGreaterThan(0);
    for (const p of points) expect([p.rank, p.rankBest, p.rankWorst]).toEqual([null, null, null]);
  });

  test("a sector whose questionnaire lacks the questions has no such section", async () => {
    const answer = await page("health", viewer);
    expect(answer.status).toBe(200);
    expect(answer.data.byChoice).toEqual([]);
  });
});

describe("submissions at once", () => {
  test("twelve concurrent submissions add to the same choice rows exactly: the API counts each once and the summaries agree with raw", async () => {
    const before = rowsOf((await api({ groupBy: "choice", question: "submission_channel", sector: "land" })).data);
    const online = () => before.find((r) => r.key === "online")!;
    const [respondents, satisfied] = [online().respondents, online().overall.satisfied];
    await Promise.all(Array.from({ length: 12 }, (_, i) => respond(i % 2 ? "TT-DD-01" : "TT-DD-02", i % 3 ? 5 : 2, { submission_channel: "online" })));
    const after = rowsOf((await api({ groupBy: "choice", question: "submission_channel", sector: "land" })).data).find((r) => r.key === "online")!;
    expect(after.respondents).toBe(respondents + 12);
    expect(after.overall.satisfied).toBe(satisfied + 8);
    expect(await compareSummariesWithRaw(db)).toEqual([]);
  });
});
