import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseDossierPost } from "~/domain/dossiers";
import { lastClosedMonth } from "~/domain/report";
import { periodBounds } from "~/domain/periods";
import { vietnamDate } from "~/domain/vietnam-time";
import type { Actor } from "~/modules/audit/types";
import { recordDossier } from "~/modules/dossiers/dossiers.service.server";
import type { ReportData } from "~/modules/reports/types";
import { submitResponse } from "~/modules/survey/submission.service.server";
import { loader as overviewPage } from "~/routes/dashboard._index";
import { loader as reportPage } from "~/routes/dashboard.report";
import { loader as reportWorkbook } from "~/routes/dashboard.report[.]xlsx";
import { loader as sectorPage } from "~/routes/dashboard.sectors.$code";
import { loader as timelinessPage } from "~/routes/dashboard.timeliness";
import { getRequest, routeContext, runRoute, signInAs, type StaffSession } from "../setup/admin-requests";
import { ADMINISTRATIVE_ANSWERS, receivedSoonAfter, trustedSubmission } from "../setup/submissions";
import { useFreshDatabase } from "../setup/test-database";

/*
 * The report and its workbook as staff meet them: the page's figures are the
 * dashboard's, the workbook read back with exceljs holds the same numbers,
 * a manager's covers their sectors only, and every bad address is a 400.
 */
const { db } = useFreshDatabase();
afterAll(() => db.destroy());

// The report's default: the month before today's (Vietnam time), where the data below lies.
const MONTH = lastClosedMonth(vietnamDate(new Date()));
const KEY = MONTH.kind === "period" ? MONTH.key : "";
const { first } = periodBounds(KEY);
const at = (day: number, time = "03:00:00") => `${first.slice(0, 8)}${String(day).padStart(2, "0")}T${time}Z`;
const ONE_STOP: Actor = { userId: null, name: "token: one-stop" };

let admin: StaffSession;
let manager: StaffSession;
let viewer: StaffSession;

async function respond(point: string, day: number, answers: Record<string, unknown>) {
  const answeredAt = at(day);
  const outcome = await submitResponse(db, trustedSubmission(point, answers, { answeredAt: new Date(answeredAt) }), receivedSoonAfter(answeredAt));
  expect(outcome.kind, JSON.stringify(outcome)).toBe("created");
}

async function dossier(code: string, point: string, sector: string, received: number, due: number, returned: number | null) {
  const now = new Date(at(27));
  const parsed = parseDossierPost(
    { code, servicePoint: point, sector, receivedAt: at(received), dueAt: at(due, "10:00:00"), ...(returned ? { returnedAt: at(returned) } : {}) },
    now,
  );
  if (!parsed.ok) throw new Error(parsed.message);
  const outcome = await recordDossier(db, ONE_STOP, { sectorIds: null }, parsed.value, { now, apologyDueHours: 24 });
  if (!outcome.ok) throw new Error(outcome.problem.message);
}

beforeAll(async () => {
  [admin, manager, viewer] = await Promise.all([signInAs("admin@demo.vn"), signInAs("manager.land@demo.vn"), signInAs("viewer@demo.vn")]);
  // Land: 6 responses at two points, one dissatisfied; construction: 3.
  for (const day of [2, 3, 4, 5, 6]) await respond("TT-DD-01", day, ADMINISTRATIVE_ANSWERS);
  await respond("TT-DD-02", 7, { ...ADMINISTRATIVE_ANSWERS, overall: 2, courtesy: 2 });
  for (const day of [8, 9, 10]) await respond("TT-XD-01", day, ADMINISTRATIVE_ANSWERS);
  // Land dossiers: two on time, one late; construction: one on time.
  await dossier("R-L1", "TT-DD-01", "land", 2, 10, 8);
  await dossier("R-L2", "TT-DD-01", "land", 2, 10, 9);
  await dossier("R-L3", "TT-DD-01", "land", 3, 6, 12);
  await dossier("R-C1", "TT-XD-01", "construction", 4, 20, 11);
});

async function report(search: string, session: StaffSession): Promise<ReportData> {
  const page = await runRoute(reportPage, getRequest(`/dashboard/report${search}`, session));
  expect(page.status, JSON.stringify(page.data)).toBe(200);
  return page.data.report as ReportData;
}

/** The workbook as a browser downloads it, opened with exceljs. */
async function workbook(search: string, session: StaffSession) {
  const response = (await reportWorkbook({ request: getRequest(`/dashboard/report.xlsx${search}`, session), params: {}, context: routeContext() })) as Response;
  expect(response.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await response.arrayBuffer());
  return { book, response };
}

/** A sheet's rows as records keyed by its header row. */
function records(sheet: ExcelJS.Worksheet): Array<Record<string, ExcelJS.CellValue>> {
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
  const out: Array<Record<string, ExcelJS.CellValue>> = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    out.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value ?? null])));
  });
  return out;
}

