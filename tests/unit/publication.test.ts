import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { addDays, dateOfDayNumber, dayNumberOf, nextPeriodKey } from "~/domain/periods";
import {
  AUTO_PUBLISH_WINDOW,
  autoPublishDate,
  changesBetween,
  defaultPublishedPeriod,
  duePeriods,
  isClosed,
  parsePublicationPeriod,
  parsePublicQuery,
  type PublicSnapshot,
} from "~/domain/publication";
import { vietnamDate } from "~/domain/vietnam-time";

describe("parsePublicationPeriod", () => {
  test.each([
    ["2026-11", "month", "2026-11-01", "2026-11-30"],
    ["2024-02", "month", "2024-02-01", "2024-02-29"],
    ["2025-02", "month", "2025-02-01", "2025-02-28"],
    ["2026-12", "month", "2026-12-01", "2026-12-31"],
    ["2026-Q1", "quarter", "2026-01-01", "2026-03-31"],
    ["2026-Q4", "quarter", "2026-10-01", "2026-12-31"],
    ["2026", "year", "2026-01-01", "2026-12-31"],
  ])("%s is a %s from %s to %s", (key, kind, from, to) => {
    expect(parsePublicationPeriod(key)).toEqual({ key, kind, from, to });
  });

  test.each([
    ["a day", "2026-11-05"],
    ["a week", "2026-W48"],
    ["month 13", "2026-13"],
    ["month 0", "2026-00"],
    ["quarter 5", "2026-Q5"],
    ["quarter 0", "2026-Q0"],
    ["a lower-case quarter", "2026-q4"],
    ["a one-digit month", "2026-1"],
    ["a two-digit year", "26"],
    ["a five-digit year", "20260"],
    ["year 0", "0000"],
    ["surrounding spaces", " 2026-11 "],
    ["empty", ""],
    ["SQL", "2026' OR 1=1 --"],
    ["markup", "<script>2026</script>"],
    ["a path", "../2026"],
    ["a newline", "2026-11\n"],
    ["full-width digits", "２０２６"],
    ["a month beyond any year before it can be compared", "0001-01"],
    ["the first year", "0001"],
  ])("%s (%j) is refused", (_, key) => {
    expect(parsePublicationPeriod(key)).toBeNull();
  });

  test("every accepted key round-trips and its dates lie in order", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (key) => {
        const period = parsePublicationPeriod(key);
        if (period === null) return;
        expect(period.key).toBe(key);
        expect(period.from <= period.to).toBe(true);
      }),
    );
  });
});

describe("isClosed", () => {
  const november = parsePublicationPeriod("2026-11")!;
  test("a period is open through its last Vietnam day and closed the day after", () => {
    expect(isClosed(november, "2026-11-15")).toBe(false);
    expect(isClosed(november, "2026-11-30")).toBe(false);
    expect(isClosed(november, "2026-12-01")).toBe(true);
    expect(isClosed(november, "2027-06-01")).toBe(true);
  });

  test("the boundary is Vietnam's midnight (17:00 UTC), not UTC's", () => {
    // 16:59:59 UTC on 30 November is 23:59:59 in Vietnam: still November.
    expect(isClosed(november, vietnamDate(new Date("2026-11-30T16:59:59.999Z")))).toBe(false);
    // 17:00 UTC is midnight in Vietnam: 1 December, November is over.
    expect(isClosed(november, vietnamDate(new Date("2026-11-30T17:00:00Z")))).toBe(true);
  });

  test("a future period is not closed", () => {
    expect(isClosed(parsePublicationPeriod("2027")!, "2026-12-31")).toBe(false);
    expect(isClosed(parsePublicationPeriod("2026")!, "2026-12-31")).toBe(false);
    expect(isClosed(parsePublicationPeriod("2026")!, "2027-01-01")).toBe(true);
  });
});

const keys = (today: string, afterDays: number) => duePeriods(today, afterDays).map((p) => p.key);

