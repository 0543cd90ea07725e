import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { openServerDatabase } from "../setup/server-database";
import { createToken, getAs, signIn, type Caller } from "./support/callers";
import { ADMINISTRATIVE_ANSWERS, HEALTH_ANSWERS, newClientId } from "./support/submissions";

const db = openServerDatabase();
afterAll(() => db.destroy());

const READ_APIS = ["/api/v1/indices", "/api/v1/service-points"] as const;
const CSV_EXPORTS = ["/dashboard/export/indices.csv", "/dashboard/export/responses.csv"] as const;
/** Points that serve land (the manager's sector), and one that serves only health. */
const LAND_POINTS = ["TT-DD-01", "TT-DD-02", "HN-01", "TV-01"];
const HEALTH_ONLY_POINT = "BV-KKB";

type IndexRowJson = {
  key: string;
  label: string;
  sectors: string[];
  respondents: number;
  overall: { n: number; satisfied: number; rate: number | null; ciLow: number | null; ciHigh: number | null } | null;
  answers: { n: number; satisfied: number; rate: number | null; ciLow: number | null; ciHigh: number | null };
  comprehensive: { n: number; satisfied: number; rate: number | null } | null;
  meanScore: number | null;
  headline: string | null;
  target: { value: number; comparator: string } | null;
  status: string | null;
};
type IndicesJson = { from: string; to: string; rows: IndexRowJson[] };

const callers: Record<"manager" | "viewer" | "admin", Caller> = { manager: {}, viewer: {}, admin: {} };
const tokens: Record<"manager" | "viewer" | "integration" | "kiosk", Caller> = { manager: {}, viewer: {}, integration: {}, kiosk: {} };

async function json<T>(caller: Caller, path: string): Promise<T> {
  const response = await getAs(caller, path);
  expect(response.status, `${path}: ${response.status}`).toBe(200);
  return (await response.json()) as T;
}

/** The CSV after checking its byte-order mark and headers: the header row and the records. */
async function csv(caller: Caller, path: string): Promise<{ response: Response; header: string[]; rows: string[][] }> {
  const response = await getAs(caller, path);
  expect(response.status, path).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)], "UTF-8 byte-order mark").toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = parse(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.slice(3))) as string[][];
  return { response, header: header!, rows };
}

async function submitAsKiosk(body: Record<string, unknown>) {
  const response = await fetch(`${inject("baseUrl")}/api/v1/responses`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${tokens.kiosk.token}` },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

beforeAll(async () => {
  tokens.manager.token = await createToken(db, "manager", ["land"]);
  tokens.viewer.token = await createToken(db, "viewer");
  tokens.integration.token = await createToken(db, "integration");
  tokens.kiosk.token = await createToken(db, "kiosk");
  callers.manager.cookie = await signIn("manager.land@demo.vn");
  callers.viewer.cookie = await signIn("viewer@demo.vn");
  callers.admin.cookie = await signIn("admin@demo.vn");

  // A kiosk's submissions are trusted (no rate limit) and not flagged, so every index counts them.
  const land = [5, 4, 4, 2, 5, 3];
  for (const [i, overall] of land.entries()) {
    await submitAsKiosk({
      id: newClientId(),
      servicePoint: i % 2 === 0 ? "TT-DD-01" : "HN-01",
      sector: i % 2 === 0 ? undefined : "land",
      locale: "vi",
      answers: { ...ADMINISTRATIVE_ANSWERS, overall, comment: "Cán bộ hướng dẫn tận tình, chu đáo." },
    });
  }
  await submitAsKiosk({ id: newClientId(), servicePoint: "TT-XD-01", locale: "vi", answers: { ...ADMINISTRATIVE_ANSWERS, overall: 3 } });
  await submitAsKiosk({ id: newClientId(), servicePoint: HEALTH_ONLY_POINT, locale: "vi", answers: { ...HEALTH_ANSWERS } });
});

describe("an anonymous caller", () => {
  for (const path of READ_APIS) {
    test(`gets 401 with WWW-Authenticate from ${path}`, async () => {
      const response = await getAs({}, path);
      expect(response.status).toBe(401);
      expect(response.headers.get("WWW-Authenticate")).toMatch(/^Bearer /);
    });
  }

  for (const path of CSV_EXPORTS) {
    test(`is sent to the login page, and back afterwards, from ${path}`, async () => {
      const response = await getAs({}, `${path}?sector=land`);
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(`${path}?sector=land`)}`);
    });
  }

  test("with an unknown bearer token gets 401", async () => {
    expect((await getAs({ token: "t_not-a-real-token-at-all" }, "/api/v1/indices")).status).toBe(401);
  });
});

