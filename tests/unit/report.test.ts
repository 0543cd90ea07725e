import { describe, expect, test } from "vitest";
import { axisStart, type IntervalChartRow } from "~/components/reports/interval-chart";
import { lastClosedMonth, readReportView, reportFileName } from "~/domain/report";

const TODAY = "2026-12-02";
const read = (search: string) => readReportView(new URL(`http://localhost/dashboard/report${search}`), TODAY);

describe("the report's period", () => {
  test("is the last closed month when the address names none", () => {
    expect(lastClosedMonth(TODAY)).toEqual({ kind: "period", key: "2026-11", granularity: "month" });
    expect(lastClosedMonth("2027-01-01")).toEqual({ kind: "period", key: "2026-12", granularity: "month" });
    expect(read("")).toMatchObject({ ok: true, value: { kind: "view", view: { period: { key: "2026-11" }, includeFlagged: false, lang: null } } });
    expect(read("?lang=en")).toEqual({ ok: true, value: { kind: "redirect", to: "/dashboard/report?period=2026-11&lang=en" } });
  });

  test.each([
    ["?period=2026-11", { kind: "period", key: "2026-11", granularity: "month" }],
    ["?period=2026-Q4", { kind: "period", key: "2026-Q4", granularity: "quarter" }],
    ["?period=2026", { kind: "period", key: "2026", granularity: "year" }],
    ["?from=2026-10-01&to=2026-11-15", { kind: "custom", from: "2026-10-01", to: "2026-11-15" }],
  ])("%s is read as the dashboard reads it", (search, period) => {
    expect(read(search)).toMatchObject({ ok: true, value: { kind: "view", view: { period } } });
  });

  test.each(["?period=2026-13", "?period=2026-W05", "?period=2026-11-02", "?period=0001", "?period=abc", `?period=${"9".repeat(400)}`, "?period=2026&period=2025"])(
    "%s is a bad parameter",
    (search) => {
      const outcome = read(search);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.problem).toMatchObject({ kind: "badParameter" });
    },
  );

  test("an address out of order or with the dashboard's filters is sent to the canonical one", () => {
    expect(read("?lang=en&period=2026-11")).toEqual({ ok: true, value: { kind: "redirect", to: "/dashboard/report?period=2026-11&lang=en" } });
    expect(read("?period=2026-11&agency=so-nnmt")).toEqual({ ok: true, value: { kind: "redirect", to: "/dashboard/report?period=2026-11" } });
  });

  test("the download's name is ASCII and names the period", () => {
    expect(reportFileName({ kind: "period", key: "2026-Q4", granularity: "quarter" }, "xlsx")).toBe("bao-cao-hai-long-2026-Q4.xlsx");
    expect(reportFileName({ kind: "custom", from: "2026-10-01", to: "2026-11-15" }, "xlsx")).toBe("bao-cao-hai-long-2026-10-01_2026-11-15.xlsx");
  });
});

describe("the interval chart's axis", () => {
  const row = (estimate: number | null, ciLow: number | null, target: number | null): IntervalChartRow => ({
    key: "k",
    label: "k",
    estimate,
    ciLow,
    ciHigh: estimate,
    n: 10,
    target,
    status: null,
  });
  test("starts at the 10% step under every bound and target, never above 50%", () => {
    expect(axisStart([row(0.9, 0.82, 0.85)])).toBe(0.5);
    expect(axisStart([row(0.5, 0.43, 0.85)])).toBe(0.4);
    expect(axisStart([row(0.3, 0.2, 0.85)])).toBe(0.2);
    expect(axisStart([row(0, 0, 0.85)])).toBe(0);
    expect(axisStart([row(null, null, null)])).toBe(0.5);
    expect(axisStart([])).toBe(0.5);
  });
});
