import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  addDays,
  dateOfDayNumber,
  dayNumberOf,
  defaultDateRange,
  isCalendarDate,
  isoWeeksInYear,
  nextPeriodKey,
  parseCalendarDate,
  parsePeriodKey,
  periodBounds,
  periodKeyOf,
  periodKeysBetween,
  PERIOD_GRANULARITIES,
  previousPeriodKey,
} from "~/domain/periods";
import { MS_PER_DAY, vietnamDate, vietnamDayStart } from "~/domain/vietnam-time";

/** The period of an instant as the app files it: by its calendar date in Vietnam. */
const periodKeyOfInstant = (instant: Date, granularity: (typeof PERIOD_GRANULARITIES)[number]) => periodKeyOf(vietnamDate(instant), granularity);

describe("reading a date", () => {
  test.each(["2026-01-01", "2024-02-29", "2000-02-29", "2026-12-31", "1900-01-01", "2999-12-31"])("accepts %s", (text) => {
    expect(isCalendarDate(text)).toBe(true);
  });
  test.each(["2026-02-30", "2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-5", "26-01-01", " 2026-01-01", "2026-01-01T00:00", "", "1899-12-31", "3000-01-01"])(
    "refuses %j",
    (text) => {
      expect(isCalendarDate(text)).toBe(false);
    },
  );
  test("gives year, month and day", () => {
    expect(parseCalendarDate("2026-03-09")).toEqual({ year: 2026, month: 3, day: 9 });
  });
});