describe("the report page", () => {
  test("an administrator's report holds the overview's cards and scorecard, each sector page's agency ranking and the timeliness page's rows", async () => {
    const data = await report(`?period=${KEY}`, admin);
    expect(data.coverage).toBe("province");
    expect(data.range).toEqual({ from: periodBounds(KEY).first, to: periodBounds(KEY).last });

    const overview = await runRoute(overviewPage, getRequest(`/dashboard?period=${KEY}`, admin));
    expect(data.sectors).toEqual(overview.data.cards);
    expect(data.scorecard).toEqual(overview.data.scorecard);
    expect(data.scorecard!.lines.map((l) => l.key)).toContain("tthc-land");

    const land = await runRoute(sectorPage, getRequest(`/dashboard/sectors/land?period=${KEY}`, admin), { code: "land" });
    expect(data.agencies.find((s) => s.code === "land")!.agencies).toEqual(land.data.agencies);
    expect(data.sectors.find((s) => s.code === "land")!.current!.figure.n).toBe(6);

    const timeliness = await runRoute(timelinessPage, getRequest(`/dashboard/timeliness?period=${KEY}`, admin));
    expect(data.timeliness).toEqual(timeliness.data.sectors);
    expect(data.timeliness.find((r) => r.key === "land")).toMatchObject({ returned: 3, late: 1, onTime: 2 });
  });

  test("without a period it is the last closed month", async () => {
    const data = await report("", viewer);
    expect(data.period).toEqual(MONTH);
  });

  test("a manager's report covers their sector only, and of the plan only the lines about it alone", async () => {
    const data = await report(`?period=${KEY}`, manager);
    expect(data.coverage).toBe("sectors");
    expect(data.sectors.map((s) => s.code)).toEqual(["land"]);
    expect(data.agencies.map((s) => s.code)).toEqual(["land"]);
    expect(data.timeliness.map((r) => r.key)).toEqual(["land"]);
    expect(data.scorecard!.lines.map((l) => l.key)).toEqual(["tthc-land"]);
    // The same line as the province's scorecard computes.
    const province = await report(`?period=${KEY}`, admin);
    expect(data.scorecard!.lines[0]).toEqual(province.scorecard!.lines.find((l) => l.key === "tthc-land"));
  });

  test("a viewer reads it; in English with ?lang=en", async () => {
    const data = await report(`?period=${KEY}&lang=en`, viewer);
    expect(data.sectors.find((s) => s.code === "land")!.name).toBe("Land");
  });

  test("without signing in both addresses send the browser to the login page", async () => {
    for (const path of [`/dashboard/report?period=${KEY}`, `/dashboard/report.xlsx?period=${KEY}`]) {
      const answer = await runRoute(path.includes("xlsx") ? reportWorkbook : reportPage, getRequest(path));
      expect(answer.status).toBe(302);
      expect(answer.location).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    }
  });

  test.each([
    ["a month that does not exist", "2026-13"],
    ["a week (the report takes months, quarters and years)", "2026-W05"],
    ["words", "th%C3%A1ng-11"],
    ["a year with no year before it", "0001"],
    ["an oversized value", "2".repeat(5000)],
    ["a script", "%3Cscript%3E"],
  ])("%s is a 400 naming the period, on the page and the workbook", async (_, period) => {
    const page = await runRoute(reportPage, getRequest(`/dashboard/report?period=${period}`, admin));
    expect(page).toMatchObject({ status: 400, data: { kind: "badParameter", parameter: "period" } });
    const file = await runRoute(reportWorkbook, getRequest(`/dashboard/report.xlsx?period=${period}`, admin));
    expect(file.status).toBe(400);
    expect(file.data).toMatch(/^Tham số "period" không hợp lệ \/ /);
  });

  test("a repeated or unknown parameter is a 400 too, never a 500", async () => {
    const twice = await runRoute(reportPage, getRequest(`/dashboard/report?period=${KEY}&period=2026`, admin));
    expect(twice.status).toBe(400);
    const dates = await runRoute(reportPage, getRequest("/dashboard/report?from=2026-11-31&to=2026-12-01", admin));
    expect(dates.status).toBe(400);
  });

  test("an address in another order is redirected to the canonical one", async () => {
    const answer = await runRoute(reportPage, getRequest(`/dashboard/report?lang=en&period=${KEY}`, admin));
    expect(answer).toMatchObject({ status: 302, location: `/dashboard/report?period=${KEY}&lang=en` });
  });
});