describe("duePeriods", () => {
  test("with 5 days, November is due on 5 December and not on the 4th", () => {
    expect(keys("2026-12-05", 5)).toContain("2026-11");
    expect(keys("2026-12-04", 5)).not.toContain("2026-11");
    expect(keys("2026-12-04", 5)).toContain("2026-10");
  });

  test("on 5 January, December, the fourth quarter and the year are due together; on the 4th none of them", () => {
    const due = keys("2027-01-05", 5);
    expect(due).toEqual(expect.arrayContaining(["2026-12", "2026-Q4", "2026"]));
    const early = keys("2027-01-04", 5);
    for (const key of ["2026-12", "2026-Q4", "2026"]) expect(early).not.toContain(key);
    expect(early).toEqual(expect.arrayContaining(["2026-11", "2026-Q3", "2025"]));
  });

  test("with 0 days a period is due the day after it closes, never on its last day", () => {
    expect(keys("2026-12-01", 0)).toEqual(expect.arrayContaining(["2026-11"]));
    expect(keys("2026-10-01", 0)).toEqual(expect.arrayContaining(["2026-09", "2026-Q3"]));
    expect(keys("2026-11-30", 0)).not.toContain("2026-11");
    expect(keys("2026-12-31", 0)).not.toContain("2026");
    expect(keys("2027-01-01", 0)).toEqual(expect.arrayContaining(["2026-12", "2026-Q4", "2026"]));
    expect(duePeriods("2026-12-01", 0)).toEqual(duePeriods("2026-12-01", 1));
  });

  test("newest first within each kind, months then quarters then years", () => {
    const due = duePeriods("2026-12-10", 5);
    const kinds = due.map((p) => p.kind);
    expect(kinds).toEqual([...kinds].sort((a, b) => ["month", "quarter", "year"].indexOf(a) - ["month", "quarter", "year"].indexOf(b)));
    for (const kind of ["month", "quarter", "year"] as const) {
      const tos = due.filter((p) => p.kind === kind).map((p) => p.to);
      expect(tos).toEqual([...tos].sort().reverse());
    }
  });

  test("the look-back window: 12 months, 4 quarters and 2 years", () => {
    const due = duePeriods("2026-12-10", 5);
    expect(due.filter((p) => p.kind === "month").map((p) => p.key)).toEqual([
      "2026-11", "2026-10", "2026-09", "2026-08", "2026-07", "2026-06", "2026-05", "2026-04", "2026-03", "2026-02", "2026-01", "2025-12",
    ]);
    expect(due.filter((p) => p.kind === "quarter").map((p) => p.key)).toEqual(["2026-Q3", "2026-Q2", "2026-Q1", "2025-Q4"]);
    expect(due.filter((p) => p.kind === "year").map((p) => p.key)).toEqual(["2025", "2024"]);
    expect(keys("2026-12-10", 5)).not.toContain("2025-11");
  });

  test("with 366 days (the most allowed) months and quarters are still published a year late", () => {
    // Found by this test: the window counted periods not yet due, so with 366 days no month or quarter was ever due.
    const due = keys("2027-12-01", 366);
    expect(due).toContain("2026-11");
    expect(due).not.toContain("2026-12");
    expect(keys("2027-12-31", 366)).not.toContain("2026-Q4");
    expect(keys("2028-01-01", 366)).toEqual(expect.arrayContaining(["2026-12", "2026-Q4", "2026"]));
    for (const kind of ["month", "quarter", "year"] as const) {
      expect(duePeriods("2027-12-01", 366).filter((p) => p.kind === kind)).toHaveLength(AUTO_PUBLISH_WINDOW[kind]);
    }
  });

  const day = fc.integer({ min: dayNumberOf("1950-01-01"), max: dayNumberOf("2900-12-31") }).map(dateOfDayNumber);
  const after = fc.integer({ min: 0, max: 366 });

  test("every due period is closed and at least afterDays (and one) days old, and none is repeated", () => {
    fc.assert(
      fc.property(day, after, (today, afterDays) => {
        const due = duePeriods(today, afterDays);
        expect(new Set(due.map((p) => p.key)).size).toBe(due.length);
        for (const p of due) {
          expect(isClosed(p, today)).toBe(true);
          expect(dayNumberOf(today) - dayNumberOf(p.to)).toBeGreaterThanOrEqual(Math.max(1, afterDays));
          expect(autoPublishDate(p, afterDays) <= today).toBe(true);
        }
      }),
    );
  });

  test("the newest period of each kind whose auto-publication date has come is due", () => {
    fc.assert(
      fc.property(day, after, (today, afterDays) => {
        const due = duePeriods(today, afterDays);
        for (const kind of ["month", "quarter", "year"] as const) {
          const newest = due.find((p) => p.kind === kind)!;
          expect(newest).toBeDefined();
          expect(autoPublishDate(newest, afterDays) <= today).toBe(true);
          // The period after it is not yet due.
          const next = parsePublicationPeriod(nextPeriodKey(newest.key))!;
          expect(autoPublishDate(next, afterDays) > today).toBe(true);
        }
      }),
    );
  });
});

