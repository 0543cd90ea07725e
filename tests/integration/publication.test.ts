import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parsePublicationPeriod } from "~/domain/publication";
import { addDays, periodKeyOf, previousPeriodKey } from "~/domain/periods";
import { vietnamDate } from "~/domain/vietnam-time";
import { loadSector } from "~/modules/dashboard/dashboard.service.server";
import { decideComments } from "~/modules/moderation/moderation.service.server";
import { computeScorecard } from "~/modules/plan/plan.service.server";
import { autoPublish, buildSnapshot, publishPeriod, readPublishedResults } from "~/modules/publication/publication.service.server";
import { submitResponse } from "~/modules/survey/submission.service.server";
import type { Principal } from "~/modules/accounts/types";
import { loader as resultsApi, action as resultsApiAction } from "~/routes/api.v1.public.results";
import { ADMINISTRATIVE_ANSWERS, receivedSoonAfter, trustedSubmission } from "../setup/submissions";
import { useFreshDatabase } from "../setup/test-database";

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const NOW = new Date();
const TODAY = vietnamDate(NOW);
/** Last month, closed, whatever day the suite runs. */
const MONTH = previousPeriodKey(periodKeyOf(TODAY, "month"));
const PERIOD = parsePublicationPeriod(MONTH)!;
const ADMIN = { userId: null, name: "test administrator" };

/** One administrative-procedures response at `point`, answered on `date` (Vietnam) with an overall level. */
async function respond(point: string, date: string, overall: number, comment?: string) {
  const answeredAt = new Date(`${date}T09:30:00+07:00`);
  const answers: Record<string, unknown> = { ...ADMINISTRATIVE_ANSWERS, overall };
  if (comment) answers.comment = comment;
  const outcome = await submitResponse(db, trustedSubmission(point, answers, { answeredAt }), receivedSoonAfter(answeredAt));
  expect(outcome.kind).toBe("created");
}

const viewer: Principal = { kind: "user", id: 0, name: "viewer", email: "v@demo.vn", role: "viewer", sectorIds: null } as unknown as Principal;

beforeAll(async () => {
  // Land: 34 respondents at counter 1 (30 satisfied), 31 at counter 2 (20 satisfied) and two with a comment (one satisfied): 51 of 67; construction: 5.
  for (let i = 0; i < 34; i += 1) await respond("TT-DD-01", addDays(PERIOD.from, i % 20), i < 30 ? 5 : 2);
  for (let i = 0; i < 31; i += 1) await respond("TT-DD-02", addDays(PERIOD.from, i % 25), i < 20 ? 4 : 1);
  for (let i = 0; i < 5; i += 1) await respond("TT-XD-01", addDays(PERIOD.from, i), 4);
  await respond("TT-DD-01", addDays(PERIOD.from, 3), 1, "Chờ lâu quá, gọi lại cho tôi số 0912 345 678 nhé");
  await respond("TT-DD-02", addDays(PERIOD.from, 4), 5, "Cán bộ tận tình, cảm ơn");
}, 120_000);

