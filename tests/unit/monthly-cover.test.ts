import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { addDays, dateOfDayNumber, dayNumberOf, monthlyCover, periodBounds, type MonthlyCover } from "~/domain/periods";

/** How many times a cover counts each day: +1 per month or added range holding it, −1 per subtracted range. */
function countedDays(cover: MonthlyCover): Map<string, number> {
  const counts = new Map<string, number>();
  const count = (from: string, to: string, by: number) => {
    for (let d = dayNumberOf(from); d <= dayNumberOf(to); d++) {
      const date = dateOfDayNumber(d);
      counts.set(date, (counts.get(date) ?? 0) + by);
    }
  };
  if (cover.months) count(periodBounds(cover.months.from).first, periodBounds(cover.months.to).last, 1);
  for (const r of cover.addDays) count(r.from, r.to, 1);
  for (const r of cover.subtractDays) count(r.from, r.to, -1);
  for (const [date, n] of counts) if (n === 0) counts.delete(date);
  return counts;
}

const daysOf = (from: string, to: string) =>
  new Map(Array.from({ length: Math.max(0, dayNumberOf(to) - dayNumberOf(from) + 1) }, (_, i) => [addDays(from, i), 1]));

describe("covering a date range with whole months and edge days", () => {
  test("a range inside one month is read day by day", () => {
    expect(monthlyCover("2026-03-10", "2026-03-20")).toEqual({
      months: null,
      addDays: [{ from: "2026-03-10", to: "2026-03-20" }],
      subtractDays: [],
    });
  });

  test("exactly one month is that month alone", () => {
    expect(monthlyCover("2026-02-01", "2026-02-28")).toEqual({ months: { from: "2026-02", to: "2026-02" }, addDays: [], subtractDays: [] });
  });

  test("a leap February ends on the 29th: to the 28th is a partial month, to the 29th a whole one", () => {
    expect(monthlyCover("2024-02-01", "2024-02-29")).toEqual({ months: { from: "2024-02", to: "2024-02" }, addDays: [], subtractDays: [] });
    expect(monthlyCover("2024-02-01", "2024-02-28")).toEqual({
      months: { from: "2024-02", to: "2024-02" },
      addDays: [],
      subtractDays: [{ from: "2024-02-29", to: "2024-02-29" }],
    });
  });

  test("a single day is that day, even the first or the last of a month", () => {
    for (const day of ["2026-05-01", "2026-05-31", "2026-05-15"]) {
      expect(monthlyCover(day, day)).toEqual({ months: null, addDays: [{ from: day, to: day }], subtractDays: [] });
    }
  });

  test("from the first to the last day of months, across a year end, is whole months only", () => {
    expect(monthlyCover("2025-11-01", "2026-02-28")).toEqual({ months: { from: "2025-11", to: "2026-02" }, addDays: [], subtractDays: [] });
  });

  test("a year from the 2nd to the 1st takes twelve months, subtracts the first day and adds the last", () => {
    expect(monthlyCover("2025-12-02", "2026-12-01")).toEqual({
      months: { from: "2025-12", to: "2026-11" },
      addDays: [{ from: "2026-12-01", to: "2026-12-01" }],
      subtractDays: [{ from: "2025-12-01", to: "2025-12-01" }],
    });
  });

  test("a range ending mid-month today takes that month whole: the days after today are empty", () => {
    expect(monthlyCover("2025-12-16", "2026-12-15", { today: "2026-12-15" })).toEqual({
      months: { from: "2025-12", to: "2026-12" },
      addDays: [],
      subtractDays: [
        { from: "2025-12-01", to: "2025-12-15" },
        { from: "2026-12-16", to: "2026-12-31" },
      ],
    });
    // Without knowing today, the 15 days of the last month are read one by one.
    expect(monthlyCover("2025-12-16", "2026-12-15").addDays).toEqual([{ from: "2026-12-01", to: "2026-12-15" }]);
  });

  test("partial edges of two neighbouring months merge into one range of days", () => {
    expect(monthlyCover("2026-01-20", "2026-02-10")).toEqual({
      months: null,
      addDays: [{ from: "2026-01-20", to: "2026-02-10" }],
      subtractDays: [],
    });
  });

  test("a month short of a day at each end is taken whole, minus those two days", () => {
    expect(monthlyCover("2026-07-02", "2026-07-30")).toEqual({
      months: { from: "2026-07", to: "2026-07" },
      addDays: [],
      subtractDays: [
        { from: "2026-07-01", to: "2026-07-01" },
        { from: "2026-07-31", to: "2026-07-31" },
      ],
    });
  });

  test("from after to covers nothing", () => {
    expect(monthlyCover("2026-03-02", "2026-03-01")).toEqual({ months: null, addDays: [], subtractDays: [] });
    expect(monthlyCover("2027-01-01", "2026-01-01")).toEqual({ months: null, addDays: [], subtractDays: [] });
  });

  test("refuses what is not a date", () => {
    expect(() => monthlyCover("2026-02-30", "2026-03-01")).toThrow(RangeError);
  });

  test("counts every day of the range exactly once and no other day, whatever today is", () => {
    const dateArb = fc.integer({ min: dayNumberOf("2023-01-01"), max: dayNumberOf("2027-12-31") }).map(dateOfDayNumber);
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -5, max: 800 }), fc.option(dateArb, { nil: undefined }), (from, length, today) => {
        const to = addDays(from, length);
        const cover = monthlyCover(from, to, { today });
        expect(countedDays(cover)).toEqual(daysOf(from, to));
        // Subtracted days lie in the months taken whole; added days outside them.
        const inMonths = (d: string) => cover.months !== null && d.slice(0, 7) >= cover.months.from && d.slice(0, 7) <= cover.months.to;
        for (const r of cover.subtractDays) expect(inMonths(r.from) && inMonths(r.to)).toBe(true);
        for (const r of cover.addDays) expect(inMonths(r.from) || inMonths(r.to)).toBe(false);
        // Never more daily reading than the plain edges would need: at most a month's days per edge.
        const days = [...cover.addDays, ...cover.subtractDays].reduce((n, r) => n + dayNumberOf(r.to) - dayNumberOf(r.from) + 1, 0);
        expect(days).toBeLessThanOrEqual(62);
      }),
      { numRuns: 500 },
    );
  });
});
