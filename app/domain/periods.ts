/**
 * Calendar periods in Vietnam time (DOMAIN.md: boundaries are Asia/Ho_Chi_Minh,
 * UTC+7, no daylight saving). Everything is integer arithmetic on day numbers
 * (days since 1970-01-01) of 'YYYY-MM-DD' strings, so the result never depends
 * on the machine's time zone. Week keys follow ISO 8601 (Monday-first weeks,
 * week 1 holds the year's first Thursday, week-numbering year).
 * Arithmetic accepts any real date of years 0001–9999 and throws RangeError on
 * anything else; parseCalendarDate is the narrower validator for user input.
 */
import { vietnamDate } from "./vietnam-time";

export const PERIOD_GRANULARITIES = ["day", "week", "month", "quarter", "year"] as const;
export type PeriodGranularity = (typeof PERIOD_GRANULARITIES)[number];

export type CivilDate = { year: number; month: number; day: number };

const pad = (value: number, width: number) => String(value).padStart(width, "0");

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Any real 'YYYY-MM-DD' day of years 0001–9999: what the arithmetic below can represent. */
function parseCivilDate(text: string): CivilDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/**
 * Dates a caller may ask about ('from', 'to'): far wider than any survey, yet
 * narrow enough that every neighbouring period (the ISO week straddling a year
 * end, the previous period of the first) stays representable.
 */
export const FIRST_ACCEPTED_YEAR = 1900;
export const LAST_ACCEPTED_YEAR = 2999;

/**
 * A strict 'YYYY-MM-DD' naming a real day ('2026-02-30' is not) in the
 * accepted years, or null. The input validator for query parameters.
 */
export function parseCalendarDate(text: string): CivilDate | null {
  const date = parseCivilDate(text);
  if (!date || date.year < FIRST_ACCEPTED_YEAR || date.year > LAST_ACCEPTED_YEAR) return null;
  return date;
}

export function isCalendarDate(text: string): boolean {
  return parseCalendarDate(text) !== null;
}