describe("autoPublishDate", () => {
  test("afterDays after the last day, and never on the last day itself", () => {
    expect(autoPublishDate(parsePublicationPeriod("2026-11")!, 5)).toBe("2026-12-05");
    expect(autoPublishDate(parsePublicationPeriod("2026-11")!, 0)).toBe("2026-12-01");
    expect(autoPublishDate(parsePublicationPeriod("2026-11")!, 1)).toBe("2026-12-01");
    expect(autoPublishDate(parsePublicationPeriod("2026")!, 366)).toBe("2028-01-01");
    expect(autoPublishDate(parsePublicationPeriod("2024-02")!, 1)).toBe("2024-03-01");
  });

  test("a period is due exactly from its auto-publication date", () => {
    const november = parsePublicationPeriod("2026-11")!;
    for (const afterDays of [0, 1, 5, 30]) {
      const date = autoPublishDate(november, afterDays);
      expect(keys(date, afterDays)).toContain("2026-11");
      expect(keys(addDays(date, -1), afterDays)).not.toContain("2026-11");
    }
  });
});

/* ------------------------------------------------------------ snapshots */

type Fig = { estimate: number | null; n: number };
const figure = ({ estimate, n }: Fig) => ({ estimate, ciLow: estimate, ciHigh: estimate, n });

function snapshot(lines: Record<string, Fig>, sectors: Record<string, Fig>, names: Record<string, string> = {}): PublicSnapshot {
  return {
    format: 1,
    period: parsePublicationPeriod("2026-11")!,
    totals: { respondents: 0, dossiersReturned: 0 },
    scorecard: {
      year: 2026,
      lines: Object.entries(lines).map(([key, f]) => ({ key, name: { vi: `vi ${key}`, en: `en ${key}` }, figure: figure(f) })),
    },
    sectors: Object.entries(sectors).map(([code, f]) => ({ code, figure: figure(f) })),
    comments: [],
    names: { sectors: Object.fromEntries(Object.entries(names).map(([code, vi]) => [code, { vi, en: code }])), agencies: {} },
    computedAt: "2026-12-05T00:00:00.000Z",
  } as unknown as PublicSnapshot;
}

describe("changesBetween", () => {
  const earlier = snapshot({ a: { estimate: 0.8, n: 100 }, b: { estimate: 0.9, n: 50 } }, { land: { estimate: 0.85, n: 60 } }, { land: "Đất đai" });

  test("identical revisions have no changes", () => {
    expect(changesBetween(earlier, earlier)).toEqual([]);
    expect(changesBetween(earlier, structuredClone(earlier))).toEqual([]);
  });

  test("a changed figure or a changed n of an indicator or a sector is a change", () => {
    const later = snapshot({ a: { estimate: 0.81, n: 100 }, b: { estimate: 0.9, n: 51 } }, { land: { estimate: 0.86, n: 61 } }, { land: "Đất đai" });
    expect(changesBetween(earlier, later)).toEqual([
      { kind: "indicator", key: "a", name: { vi: "vi a", en: "en a" }, before: { estimate: 0.8, n: 100 }, after: { estimate: 0.81, n: 100 } },
      { kind: "indicator", key: "b", name: { vi: "vi b", en: "en b" }, before: { estimate: 0.9, n: 50 }, after: { estimate: 0.9, n: 51 } },
      { kind: "sector", key: "land", name: { vi: "Đất đai", en: "land" }, before: { estimate: 0.85, n: 60 }, after: { estimate: 0.86, n: 61 } },
    ]);
  });

  test("a figure that becomes unknown (too few answers) is a change", () => {
    const later = snapshot({ a: { estimate: null, n: 100 }, b: { estimate: 0.9, n: 50 } }, { land: { estimate: 0.85, n: 60 } });
    expect(changesBetween(earlier, later)).toMatchObject([{ kind: "indicator", key: "a", before: { estimate: 0.8 }, after: { estimate: null } }]);
  });

  test("added and removed indicators and sectors are changes, with the side that exists named", () => {
    const later = snapshot({ a: { estimate: 0.8, n: 100 }, c: { estimate: 0.7, n: 10 } }, { health: { estimate: 0.9, n: 40 } }, { health: "Y tế" });
    const changes = changesBetween(earlier, later);
    expect(changes).toEqual([
      { kind: "indicator", key: "b", name: { vi: "vi b", en: "en b" }, before: { estimate: 0.9, n: 50 }, after: null },
      { kind: "indicator", key: "c", name: { vi: "vi c", en: "en c" }, before: null, after: { estimate: 0.7, n: 10 } },
      // The earlier revision named land; a code named by neither stands for itself.
      { kind: "sector", key: "land", name: { vi: "Đất đai", en: "land" }, before: { estimate: 0.85, n: 60 }, after: null },
      { kind: "sector", key: "health", name: { vi: "Y tế", en: "health" }, before: null, after: { estimate: 0.9, n: 40 } },
    ]);
    const unnamed = changesBetween(snapshot({}, {}), snapshot({}, { x: { estimate: 0.5, n: 1 } }));
    expect(unnamed).toEqual([{ kind: "sector", key: "x", name: { vi: "x", en: "x" }, before: null, after: { estimate: 0.5, n: 1 } }]);
  });

  test("a line with no figure and no respondents on both sides is no change, present or not", () => {
    expect(changesBetween(snapshot({ a: { estimate: null, n: 0 } }, {}), snapshot({}, {}))).toEqual([]);
  });
});

