import { describe, expect, test } from "vitest";
import { readDashboardView } from "~/domain/dashboard-url";
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

describe("reading a dashboard address", () => {
  const TODAY = "2026-11-26";
  const SECTOR_PAGE = ["agency", "servicePoint", "includeFlagged", "rating", "unit", "page"] as const;
  const read = (search: string, allowed: readonly (typeof SECTOR_PAGE)[number][] = SECTOR_PAGE) =>
    readDashboardView(new URL(`http://localhost/dashboard/sectors/land${search}`), TODAY, allowed);

  test("no parameters: the current year, nothing filtered", () => {
    expect(read("")).toEqual({ ok: true, value: { kind: "view", view: defaultView(TODAY) } });
  });

  test("a canonical address is read as it is", () => {
    expect(read("?period=2026-Q3&servicePoint=TT-DD-01&includeFlagged=1&page=2")).toMatchObject({
      ok: true,
      value: { kind: "view", view: { period: { kind: "period", key: "2026-Q3" }, servicePoint: "TT-DD-01", includeFlagged: true, page: 2 } },
    });
  });

  test.each([
    ["?servicePoint=TT-DD-01&period=2026", "?period=2026&servicePoint=TT-DD-01"], // another order
    ["?period=2026&rating=&unit=", "?period=2026"], // a GET form's "all"
    ["?period=2026-05&from=2026-01-01&to=2026-02-01", "?period=2026-05"], // stale dates beside a period
    ["?to=2026-03-31", "?from=2026-01-01&to=2026-03-31"], // from defaults to 1 January of to's year
    ["?period=2026&includeFlagged=true", "?period=2026&includeFlagged=1"], // the API's spelling
    ["?period=2026&groupBy=month&utm=x", "?period=2026"], // parameters the page does not take
  ])("%s is answered with a redirect to %s", (search, canonical) => {
    expect(read(search)).toEqual({ ok: true, value: { kind: "redirect", to: `/dashboard/sectors/land${canonical}` } });
  });

  test("a page without a filter drops it on the way to the canonical address", () => {
    expect(read("?period=2026&servicePoint=TT-DD-01", ["includeFlagged"])).toEqual({
      ok: true,
      value: { kind: "redirect", to: "/dashboard/sectors/land?period=2026" },
    });
  });

  test.each([
    ["?period=2026-13", "period"],
    ["?period=2026-W05", "period"],
    // Years a query may not ask about: their neighbouring periods could not even be named.
    ["?period=0001", "period"],
    ["?period=9999", "period"],
    ["?period=1899-Q4", "period"],
    ["?from=2026-02-30", "from"],
    ["?from=2026-06-01&to=2026-05-01", "from"],
    ["?from=2000-01-01&to=2026-01-01", "from"], // longer than the API allows
    ["?period=2026&period=2025", "period"],
    ["?rating=great", "rating"],
    ["?page=0", "page"],
    ["?includeFlagged=yes", "includeFlagged"],
    ["?lang=fr", "lang"],
  ])("%s is a bad parameter naming %s", (search, parameter) => {
    expect(read(search)).toMatchObject({ ok: false, problem: { kind: "badParameter", status: 400, parameter } });
  });
});
