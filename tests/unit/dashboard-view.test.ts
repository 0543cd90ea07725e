import { describe, expect, test } from "vitest";
import { defaultView, periodChoice, previousChoice, rangeOf, viewSearch } from "~/domain/dashboard-view";

describe("a dashboard view in the URL", () => {
  test("months, quarters and years are periods; weeks and days are not offered", () => {
    expect(periodChoice("2026-11")).toEqual({ kind: "period", key: "2026-11", granularity: "month" });
    expect(periodChoice("2026-Q4")).toEqual({ kind: "period", key: "2026-Q4", granularity: "quarter" });
    expect(periodChoice("2026")).toEqual({ kind: "period", key: "2026", granularity: "year" });
    expect(periodChoice("2026-W48")).toBeNull();
    expect(periodChoice("2026-11-26")).toBeNull();
    expect(periodChoice("2026-13")).toBeNull();
  });

  test("the running period ends today; a past one at its last day", () => {
    expect(rangeOf(periodChoice("2026")!, "2026-11-26")).toEqual({ from: "2026-01-01", to: "2026-11-26" });
    expect(rangeOf(periodChoice("2026-Q3")!, "2026-11-26")).toEqual({ from: "2026-07-01", to: "2026-09-30" });
  });

  test("the previous period is the whole one before; a custom range the same number of days before", () => {
    expect(previousChoice(periodChoice("2026-Q1")!)).toEqual({ kind: "period", key: "2025-Q4", granularity: "quarter" });
    expect(previousChoice({ kind: "custom", from: "2026-03-01", to: "2026-03-10" })).toEqual({
      kind: "custom",
      from: "2026-02-19",
      to: "2026-02-28",
    });
  });

  test("one canonical query string per view, so a shared link shows the same thing", () => {
    const view = defaultView("2026-11-26");
    const withUnit = viewSearch(view, { servicePoint: "TT-DD-01", includeFlagged: true });
    expect(withUnit).toContain("servicePoint=TT-DD-01");
    expect(withUnit).toContain("includeFlagged=1");
    expect(viewSearch(view, { period: { kind: "custom", from: "2026-01-01", to: "2026-06-30" } })).toBe("?from=2026-01-01&to=2026-06-30");
  });
});