function requireCivilDate(text: string): CivilDate {
  const date = parseCivilDate(text);
  if (!date) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(text)}`);
  return date;
}

export function formatCalendarDate({ year, month, day }: CivilDate): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The inverse of daysFromCivil (H. Hinnant's civil_from_days). */
export function civilFromDays(dayNumber: number): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date; throws on an invalid date. */
export function dayNumberOf(date: string): number {
  return daysFromCivil(requireCivilDate(date));
}

export function dateOfDayNumber(dayNumber: number): string {
  return formatCalendarDate(civilFromDays(dayNumber));
}

export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumberOf(date) + days);
}

/** ISO weekday of a day number: Monday = 1 … Sunday = 7 (1970-01-01 was a Thursday). */
function isoWeekdayOfDayNumber(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7 + 1;
}

/** Day number of the Monday of week 1 of an ISO week-numbering year (the week holding 4 January). */
function isoWeekOneMonday(isoYear: number): number {
  const fourthOfJanuary = daysFromCivil({ year: isoYear, month: 1, day: 4 });
  return fourthOfJanuary - (isoWeekdayOfDayNumber(fourthOfJanuary) - 1);
}

/** The ISO week of a date: the year is that of the week's Thursday, which may differ from the date's. */
export function isoWeekOf(date: string): { year: number; week: number } {
  const dayNumber = dayNumberOf(date);
  const thursday = dayNumber - (isoWeekdayOfDayNumber(dayNumber) - 1) + 3;
  const year = civilFromDays(thursday).year;
  return { year, week: Math.floor((thursday - isoWeekOneMonday(year)) / 7) + 1 };
}

/** 52 or 53: the week holding 28 December is always the year's last. */
export function isoWeeksInYear(isoYear: number): number {
  return isoWeekOf(formatCalendarDate({ year: isoYear, month: 12, day: 28 })).week;
}

/** The key of the period of a Vietnam calendar date: 'YYYY-MM-DD', 'YYYY-Www', 'YYYY-MM', 'YYYY-Qn' or 'YYYY'. */
export function periodKeyOf(date: string, granularity: PeriodGranularity): string {
  const { year, month } = requireCivilDate(date);
  switch (granularity) {
    case "day":
      return date;
    case "week": {
      const week = isoWeekOf(date);
      return `${pad(week.year, 4)}-W${pad(week.week, 2)}`;
    }
    case "month":
      return `${pad(year, 4)}-${pad(month, 2)}`;
    case "quarter":
      return `${pad(year, 4)}-Q${Math.ceil(month / 3)}`;
    case "year":
      return pad(year, 4);
  }
}

/** A parsed period key: its granularity and its first and last dates (inclusive). */
export type Period = { key: string; granularity: PeriodGranularity; first: string; last: string };

function monthsPeriod(key: string, granularity: PeriodGranularity, year: number, firstMonth: number, lastMonth: number): Period {
  return {
    key,
    granularity,
    first: formatCalendarDate({ year, month: firstMonth, day: 1 }),
    last: formatCalendarDate({ year, month: lastMonth, day: daysInMonth(year, lastMonth) }),
  };
}

/** Reads any period key, or null when it is malformed or names no real period ('2026-W54', '2026-Q5'). */
export function parsePeriodKey(key: string): Period | null {
  if (parseCivilDate(key)) return { key, granularity: "day", first: key, last: key };
  let match = /^(\d{4})-W(\d{2})$/.exec(key);
  if (match) {
    const [year, week] = [Number(match[1]), Number(match[2])];
    if (year < 1 || week < 1 || week > isoWeeksInYear(year)) return null;
    const monday = isoWeekOneMonday(year) + (week - 1) * 7;
    return { key, granularity: "week", first: dateOfDayNumber(monday), last: dateOfDayNumber(monday + 6) };
  }
  match = /^(\d{4})-Q([1-4])$/.exec(key);
  if (match) {
    const [year, quarter] = [Number(match[1]), Number(match[2])];
    if (year < 1) return null;
    return monthsPeriod(key, "quarter", year, quarter * 3 - 2, quarter * 3);
  }
  match = /^(\d{4})-(\d{2})$/.exec(key);
  if (match) {
    const [year, month] = [Number(match[1]), Number(match[2])];
    if (year < 1 || month < 1 || month > 12) return null;
    return monthsPeriod(key, "month", year, month, month);
  }
  match = /^(\d{4})$/.exec(key);
  if (match) {
    const year = Number(match[1]);
    if (year < 1) return null;
    return monthsPeriod(key, "year", year, 1, 12);
  }
  return null;
}

function requirePeriod(key: string): Period {
  const period = parsePeriodKey(key);
  if (!period) throw new RangeError(`not a period key: ${JSON.stringify(key)}`);
  return period;
}

/** The first and last Vietnam dates (inclusive) of a period key. */
export function periodBounds(key: string): { first: string; last: string } {
  const { first, last } = requirePeriod(key);
  return { first, last };
}

/** The period of the same granularity just before (for "change from the previous period"). */
export function previousPeriodKey(key: string): string {
  const period = requirePeriod(key);
  return periodKeyOf(addDays(period.first, -1), period.granularity);
}

export function nextPeriodKey(key: string): string {
  const period = requirePeriod(key);
  return periodKeyOf(addDays(period.last, 1), period.granularity);
}

/**
 * The keys of every period that overlaps [from, to] (inclusive dates), in
 * order: the first and last may be partial. Empty when from is after to.
 */
export function periodKeysBetween(from: string, to: string, granularity: PeriodGranularity): string[] {
  const end = dayNumberOf(to);
  if (dayNumberOf(from) > end) return [];
  const keys: string[] = [];
  let period = requirePeriod(periodKeyOf(from, granularity));
  for (;;) {
    keys.push(period.key);
    const lastDay = dayNumberOf(period.last);
    // Stop before stepping past the last period: no date after 9999-12-31 exists to step to.
    if (lastDay >= end) return keys;
    period = requirePeriod(periodKeyOf(dateOfDayNumber(lastDay + 1), granularity));
  }
}

/** CONTRACTS.md's default range: 1 January of the current Vietnam year to today in Vietnam. */
export function defaultDateRange(now: Date): { from: string; to: string } {
  const today = vietnamDate(now);
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

/** Dates from `from` to `to`, both included. */
export type DateRange = { from: string; to: string };

/**
 * How to sum the days of [from, to] from monthly and daily roll-ups: every
 * month in `months` ('YYYY-MM', inclusive; null for none) whole, plus the days
 * of `addDays`, minus the days of `subtractDays`. A month the range covers
 * partly is either read day by day (its days in the range) or whole minus its
 * days outside the range, whichever reads fewer days: a year from 2 December
 * to 1 December reads 12 months, one day added and one subtracted, instead of
 * some 60 days. Days after `today` hold no responses, so subtracting them
 * costs nothing (the answer is exact either way; only the cost differs).
 * Adjacent ranges are merged. Empty when from is after to.
 */
export type MonthlyCover = { months: { from: string; to: string } | null; addDays: DateRange[]; subtractDays: DateRange[] };

export function monthlyCover(from: string, to: string, { today }: { today?: string } = {}): MonthlyCover {
  const start = dayNumberOf(from);
  const end = dayNumberOf(to);
  const lastDataDay = today === undefined ? Number.POSITIVE_INFINITY : dayNumberOf(today);
  const months: string[] = [];
  const add: Array<[number, number]> = [];
  const subtract: Array<[number, number]> = [];
  /** Days of [a, b] that may hold responses. */
  const cost = (a: number, b: number) => Math.max(0, Math.min(b, lastDataDay) - a + 1);

  for (const month of start > end ? [] : periodKeysBetween(from, to, "month")) {
    const { first, last } = periodBounds(month);
    const [monthStart, monthEnd] = [dayNumberOf(first), dayNumberOf(last)];
    const [inStart, inEnd] = [Math.max(start, monthStart), Math.min(end, monthEnd)];
    const outside: Array<[number, number]> = [];
    if (inStart > monthStart) outside.push([monthStart, inStart - 1]);
    if (inEnd < monthEnd) outside.push([inEnd + 1, monthEnd]);
    const outsideCost = outside.reduce((sum, [a, b]) => sum + cost(a, b), 0);
    if (outside.length === 0 || outsideCost < cost(inStart, inEnd)) {
      months.push(month);
      subtract.push(...outside);
    } else {
      add.push([inStart, inEnd]);
    }
  }

  const merged = (ranges: Array<[number, number]>): DateRange[] => {
    const out: Array<[number, number]> = [];
    for (const [a, b] of ranges) {
      const previous = out.at(-1);
      if (previous && previous[1] + 1 === a) previous[1] = b;
      else out.push([a, b]);
    }
    return out.map(([a, b]) => ({ from: dateOfDayNumber(a), to: dateOfDayNumber(b) }));
  };
  return {
    months: months.length > 0 ? { from: months[0]!, to: months.at(-1)! } : null,
    addDays: merged(add),
    subtractDays: merged(subtract),
  };
}
