import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { vietnamDate } from "~/domain/vietnam-time";
import { loader as servicePointsApi } from "~/routes/api.v1.service-points";
import { loader as indicesApi } from "~/routes/api.v1.indices";
import { loader as overviewPage } from "~/routes/dashboard._index";
import { loader as indicesCsv } from "~/routes/dashboard.export.indices[.]csv";
import { loader as responsesCsv } from "~/routes/dashboard.export.responses[.]csv";
import { loader as sectorPage } from "~/routes/dashboard.sectors.$code";
import { loader as dashboardFrame } from "~/routes/dashboard";
import { getRequest, runRoute, signInAs, type StaffSession } from "../setup/admin-requests";
import { useFreshDatabase } from "../setup/test-database";

/**
 * The dashboard's loaders, the indices API and the CSV downloads as a caller
 * meets them: figures within the caller's sectors, and every problem answered
 * in the route's own format (a page's ErrorBoundary reads `kind` and
 * `parameter`; JSON says `{error, parameter}`; a CSV a line of text).
 */
const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const YEAR = vietnamDate(new Date()).slice(0, 4);
let manager: StaffSession;
let viewer: StaffSession;

beforeAll(async () => {
  manager = await signInAs("manager.land@demo.vn");
  viewer = await signInAs("viewer@demo.vn");
});

const sector = (code: string, search: string, session = manager) =>
  runRoute(sectorPage, getRequest(`/dashboard/sectors/${code}${search}`, session), { code });

describe("dashboard pages", () => {
  test("a manager's overview and navigation show their own sector only", async () => {
    const overview = await runRoute(overviewPage, getRequest(`/dashboard?period=${YEAR}`, manager));
    expect(overview.status).toBe(200);
    expect(overview.data.cards.map((c: { code: string }) => c.code)).toEqual(["land"]);
    const frame = await runRoute(dashboardFrame, getRequest("/dashboard", manager));
    expect(frame.data.sectors).toEqual([{ code: "land", name: "Đất đai" }]);
  });

  test("a sector page holds its card, ranking tables and comments, in the page's language", async () => {
    const page = await sector("land", `?period=${YEAR}&lang=en`);
    expect(page.status).toBe(200);
    expect(page.data.sector).toEqual({ code: "land", name: "Land" });
    expect(page.data.card).toMatchObject({ code: "land", target: { value: 0.85, comparator: ">" } });
    expect(page.data.trend.months.length).toBeGreaterThanOrEqual(12);
    expect(page.data.comments).toMatchObject({ total: 0, page: 1, perPage: 20 });
  });

  test("an address in another order or with empty fields is redirected to the canonical one", async () => {
    const answer = await sector("land", `?unit=&servicePoint=TT-DD-01&period=${YEAR}`);
    expect(answer).toMatchObject({ status: 302, location: `/dashboard/sectors/land?period=${YEAR}&servicePoint=TT-DD-01` });
  });

  test.each([
    ["another sector's page", 403, "health", "", { kind: "forbidden", parameter: null }],
    ["another sector's point on the manager's sector", 403, "land", "&servicePoint=BV-KKB", { kind: "forbidden", parameter: "servicePoint" }],
    ["an unknown sector", 404, "nope", "", { kind: "notFound" }],
    ["an unknown agency", 400, "land", "&agency=nope", { kind: "badParameter", parameter: "agency" }],
    ["a comment filter on a point outside the view", 400, "land", "&unit=BV-KKB", { kind: "badParameter", parameter: "unit" }],
  ])("%s answers %i, naming what is wrong", async (_, status, code, search, data) => {
    const answer = await sector(code, `?period=${YEAR}${search}`);
    expect(answer.status).toBe(status);
    expect(answer.data).toMatchObject(data);
  });

  test.each([
    ["a month that does not exist", "?period=2026-13"],
    // Year 1 has no year before it to compare with: this was a 500 (RangeError) before the period's years were checked.
    ["the first year there is", "?period=0001"],
  ])("%s is a 400 naming the period", async (_, search) => {
    expect(await sector("land", search)).toMatchObject({ status: 400, data: { kind: "badParameter", parameter: "period" } });
  });

  test("the overview answers a year it cannot compare with 400, not 500", async () => {
    const answer = await runRoute(overviewPage, getRequest("/dashboard?period=0001", viewer));
    expect(answer).toMatchObject({ status: 400, data: { kind: "badParameter", parameter: "period" } });
  });
});

describe("the indices API", () => {
  test.each([
    ["groupBy=district", 400, "groupBy", /^groupBy must be one of sector, agency/],
    ["sector=nope", 400, "sector", /^unknown sector "nope"$/],
    ["from=2026-12-01&to=2026-11-01", 400, "from", /^from must not be after to$/],
    ["sector=health", 403, "sector", /^sector is outside your sectors$/],
    ["servicePoint=BV-KKB", 403, "servicePoint", /^servicePoint is outside your sectors$/],
  ])("%s → %s {error, parameter: %s}", async (search, status, parameter, error) => {
    const answer = await runRoute(indicesApi, getRequest(`/api/v1/indices?${search}`, manager));
    expect(answer.status).toBe(status);
    expect(Object.keys(answer.data).sort()).toEqual(["error", "parameter"]);
    expect(answer.data.parameter).toBe(parameter);
    expect(answer.data.error).toMatch(error);
  });

  test("lists the service points of the caller's sectors only", async () => {
    const answer = await runRoute(servicePointsApi, getRequest("/api/v1/service-points", manager));
    expect(answer.status).toBe(200);
    const codes = answer.data.map((p: { code: string }) => p.code);
    expect(codes).toContain("TT-DD-01");
    expect(codes).not.toContain("BV-KKB");
    expect(answer.data.find((p: { code: string }) => p.code === "TT-DD-01")).toMatchObject({
      sectors: ["land"],
      agency: { code: "so-nnmt" },
      surveyUrl: expect.stringMatching(/\/s\/TT-DD-01$/),
      active: true,
    });
  });
});

describe("CSV downloads", () => {
  for (const [file, loader] of [
    ["indices.csv", indicesCsv],
    ["responses.csv", responsesCsv],
  ] as const) {
    test(`${file}: a bad parameter is a 400 line in Vietnamese and English naming it`, async () => {
      const answer = await runRoute(loader, getRequest(`/dashboard/export/${file}?sector=nope`, manager));
      expect(answer.status).toBe(400);
      expect(answer.data).toBe('Tham số "sector" không hợp lệ / unknown sector "nope"\n');
    });

    test(`${file}: another sector is a 403 line naming the parameter`, async () => {
      const answer = await runRoute(loader, getRequest(`/dashboard/export/${file}?servicePoint=BV-KKB`, manager));
      expect(answer.status).toBe(403);
      expect(answer.data).toBe('Tham số "servicePoint" nằm ngoài phạm vi được xem / servicePoint is outside your sectors\n');
    });
  }
});