describe("the report workbook", () => {
  test("is an attachment with an ASCII name, and its sheets hold the page's figures as numbers", async () => {
    const data = await report(`?period=${KEY}`, admin);
    const { book, response } = await workbook(`?period=${KEY}`, admin);
    expect(response.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="bao-cao-hai-long-${KEY}.xlsx"`);
    expect(book.worksheets.map((s) => s.name)).toEqual(["Thông tin", "Bảng điểm kế hoạch", "Lĩnh vực", "Cơ quan", "Đúng hạn"]);

    const info = records(book.getWorksheet("Thông tin")!);
    expect(info.find((r) => r["Mục"] === "Từ ngày")!["Nội dung"]).toBe(`${data.range.from.slice(8, 10)}/${data.range.from.slice(5, 7)}/${data.range.from.slice(0, 4)}`);

    for (const sheet of book.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(sheet.getRow(1).font?.bold).toBe(true);
    }

    const sectors = book.getWorksheet("Lĩnh vực")!;
    const sectorRows = records(sectors);
    expect(sectorRows.map((r) => r["Ngành, lĩnh vực"])).toEqual(data.sectors.map((s) => s.name));
    const land = data.sectors.find((s) => s.code === "land")!;
    const landRow = sectorRows.find((r) => r["Ngành, lĩnh vực"] === land.name)!;
    expect(landRow["Chỉ số"]).toBeCloseTo(land.current!.figure.estimate!, 12);
    expect(landRow["Cận dưới (95%)"]).toBeCloseTo(land.current!.figure.ciLow!, 12);
    expect(landRow["Cận trên (95%)"]).toBeCloseTo(land.current!.figure.ciHigh!, 12);
    expect(landRow["n (người trả lời)"]).toBe(6);
    expect(landRow["Mục tiêu"]).toBe(0.85);
    const header = (sectors.getRow(1).values as string[]).slice(1);
    const cell = (name: string) => sectors.getRow(2).getCell(header.indexOf(name) + 1);
    expect(cell("Chỉ số").numFmt).toBe("0.0%");
    expect(cell("n (người trả lời)").numFmt).toBe("#,##0");
    expect(sectors.getColumn(1).width).toBeGreaterThan(10);

    const scorecard = records(book.getWorksheet("Bảng điểm kế hoạch")!);
    expect(scorecard).toHaveLength(data.scorecard!.lines.length);
    const landLine = data.scorecard!.lines.find((l) => l.key === "tthc-land")!;
    const landLineRow = scorecard.find((r) => r["Chỉ tiêu"] === landLine.name.vi)!;
    expect(landLineRow["Chỉ số"]).toBeCloseTo(landLine.figure.estimate!, 12);
    expect(landLineRow["Số mẫu"]).toBe(landLine.figure.n);

    const agencies = records(book.getWorksheet("Cơ quan")!);
    expect(agencies).toHaveLength(data.agencies.reduce((n, s) => n + s.agencies.length, 0));
    const firstLand = data.agencies.find((s) => s.code === "land")!.agencies[0]!;
    const agencyRow = agencies.find((r) => r["Cơ quan, đơn vị"] === firstLand.label && r["Ngành, lĩnh vực"] === land.name)!;
    expect(agencyRow["Chỉ số"]).toBeCloseTo(firstLand.figure.estimate!, 12);
    expect(agencyRow["Hạng"]).toBe(firstLand.rank);

    const timeliness = records(book.getWorksheet("Đúng hạn")!);
    const landDossiers = data.timeliness.find((r) => r.key === "land")!;
    const landTimeliness = timeliness.find((r) => r["Ngành, lĩnh vực"] === landDossiers.label)!;
    expect(landTimeliness).toMatchObject({ "Hồ sơ đã trả": 3, "Trả đúng hạn": 2, "Trễ hạn": 1, "Xin lỗi: cần gửi": 1 });
    expect(landTimeliness["Tỷ lệ đúng hạn"]).toBeCloseTo(2 / 3, 12);
  });

  test("a manager's workbook has their sector alone; English headers with lang=en", async () => {
    const { book } = await workbook(`?period=${KEY}&lang=en`, manager);
    expect(book.worksheets.map((s) => s.name)).toEqual(["Information", "Plan scorecard", "Sectors", "Agencies", "Timeliness"]);
    expect(records(book.getWorksheet("Sectors")!).map((r) => r["Sector"])).toEqual(["Land"]);
    expect(new Set(records(book.getWorksheet("Agencies")!).map((r) => r["Sector"]))).toEqual(new Set(["Land"]));
    expect(records(book.getWorksheet("Timeliness")!).map((r) => r["Sector"])).toEqual(["Land"]);
    expect(records(book.getWorksheet("Plan scorecard")!).map((r) => r["Indicator"])).toEqual(["Satisfaction with land procedures"]);
  });

  test("a year without a plan has no scorecard sheet, and the information sheet says so; empty figures are empty cells", async () => {
    const { book } = await workbook("?period=2024", admin);
    expect(book.worksheets.map((s) => s.name)).toEqual(["Thông tin", "Lĩnh vực", "Cơ quan", "Đúng hạn"]);
    expect(records(book.getWorksheet("Thông tin")!).find((r) => r["Mục"] === "Bảng điểm kế hoạch năm 2024")!["Nội dung"]).toBe(
      "Không có bảng điểm kế hoạch cho phạm vi này.",
    );
    const sectors = records(book.getWorksheet("Lĩnh vực")!);
    expect(sectors.length).toBeGreaterThan(0);
    for (const row of sectors) {
      expect(row["Chỉ số"]).toBeNull();
      expect(row["n (người trả lời)"]).toBe(0);
    }
  });

  test("a viewer downloads it; without a period it is the last closed month's", async () => {
    const { response } = await workbook("", viewer);
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="bao-cao-hai-long-${KEY}.xlsx"`);
  });
});