describe("a manager of the land sector", () => {
  const asManager = () => [
    { name: "signed in", caller: callers.manager },
    { name: "with a token", caller: tokens.manager },
  ];

  test("sees only the land sector's rows in the indices, signed in or with a token", async () => {
    for (const { name, caller } of asManager()) {
      const bySector = await json<IndicesJson>(caller, "/api/v1/indices?groupBy=sector");
      expect(bySector.rows.map((r) => r.key), name).toEqual(["land"]);
      const byPoint = await json<IndicesJson>(caller, "/api/v1/indices?groupBy=servicePoint");
      expect(byPoint.rows.length, name).toBeGreaterThan(0);
      for (const row of byPoint.rows) {
        expect(LAND_POINTS, name).toContain(row.key);
        expect(row.sectors, name).toEqual(["land"]);
      }
    }
  });

  test("sees only the service points that serve land", async () => {
    for (const { name, caller } of asManager()) {
      const points = await json<Array<{ code: string; sectors: string[] }>>(caller, "/api/v1/service-points");
      expect(points.map((p) => p.code).sort(), name).toEqual([...LAND_POINTS].sort());
      for (const point of points) expect(point.sectors, name).toContain("land");
    }
  });

  test("downloads only land in the CSVs", async () => {
    const indices = await csv(callers.manager, "/dashboard/export/indices.csv?groupBy=sector");
    expect(indices.rows.map((r) => r[0])).toEqual(["land"]);
    const responses = await csv(callers.manager, "/dashboard/export/responses.csv");
    const sector = responses.header.indexOf("sector");
    expect(responses.rows.length).toBeGreaterThanOrEqual(6);
    expect(new Set(responses.rows.map((r) => r[sector]))).toEqual(new Set(["land"]));
  });

  test("may filter to a point shared with other sectors, and sees only land there", async () => {
    const shared = await json<IndicesJson>(callers.manager, "/api/v1/indices?groupBy=sector&servicePoint=HN-01");
    expect(shared.rows.map((r) => r.key)).toEqual(["land"]);
  });

  for (const query of ["sector=health", `servicePoint=${HEALTH_ONLY_POINT}`]) {
    test(`gets 403 for ${query} from the API and both CSVs`, async () => {
      const parameter = query.split("=")[0]!;
      for (const caller of [callers.manager, tokens.manager]) {
        const api = await getAs(caller, `/api/v1/indices?${query}`);
        expect(api.status).toBe(403);
        expect(await api.json()).toMatchObject({ parameter });
      }
      for (const path of CSV_EXPORTS) {
        const response = await getAs(callers.manager, `${path}?${query}`);
        expect(response.status, path).toBe(403);
        expect(await response.text(), path).toContain(`"${parameter}"`);
      }
    });
  }
});

describe("a viewer and an administrator", () => {
  for (const who of ["viewer", "admin"] as const) {
    test(`${who}: sees every sector with responses and every service point`, async () => {
      const caller = callers[who];
      const keys = (await json<IndicesJson>(caller, "/api/v1/indices?groupBy=sector")).rows.map((r) => r.key);
      expect(keys).toEqual(expect.arrayContaining(["land", "construction", "health"]));
      const points = await json<Array<{ code: string }>>(caller, "/api/v1/service-points");
      expect(points.map((p) => p.code)).toEqual(expect.arrayContaining([...LAND_POINTS, HEALTH_ONLY_POINT, "HTK-VP"]));
      expect(points).toHaveLength(10);
      const responses = await csv(caller, "/dashboard/export/responses.csv");
      const sector = responses.header.indexOf("sector");
      expect([...new Set(responses.rows.map((r) => r[sector]))]).toEqual(expect.arrayContaining(["land", "construction", "health"]));
    });
  }
});

describe("bearer tokens", () => {
  test("viewer and integration tokens see every sector", async () => {
    for (const caller of [tokens.viewer, tokens.integration]) {
      const keys = (await json<IndicesJson>(caller, "/api/v1/indices?groupBy=sector")).rows.map((r) => r.key);
      expect(keys).toEqual(expect.arrayContaining(["land", "construction", "health"]));
      expect(await json<unknown[]>(caller, "/api/v1/service-points")).toHaveLength(10);
    }
  });

  for (const path of READ_APIS) {
    test(`a kiosk token, which may only submit, gets 403 from ${path}`, async () => {
      expect((await getAs(tokens.kiosk, path)).status).toBe(403);
    });
  }

  test("the CSV exports are for signed-in staff: a token is sent to the login page", async () => {
    for (const path of CSV_EXPORTS) {
      const response = await getAs(tokens.viewer, path);
      expect(response.status, path).toBe(302);
      expect(response.headers.get("Location"), path).toMatch(/^\/login\?redirectTo=/);
    }
  });
});

