import { describe, expect, test } from "vitest";
import { apologySentInTime, emptyTimelinessCounts, parseTimelinessQuery, timelinessFigures, type TimelinessCounts } from "~/domain/timeliness";

const counts = (c: Partial<TimelinessCounts>): TimelinessCounts => ({ ...emptyTimelinessCounts(), ...c });
const NOW = new Date("2026-11-25T03:00:00Z");

/*
 * Wilson bounds computed by hand from (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n), z = 1.959964.
 */
describe("timeliness figures of one group", () => {
  test("nothing returned: no on-time rate, no response rate, insufficient data; the other counts still show", () => {
    const f = timelinessFigures(counts({ received: 3, overdueOpen: 2, apologiesRequired: 2, apologiesSent: 1, apologiesSentInTime: 0 }));
    expect(f).toEqual({
      received: 3,
      returned: 0,
      onTime: 0,
      late: 0,
      overdueOpen: 2,
      onTimeRate: null,
      apologies: { required: 2, sent: 1, sentInTime: 0 },
      responseRate: null,
      target: { value: 0.95, comparator: ">=" },
      status: "insufficient",
    });
  });

  test("all 40 late: rate 0 with the interval 0 to z²/(n+z²) = 0.0876, below the target", () => {
    const f = timelinessFigures(counts({ returned: 40, late: 40 }));
    expect(f.onTime).toBe(0);
    expect(f.onTimeRate!.n).toBe(40);
    expect(f.onTimeRate!.rate).toBe(0);
    expect(f.onTimeRate!.ciLow).toBe(0);
    expect(f.onTimeRate!.ciHigh).toBeCloseTo(0.0876216, 6);
    expect(f.status).toBe("below");
  });

  test("exactly 95% (38 of 40): the interval 0.8350–0.9862 straddles the target, so not met either way", () => {
    const f = timelinessFigures(counts({ returned: 40, late: 2, responses: 10 }));
    expect(f.onTime).toBe(38);
    expect(f.onTimeRate!.rate).toBe(0.95);
    expect(f.onTimeRate!.ciLow).toBeCloseTo(0.8349612, 6);
    expect(f.onTimeRate!.ciHigh).toBeCloseTo(0.9861793, 6);
    expect(f.status).toBe("inconclusive");
    expect(f.responseRate).toEqual({ returned: 40, responses: 10, rate: 0.25 });
  });

  test("200 of 200 on time: the lower bound 200/(200+z²) = 0.9812 meets ≥ 95%", () => {
    const f = timelinessFigures(counts({ returned: 200 }));
    expect(f.onTimeRate!.ciLow).toBeCloseTo(0.9811547, 6);
    expect(f.onTimeRate!.ciHigh).toBe(1);
    expect(f.status).toBe("meets");
  });

  test("30 of 40 on time: 0.5981–0.8581, wholly below", () => {
    const f = timelinessFigures(counts({ returned: 40, late: 10 }));
    expect(f.onTimeRate!.ciLow).toBeCloseTo(0.5980604, 6);
    expect(f.onTimeRate!.ciHigh).toBeCloseTo(0.8581288, 6);
    expect(f.status).toBe("below");
  });

  test("10 of 10 on time is too few dossiers to judge (under the minimum sample of 30)", () => {
    expect(timelinessFigures(counts({ returned: 10 })).status).toBe("insufficient");
  });

  test("counts that cannot be (more late or responses than returned) are refused", () => {
    expect(() => timelinessFigures(counts({ returned: 1, late: 2 }))).toThrow(RangeError);
    expect(() => timelinessFigures(counts({ returned: 1, responses: 2 }))).toThrow(RangeError);
  });
});

describe("an apology sent in time", () => {
  test("is one sent by its due time, to the millisecond; an unsent one is not", () => {
    expect(apologySentInTime("2026-11-21T10:00:00.000Z", "2026-11-21T10:00:00.000Z")).toBe(true);
    expect(apologySentInTime("2026-11-21T10:00:00.001Z", "2026-11-21T10:00:00.000Z")).toBe(false);
    expect(apologySentInTime(null, "2026-11-21T10:00:00.000Z")).toBe(false);
  });
});

describe("the timeliness query", () => {
  const parse = (q: string) => parseTimelinessQuery(new URLSearchParams(q), NOW);

  test("defaults to sectors from 1 January to today (Vietnam)", () => {
    expect(parse("")).toEqual({
      ok: true,
      value: { groupBy: "sector", from: "2026-01-01", to: "2026-11-25", sector: null, agency: null, servicePoint: null, locale: "vi" },
    });
  });

  test("takes the four groupings and the scope codes", () => {
    const q = parse("groupBy=month&from=2026-10-01&to=2026-11-30&sector=land&agency=A&servicePoint=P&lang=en");
    expect(q.ok && q.value).toEqual({ groupBy: "month", from: "2026-10-01", to: "2026-11-30", sector: "land", agency: "A", servicePoint: "P", locale: "en" });
  });

  test.each([
    ["groupBy=question", "groupBy"],
    ["groupBy=day", "groupBy"],
    ["from=2026-02-30", "from"],
    ["to=tomorrow", "to"],
    ["from=2026-11-02&to=2026-11-01", "from"],
    ["sector=land&sector=health", "sector"],
  ])("%s is refused naming %s", (query, parameter) => {
    const q = parse(query);
    expect(q.ok).toBe(false);
    if (!q.ok) expect(q.problem).toMatchObject({ status: 400, parameter });
  });
});