describe("publishing a closed month", () => {
  test("an open period cannot be published; a malformed one is refused naming the period", async () => {
    const open = await publishPeriod(db, ADMIN, periodKeyOf(TODAY, "month"), { now: NOW });
    expect(open.ok).toBe(false);
    if (!open.ok) expect(open.problem.fieldErrors).toEqual({ period: { code: "notClosed" } });
    for (const bad of ["2026-13", "2026-W05", "2026-11-01", "", "'; drop table publications; --"]) {
      const refused = await publishPeriod(db, ADMIN, bad, { now: NOW });
      expect(refused.ok).toBe(false);
    }
    expect(await db.selectFrom("publications").select("id").execute()).toEqual([]);
  });

  test("the snapshot holds the dashboard's figures for that month: scorecard, sectors and ranked agencies", async () => {
    const published = await publishPeriod(db, ADMIN, MONTH, { now: NOW });
    expect(published).toEqual({ ok: true, value: { period: MONTH, revision: 1 } });
    const read = await readPublishedResults(db, { period: MONTH, revision: null });
    if (!read.ok) throw new Error(read.problem.message);
    const s = read.value.snapshot;

    const previous = parsePublicationPeriod(previousPeriodKey(MONTH))!;
    const scorecard = await computeScorecard(db, { from: PERIOD.from, to: PERIOD.to }, previous, { now: NOW });
    expect(s.scorecard.lines).toEqual(JSON.parse(JSON.stringify(scorecard)));

    const sector = await loadSector(db, viewer, "land", { period: { kind: "period", key: MONTH, granularity: "month" }, agency: null, servicePoint: null, includeFlagged: false, rating: null, unit: null, page: 1, lang: null }, NOW, "vi");
    if (!sector.ok) throw new Error(sector.problem.message);
    const land = s.sectors.find((x) => x.code === "land")!;
    expect(land.figure).toEqual(sector.value.card.current!.figure);
    expect(land.figure.n).toBe(67);
    expect(land.figure.estimate).toBeCloseTo(51 / 67, 12);
    expect(land.agencies.ranked.map((a) => [a.key, a.rank, a.rankBest, a.rankWorst, a.figure])).toEqual(
      sector.value.agencies.filter((a) => a.rank !== null).map((a) => [a.key, a.rank, a.rankBest, a.rankWorst, a.figure]),
    );
    // Construction's 5 respondents are too few to judge.
    expect(s.sectors.find((x) => x.code === "construction")).toMatchObject({ status: "insufficient", figure: { n: 5 } });
    // Pending comments are never in a snapshot.
    expect(s.comments).toEqual([]);
  });

  test("a response arriving later changes nothing published until a republication, which is a visible revision", async () => {
    const before = await readPublishedResults(db, { period: MONTH, revision: null });
    if (!before.ok) throw new Error("published");
    // A kiosk that was offline sends ten dissatisfied answers from that month.
    for (let i = 0; i < 10; i += 1) await respond("TT-DD-02", addDays(PERIOD.from, 10 + i), 1);

    const still = await readPublishedResults(db, { period: MONTH, revision: null });
    if (!still.ok) throw new Error("published");
    expect(still.value.snapshot).toEqual(before.value.snapshot);
    expect(still.value.etag).toBe(before.value.etag);
    expect((await buildSnapshot(db, PERIOD, NOW)).sectors.find((x) => x.code === "land")!.figure.n).toBe(77);

    const again = await publishPeriod(db, ADMIN, MONTH, { now: new Date(NOW.getTime() + 60_000), note: "phiếu từ máy tính bảng mất mạng" });
    expect(again).toEqual({ ok: true, value: { period: MONTH, revision: 2 } });
    const after = await readPublishedResults(db, { period: MONTH, revision: null });
    if (!after.ok) throw new Error("published");
    expect(after.value).toMatchObject({ revision: 2, current: true, note: "phiếu từ máy tính bảng mất mạng" });
    expect(after.value.etag).not.toBe(before.value.etag);
    expect(after.value.revisions.map((r) => r.revision)).toEqual([2, 1]);
    expect(after.value.snapshot.sectors.find((x) => x.code === "land")!.figure.n).toBe(77);
    expect(after.value.changes).toContainEqual(expect.objectContaining({ kind: "sector", key: "land", before: expect.objectContaining({ n: 67 }), after: expect.objectContaining({ n: 77 }) }));

    const first = await readPublishedResults(db, { period: MONTH, revision: 1 });
    if (!first.ok) throw new Error("revision 1");
    expect(first.value).toMatchObject({ revision: 1, current: false });
    expect(first.value.snapshot).toEqual(before.value.snapshot);
    expect(await readPublishedResults(db, { period: MONTH, revision: 9 })).toMatchObject({ ok: false, problem: { kind: "notFound" } });
  });

  test("only approved comments are published, masked", async () => {
    const comments = await db
      .selectFrom("answers as a")
      .innerJoin("questions as q", "q.id", "a.question_id")
      .select(["a.id", "a.text_value"])
      .where("q.type", "=", "text")
      .execute();
    const phone = comments.find((c) => c.text_value?.includes("0912"))!;
    const decided = await decideComments(db, { actor: ADMIN, sectorIds: null, mayDecide: true }, { answerIds: [phone.id], decision: "approve" });
    expect(decided.ok).toBe(true);
    await publishPeriod(db, ADMIN, MONTH, { now: new Date(NOW.getTime() + 120_000) });
    const read = await readPublishedResults(db, { period: MONTH, revision: null });
    if (!read.ok) throw new Error("published");
    expect(read.value.snapshot.comments).toHaveLength(1);
    expect(read.value.snapshot.comments[0]!.text).toBe("Chờ lâu quá, gọi lại cho tôi số [số điện thoại] nhé");
    expect(JSON.stringify(read.value.snapshot)).not.toContain("0912");
    expect(JSON.stringify(read.value.snapshot)).not.toContain("tận tình");
  });

  test("two publications of one period at once never share a revision number and never fail", async () => {
    const results = await Promise.all([1, 2, 3].map(() => publishPeriod(db, ADMIN, MONTH, { now: NOW })));
    for (const r of results) if (!r.ok) expect(r.problem.kind).toBe("conflict");
    const revisions = (await db.selectFrom("publications").select("revision").where("period", "=", MONTH).execute()).map((r) => r.revision);
    expect(new Set(revisions).size).toBe(revisions.length);
    expect(results.some((r) => r.ok)).toBe(true);
  });
});