describe("day arithmetic", () => {
  test("counts days from 1970-01-01", () => {
    expect(dayNumberOf("1970-01-01")).toBe(0);
    expect(dayNumberOf("2026-01-01")).toBe(20454); // 56 years, 14 of them leap: 56·365 + 14
    expect(dateOfDayNumber(-1)).toBe("1969-12-31");
  });
  test("steps across month, leap-day and year ends", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
  test("agrees with the UTC calendar of the Date object for any day", () => {
    fc.assert(
      fc.property(fc.integer({ min: -25_567, max: 376_000 }), (dayNumber) => {
        const utc = new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
        expect(dateOfDayNumber(dayNumber)).toBe(utc);
        expect(dayNumberOf(utc)).toBe(dayNumber);
      }),
      { numRuns: 200 },
    );
  });
});

describe("the period of a date", () => {
  test("day, month, quarter and year keys", () => {
    expect(periodKeyOf("2026-08-15", "day")).toBe("2026-08-15");
    expect(periodKeyOf("2026-08-15", "month")).toBe("2026-08");
    expect(periodKeyOf("2026-08-15", "quarter")).toBe("2026-Q3");
    expect(periodKeyOf("2026-03-31", "quarter")).toBe("2026-Q1");
    expect(periodKeyOf("2026-04-01", "quarter")).toBe("2026-Q2");
    expect(periodKeyOf("2026-08-15", "year")).toBe("2026");
  });

  test.each([
    ["2026-01-01", "2026-W01"], // a Thursday: week 1 of its own year
    ["2025-12-29", "2026-W01"], // the Monday of that week, still in 2025
    ["2027-01-01", "2026-W53"], // a Friday: 2026 began on a Thursday, so it has 53 weeks
    ["2027-01-03", "2026-W53"], // the Sunday closing that week
    ["2027-01-04", "2027-W01"],
    ["2024-12-30", "2025-W01"], // a Monday whose Thursday is 2 January 2025
    ["2021-01-03", "2020-W53"],
    ["2026-06-15", "2026-W25"],
  ])("the ISO week of %s is %s (week-numbering year)", (date, week) => {
    expect(periodKeyOf(date, "week")).toBe(week);
  });

  test("a year has 52 ISO weeks, or 53 when it starts on a Thursday (or a Wednesday in a leap year)", () => {
    expect(isoWeeksInYear(2026)).toBe(53);
    expect(isoWeeksInYear(2025)).toBe(52);
    expect(isoWeeksInYear(2020)).toBe(53); // leap year starting on a Wednesday
    expect(isoWeeksInYear(2024)).toBe(52);
  });

  test("a response at 23:59 Vietnam time is in that day's periods, one at 00:01 in the next", () => {
    // 31 March 2026, 23:59 in Vietnam = 16:59 UTC; 1 April, 00:01 in Vietnam = 17:01 UTC on 31 March
    const late = new Date("2026-03-31T16:59:00Z");
    const early = new Date("2026-03-31T17:01:00Z");
    expect(periodKeyOfInstant(late, "day")).toBe("2026-03-31");
    expect(periodKeyOfInstant(early, "day")).toBe("2026-04-01");
    expect(periodKeyOfInstant(late, "month")).toBe("2026-03");
    expect(periodKeyOfInstant(early, "month")).toBe("2026-04");
    expect(periodKeyOfInstant(late, "quarter")).toBe("2026-Q1");
    expect(periodKeyOfInstant(early, "quarter")).toBe("2026-Q2");
  });

  test("the new year starts at 17:00 UTC on 31 December", () => {
    expect(periodKeyOfInstant(new Date("2025-12-31T16:59:59.999Z"), "year")).toBe("2025");
    expect(periodKeyOfInstant(new Date("2025-12-31T17:00:00Z"), "year")).toBe("2026");
    // and the ISO week turns over at 00:00 Monday in Vietnam, i.e. Sunday 17:00 UTC
    expect(periodKeyOfInstant(new Date("2026-01-04T16:59:00Z"), "week")).toBe("2026-W01");
    expect(periodKeyOfInstant(new Date("2026-01-04T17:00:00Z"), "week")).toBe("2026-W02");
  });
});

describe("reading a period key", () => {
  test.each([
    ["2026-08-15", "day", "2026-08-15", "2026-08-15"],
    ["2026-W01", "week", "2025-12-29", "2026-01-04"],
    ["2026-W53", "week", "2026-12-28", "2027-01-03"],
    ["2025-W01", "week", "2024-12-30", "2025-01-05"],
    ["2024-02", "month", "2024-02-01", "2024-02-29"],
    ["2026-02", "month", "2026-02-01", "2026-02-28"],
    ["2026-Q4", "quarter", "2026-10-01", "2026-12-31"],
    ["2026-Q1", "quarter", "2026-01-01", "2026-03-31"],
    ["2026", "year", "2026-01-01", "2026-12-31"],
  ])("%s is a %s from %s to %s", (key, granularity, first, last) => {
    expect(parsePeriodKey(key)).toEqual({ key, granularity, first, last });
    expect(periodBounds(key)).toEqual({ first, last });
  });

  test.each(["2025-W53", "2026-W00", "2026-W54", "2026-Q0", "2026-Q5", "2026-13", "2026-00", "2026-02-30", "26", "2026-w01", "2026-1", ""])(
    "refuses %j",
    (key) => {
      expect(parsePeriodKey(key)).toBeNull();
      expect(() => periodBounds(key)).toThrow(RangeError);
    },
  );
});

describe("neighbouring periods", () => {
  test.each([
    ["2026-03-01", "2026-02-28"],
    ["2026-01-01", "2025-12-31"],
    ["2026-W01", "2025-W52"],
    ["2027-W01", "2026-W53"],
    ["2026-W10", "2026-W09"],
    ["2026-01", "2025-12"],
    ["2026-03", "2026-02"],
    ["2026-Q1", "2025-Q4"],
    ["2026-Q3", "2026-Q2"],
    ["2026", "2025"],
  ])("before %s comes %s", (key, previous) => {
    expect(previousPeriodKey(key)).toBe(previous);
    expect(nextPeriodKey(previous)).toBe(key);
  });

  test("periods of every kind tile the calendar: each starts the day after the previous ends", () => {
    const dateArb = fc.integer({ min: dayNumberOf("1901-01-01"), max: dayNumberOf("2998-12-31") }).map(dateOfDayNumber);
    fc.assert(
      fc.property(dateArb, fc.constantFrom(...PERIOD_GRANULARITIES), (date, granularity) => {
        const key = periodKeyOf(date, granularity);
        const { first, last } = periodBounds(key);
        expect(first <= date && date <= last).toBe(true);
        expect(periodBounds(previousPeriodKey(key)).last).toBe(addDays(first, -1));
        expect(periodBounds(nextPeriodKey(key)).first).toBe(addDays(last, 1));
        expect(periodKeyOf(first, granularity)).toBe(key);
        expect(periodKeyOf(last, granularity)).toBe(key);
      }),
      { numRuns: 200 },
    );
  });
});

describe("the periods between two dates", () => {
  test("include the partial periods at both ends", () => {
    expect(periodKeysBetween("2026-01-30", "2026-04-02", "month")).toEqual(["2026-01", "2026-02", "2026-03", "2026-04"]);
    expect(periodKeysBetween("2025-12-25", "2026-01-10", "week")).toEqual(["2025-W52", "2026-W01", "2026-W02"]);
    expect(periodKeysBetween("2026-12-30", "2027-01-02", "day")).toEqual(["2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"]);
    expect(periodKeysBetween("2025-11-15", "2026-02-01", "quarter")).toEqual(["2025-Q4", "2026-Q1"]);
    expect(periodKeysBetween("2024-06-01", "2026-01-01", "year")).toEqual(["2024", "2025", "2026"]);
  });
  test("one day is one period; an empty range has none", () => {
    expect(periodKeysBetween("2026-05-05", "2026-05-05", "week")).toEqual(["2026-W19"]);
    expect(periodKeysBetween("2026-05-06", "2026-05-05", "day")).toEqual([]);
  });
  test("the edge of the accepted years has all its periods", () => {
    expect(periodKeysBetween("2999-12-20", "2999-12-31", "week")).toEqual(["2999-W51", "2999-W52", "3000-W01"]);
  });
  test("refuses a date that is not one", () => {
    expect(() => periodKeysBetween("2026-02-30", "2026-03-01", "day")).toThrow(RangeError);
  });
});

describe("the default range and its instants", () => {
  test("runs from 1 January of the current Vietnam year to today in Vietnam", () => {
    expect(defaultDateRange(new Date("2026-06-15T03:00:00Z"))).toEqual({ from: "2026-01-01", to: "2026-06-15" });
    // 31 December 2025 at 18:00 UTC is already 1 January 2026 in Vietnam
    expect(defaultDateRange(new Date("2025-12-31T18:00:00Z"))).toEqual({ from: "2026-01-01", to: "2026-01-01" });
    expect(defaultDateRange(new Date("2025-12-31T16:00:00Z"))).toEqual({ from: "2025-01-01", to: "2025-12-31" });
  });

  /** The instants [start, end) of Vietnam dates from … to, as the audit page bounds its entries. */
  const vietnamInstantRange = (from: string, to: string) => ({
    start: vietnamDayStart(dayNumberOf(from)),
    end: vietnamDayStart(dayNumberOf(to) + 1),
  });

  test("a Vietnam date range is [00:00 Vietnam on the first day, 00:00 Vietnam after the last)", () => {
    const { start, end } = vietnamInstantRange("2026-01-01", "2026-01-31");
    expect(start.toISOString()).toBe("2025-12-31T17:00:00.000Z");
    expect(end.toISOString()).toBe("2026-01-31T17:00:00.000Z");
  });

  test("the range holds 00:01 of its first day and 23:59 of its last, and nothing just outside", () => {
    const { start, end } = vietnamInstantRange("2026-04-01", "2026-04-30");
    const inside = (iso: string) => {
      const t = new Date(iso).getTime();
      return start.getTime() <= t && t < end.getTime();
    };
    expect(inside("2026-03-31T17:01:00Z")).toBe(true); // 1 April 00:01 in Vietnam
    expect(inside("2026-03-31T16:59:00Z")).toBe(false); // 31 March 23:59 in Vietnam
    expect(inside("2026-04-30T16:59:00Z")).toBe(true); // 30 April 23:59 in Vietnam
    expect(inside("2026-04-30T17:01:00Z")).toBe(false); // 1 May 00:01 in Vietnam
  });
});