describe("defaultPublishedPeriod", () => {
  const p = (key: string) => parsePublicationPeriod(key)!;
  test("nothing published: none", () => {
    expect(defaultPublishedPeriod([])).toBeNull();
  });

  test("the one that ends latest, and on a tie the month before the quarter before the year", () => {
    expect(defaultPublishedPeriod([p("2026-10"), p("2026-11"), p("2026-09")])!.key).toBe("2026-11");
    expect(defaultPublishedPeriod([p("2026-Q3"), p("2026-09")])!.key).toBe("2026-09");
    expect(defaultPublishedPeriod([p("2026"), p("2026-Q4"), p("2026-12")])!.key).toBe("2026-12");
    expect(defaultPublishedPeriod([p("2026"), p("2026-Q4")])!.key).toBe("2026-Q4");
    expect(defaultPublishedPeriod([p("2025"), p("2026-Q1")])!.key).toBe("2026-Q1");
    expect(defaultPublishedPeriod([p("2026-Q4"), p("2026-11")])!.key).toBe("2026-Q4");
  });

  test("whatever the order given, and without changing it", () => {
    const list = [p("2026-12"), p("2026"), p("2026-Q4"), p("2026-11")];
    const copy = [...list];
    fc.assert(
      fc.property(fc.shuffledSubarray(list, { minLength: 4, maxLength: 4 }), (shuffled) => {
        expect(defaultPublishedPeriod(shuffled)!.key).toBe("2026-12");
      }),
    );
    expect(list).toEqual(copy);
  });
});

describe("parsePublicQuery", () => {
  const parse = (query: string) => parsePublicQuery(new URLSearchParams(query));
  const refusedFor = (query: string) => {
    const outcome = parse(query);
    return outcome.ok ? null : outcome.problem.parameter;
  };

  test("nothing asked: the latest period, its current revision, in Vietnamese", () => {
    expect(parse("")).toEqual({ ok: true, value: { period: null, revision: null, locale: "vi" } });
    expect(parse("period=&revision=")).toEqual({ ok: true, value: { period: null, revision: null, locale: "vi" } });
    expect(parse("period=%20%20")).toEqual({ ok: true, value: { period: null, revision: null, locale: "vi" } });
  });

  test("a period, a revision and a language", () => {
    expect(parse("period=2026-11&revision=2&lang=en")).toEqual({ ok: true, value: { period: "2026-11", revision: 2, locale: "en" } });
    expect(parse("period=2026-Q4")).toMatchObject({ ok: true, value: { period: "2026-Q4" } });
    expect(parse("period=2026&lang=vi")).toMatchObject({ ok: true, value: { period: "2026", locale: "vi" } });
    expect(parse("period=+2026-11+")).toMatchObject({ ok: true, value: { period: "2026-11" } });
    expect(parse("revision=999999")).toMatchObject({ ok: true, value: { revision: 999999 } });
  });

  test.each([
    ["period=2026-11&period=2026-10", "period"],
    ["revision=1&revision=1", "revision"],
    ["lang=vi&lang=en", "lang"],
    ["period=2026-13", "period"],
    ["period=2026-Q5", "period"],
    ["period=2026-11-05", "period"],
    ["period=2026-W48", "period"],
    ["period=" + "2".repeat(5000), "period"],
    ["period=%3Cscript%3E", "period"],
    ["period=2026-11%27%20OR%201%3D1", "period"],
    ["revision=0", "revision"],
    ["revision=-1", "revision"],
    ["revision=abc", "revision"],
    ["revision=1e3", "revision"],
    ["revision=1.5", "revision"],
    ["revision=0x10", "revision"],
    ["revision=01", "revision"],
    ["revision=1234567", "revision"],
    ["lang=fr", "lang"],
    ["lang=EN", "lang"],
  ])("%s is refused naming %s", (query, parameter) => {
    expect(refusedFor(query)).toBe(parameter);
  });

  test("any query at all is answered, never thrown", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("period", "revision", "lang", "x"), fc.string({ maxLength: 20 })), { maxLength: 4 }), (pairs) => {
        const outcome = parsePublicQuery(new URLSearchParams(pairs));
        if (outcome.ok) {
          const { period, revision } = outcome.value;
          if (period !== null) expect(parsePublicationPeriod(period)).not.toBeNull();
          if (revision !== null) expect(Number.isInteger(revision) && revision >= 1).toBe(true);
        } else {
          expect(outcome.problem).toMatchObject({ kind: "badParameter", status: 400 });
        }
      }),
    );
  });
});