describe("automatic publication", () => {
  test("publishes the due periods that hold data, once, however many processes run it", async () => {
    // PUBLISH_AFTER_DAYS of 0: every closed period of the window is due; last month is published already.
    const runs = await Promise.all([autoPublish(db, { now: NOW, afterDays: 0 }), autoPublish(db, { now: NOW, afterDays: 0 })]);
    const published = await db.selectFrom("publications").select(["period", "revision", "published_by_user_id"]).execute();
    const automatic = published.filter((p) => p.period !== MONTH);
    // The quarter or year holding last month, if closed, has data; empty months were skipped.
    for (const p of automatic) expect(p).toMatchObject({ revision: 1, published_by_user_id: null });
    expect(new Set(automatic.map((p) => p.period)).size).toBe(automatic.length);
    expect(runs.flat().sort()).toEqual(automatic.map((p) => p.period).sort());
    expect(automatic.map((p) => p.period)).not.toContain(previousPeriodKey(MONTH));
    // Nothing is due twice.
    expect(await autoPublish(db, { now: NOW, afterDays: 0 })).toEqual([]);
  });

  test("a period is not published before PUBLISH_AFTER_DAYS have passed", async () => {
    const next = periodKeyOf(TODAY, "month");
    const { to } = parsePublicationPeriod(next)!;
    expect(await autoPublish(db, { now: new Date(`${addDays(to, 3)}T12:00:00+07:00`), afterDays: 5 })).not.toContain(next);
  });
});

describe("GET /api/v1/public/results", () => {
  const get = (query: string, headers: Record<string, string> = {}) =>
    resultsApi({ request: new Request(`http://localhost/api/v1/public/results${query}`, { headers }), context: { db } as never, params: {} }) as Promise<Response>;

  test("open data: CORS for any site, an ETag, and 304 when it has not changed", async () => {
    const response = await get(`?period=${MONTH}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(response.headers.get("Cache-Control")).toBe("public, no-cache");
    const etag = response.headers.get("ETag")!;
    expect(etag).toMatch(/^W\/".+"$/);
    const body = await response.json();
    expect(body).toMatchObject({ period: MONTH, kind: "month", current: true });
    expect(body.sectors.find((s: { code: string }) => s.code === "land").agencies.ranked[0]).toHaveProperty("rankBest");
    const again = await get(`?period=${MONTH}`, { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect((await get(`?period=${MONTH}`, { "If-None-Match": 'W/"other"' })).status).toBe(200);
  });

  test.each([
    ["?period=2026-13", 400, "period"],
    ["?period=2026-W01", 400, "period"],
    ["?period=2026-11&period=2026-10", 400, "period"],
    ["?revision=0", 400, "revision"],
    ["?revision=abc", 400, "revision"],
    ["?lang=fr", 400, "lang"],
    ["?period=1999-01", 404, undefined],
  ])("%s → %i naming the parameter", async (query, status, parameter) => {
    const response = await get(query);
    expect(response.status).toBe(status);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const body = await response.json();
    expect(body.error).toEqual(expect.any(String));
    expect(body.parameter).toBe(parameter);
  });

  test("a preflight is answered; any write is 405", async () => {
    const call = (method: string) => resultsApiAction({ request: new Request("http://localhost/api/v1/public/results", { method }), context: { db } as never, params: {} }) as Promise<Response>;
    const preflight = await call("OPTIONS");
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe("*");
    for (const method of ["POST", "PUT", "DELETE"]) expect((await call(method)).status).toBe(405);
  });
});