describe("bad parameters", () => {
  const cases: Array<[string, string]> = [
    ["groupBy=district", "groupBy"],
    ["from=2026-02-30", "from"],
    ["from=2026-03-02&to=2026-03-01", "from"],
    ["sector=nope", "sector"],
    ["sector=land&sector=health", "sector"],
    ["includeFlagged=yes", "includeFlagged"],
  ];
  for (const [query, parameter] of cases) {
    test(`${query} → 400 naming ${parameter}, from the API and both CSVs`, async () => {
      const api = await getAs(callers.admin, `/api/v1/indices?${query}`);
      expect(api.status).toBe(400);
      expect(await api.json()).toMatchObject({ parameter, error: expect.any(String) });
      for (const path of CSV_EXPORTS) {
        const response = await getAs(callers.admin, `${path}?${query}`);
        expect(response.status, path).toBe(400);
        expect(response.headers.get("Content-Type"), path).toContain("text/plain");
        expect(await response.text(), path).toContain(`"${parameter}"`);
      }
    });
  }
});

describe("the indices CSV", () => {
  /** What the CSV must hold for one JSON row, cell by cell (empty where the API has null). */
  function expectedCells(row: IndexRowJson): string[] {
    const cell = (v: string | number | null | undefined) => (v === null || v === undefined ? "" : String(v));
    return [
      row.key, row.label, row.sectors.join(", "), cell(row.respondents),
      cell(row.overall?.n), cell(row.overall?.satisfied), cell(row.overall?.rate), cell(row.overall?.ciLow), cell(row.overall?.ciHigh),
      cell(row.answers.n), cell(row.answers.satisfied), cell(row.answers.rate), cell(row.answers.ciLow), cell(row.answers.ciHigh),
      cell(row.comprehensive?.n), cell(row.comprehensive?.satisfied), cell(row.comprehensive?.rate),
      cell(row.meanScore),
    ];
  }

  for (const query of ["groupBy=sector", "groupBy=servicePoint&sector=land", "groupBy=question&sector=land", "groupBy=month&lang=en"]) {
    test(`has the same figures as GET /api/v1/indices?${query}`, async () => {
      const api = await json<IndicesJson>(callers.admin, `/api/v1/indices?${query}`);
      const { header, rows } = await csv(callers.admin, `/dashboard/export/indices.csv?${query}`);
      expect(rows).toHaveLength(api.rows.length);
      expect(api.rows.length).toBeGreaterThan(0);
      api.rows.forEach((row, i) => {
        const record = rows[i]!;
        expect(record.slice(0, 18)).toEqual(expectedCells(row));
        expect(record[header.length - 1]).toBe(row.status ?? "");
        expect(record[header.length - 3]).toBe(row.target?.comparator ?? "");
        expect(record[header.length - 4]).toBe(row.target ? String(row.target.value) : "");
      });
    });
  }

  test("has Vietnamese headers and status words by default, English ones with lang=en, and says rates are fractions", async () => {
    const vi = await csv(callers.admin, "/dashboard/export/indices.csv?groupBy=sector&sector=land");
    expect(vi.header[0]).toBe("Mã");
    expect(vi.header).toContain("Hài lòng chung: tỷ lệ (số thập phân 0–1)");
    expect(vi.rows[0]![1]).toBe("Đất đai");
    const en = await csv(callers.admin, "/dashboard/export/indices.csv?groupBy=sector&sector=land&lang=en");
    expect(en.header[0]).toBe("Key");
    expect(en.header).toContain("Overall: rate (fraction 0–1)");
    expect(en.rows[0]![1]).toBe("Land");
    // The status in words beside its code (how many land responses other test files sent decides which).
    const code = vi.rows[0]![vi.header.length - 1]!;
    expect(en.rows[0]![en.header.length - 1]).toBe(code);
    const words: Record<string, [RegExp, RegExp]> = {
      meets: [/^Đạt mục tiêu$/, /^Meets the target$/],
      below: [/^Không đạt mục tiêu$/, /^Below the target$/],
      inconclusive: [/^Chưa kết luận được/, /^Inconclusive/],
      insufficient: [/^Chưa đủ số người trả lời$/, /^Too few respondents$/],
    };
    expect(vi.rows[0]![vi.header.length - 2]).toMatch(words[code]![0]);
    expect(en.rows[0]![en.header.length - 2]).toMatch(words[code]![1]);
  });

  test("is a download named after its grouping and range", async () => {
    const { response } = await csv(callers.admin, "/dashboard/export/indices.csv?groupBy=month&from=2026-01-01&to=2026-03-31");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="hai-long-indices-month_2026-01-01_2026-03-31.csv"');
    const raw = await getAs(callers.admin, "/dashboard/export/responses.csv?from=2026-01-01&to=2026-03-31");
    expect(raw.headers.get("Content-Disposition")).toBe('attachment; filename="hai-long-responses_2026-01-01_2026-03-31.csv"');
    await raw.arrayBuffer();
  });
});

describe("the raw responses CSV", () => {
  test("keeps Vietnamese comments intact and holds no hash", async () => {
    const { header, rows } = await csv(callers.admin, "/dashboard/export/responses.csv?sector=land");
    expect(header.filter((h) => /hash/i.test(h))).toEqual([]);
    const comment = header.indexOf("comment");
    expect(rows.map((r) => r[comment])).toContain("Cán bộ hướng dẫn tận tình, chu đáo.");
  });
});
