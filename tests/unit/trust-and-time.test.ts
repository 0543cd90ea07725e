import { describe, expect, test } from "vitest";
import { flagReasons } from "~/domain/trust";
import { vietnamDate } from "~/domain/vietnam-time";

describe("flagging a suspicious response", () => {
  const honest = { honeypotFilled: false, fillSeconds: 40, minFillSeconds: 8, deviceRepeat: false, ipBurst: false, sentByStaff: false };
  test("an honest response has no flag", () => {
    expect(flagReasons(honest)).toEqual([]);
  });
  test("names every reason that applies", () => {
    expect(flagReasons({ honeypotFilled: true, fillSeconds: 2, minFillSeconds: 8, deviceRepeat: true, ipBurst: true, sentByStaff: true })).toEqual([
      "honeypot",
      "too_fast",
      "device_repeat",
      "ip_burst",
      "staff",
    ]);
  });
  test("a response sent by a staff member is flagged, however honest it looks", () => {
    expect(flagReasons({ ...honest, sentByStaff: true })).toEqual(["staff"]);
  });
  test("exactly the minimum fill time is not too fast; an unknown fill time is not judged", () => {
    expect(flagReasons({ ...honest, fillSeconds: 8 })).toEqual([]);
    expect(flagReasons({ ...honest, fillSeconds: 7.99 })).toEqual(["too_fast"]);
    expect(flagReasons({ ...honest, fillSeconds: null })).toEqual([]);
  });
});

describe("the calendar date in Vietnam", () => {
  test("a response at 23:59 Vietnam time belongs to that day", () => {
    expect(vietnamDate(new Date("2026-03-31T16:59:00Z"))).toBe("2026-03-31");
  });
  test("a response at 00:01 Vietnam time belongs to the next day, though it is still the previous day in UTC", () => {
    expect(vietnamDate(new Date("2026-03-31T17:01:00Z"))).toBe("2026-04-01");
  });
  test("the new year starts at 17:00 UTC on 31 December", () => {
    expect(vietnamDate(new Date("2025-12-31T17:00:00Z"))).toBe("2026-01-01");
    expect(vietnamDate(new Date("2025-12-31T16:59:59.999Z"))).toBe("2025-12-31");
  });
});
