import { describe, expect, test } from "vitest";
import {
  formatPairingCode,
  HeartbeatRequest,
  isKioskBurst,
  kioskStatus,
  NewKioskForm,
  NewKioskRequest,
  normalisePairingCode,
  PAIRING_ALPHABET,
  pairingCodeFromBytes,
  pairingExpired,
  pairingExpiry,
} from "~/domain/kiosks";
import { flagReasons } from "~/domain/trust";

describe("the pairing code", () => {
  test("its alphabet has 32 characters, none of 0, O, 1, I, no repeats", () => {
    expect(PAIRING_ALPHABET).toHaveLength(32);
    expect(new Set(PAIRING_ALPHABET).size).toBe(32);
    for (const c of "0O1I") expect(PAIRING_ALPHABET).not.toContain(c);
  });

  test("8 characters from the alphabet for any bytes; every character reachable", () => {
    expect(pairingCodeFromBytes(new Uint8Array(8))).toBe("22222222");
    expect(pairingCodeFromBytes(new Uint8Array(8).fill(255))).toBe("ZZZZZZZZ");
    const seen = new Set<string>();
    for (let b = 0; b < 256; b++) {
      const code = pairingCodeFromBytes(new Uint8Array(8).fill(b));
      expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
      seen.add(code[0]!);
    }
    expect(seen.size).toBe(32);
    expect(() => pairingCodeFromBytes(new Uint8Array(7))).toThrow();
  });

  test("typed codes: case, spaces and the shown dash do not matter; anything else is null", () => {
    expect(normalisePairingCode("abcd-efgh")).toBe("ABCDEFGH");
    expect(normalisePairingCode(" AB CD EF GH ")).toBe("ABCDEFGH");
    expect(formatPairingCode("ABCDEFGH")).toBe("ABCD-EFGH");
    for (const bad of ["", "ABCDEFG", "ABCDEFGHJ", "ABCDEFG0", "ABCDEFGO", "ABCDEFG1", "ABCDEFGI", "ABCD_EFGH", "ÁBCDEFGH", "ABC\u0000DEFGH", "x".repeat(41)]) {
      expect(normalisePairingCode(bad), bad).toBeNull();
    }
  });

  test("it expires 24 hours after it was issued; a missing expiry counts as expired", () => {
    const now = new Date("2026-12-01T00:00:00.000Z");
    const expiry = pairingExpiry(now).toISOString();
    expect(expiry).toBe("2026-12-02T00:00:00.000Z");
    expect(pairingExpired(expiry, new Date("2026-12-01T23:59:59.999Z"))).toBe(false);
    expect(pairingExpired(expiry, new Date("2026-12-02T00:00:00.000Z"))).toBe(true);
    expect(pairingExpired(null, now)).toBe(true);
  });
});

test("status: revoked is final, a token means paired, else waiting", () => {
  expect(kioskStatus({ revokedAt: null, apiTokenId: null })).toBe("waiting");
  expect(kioskStatus({ revokedAt: null, apiTokenId: 3 })).toBe("paired");
  expect(kioskStatus({ revokedAt: "2026-12-01T00:00:00.000Z", apiTokenId: 3 })).toBe("revoked");
});

describe("the kiosk burst rule", () => {
  const t0 = Date.parse("2026-12-01T03:00:00.000Z");
  const s = (seconds: number) => t0 + seconds * 1000;

  test("more than the limit within one minute, the new one included, is a burst; exactly the limit is not", () => {
    expect(isKioskBurst(s(50), [s(0), s(10), s(20), s(30), s(40)], 6)).toBe(false);
    expect(isKioskBurst(s(50), [s(0), s(10), s(20), s(30), s(40), s(45)], 6)).toBe(true);
  });

  test("by answer time: the same number spread over minutes is no burst, whenever they arrive", () => {
    expect(isKioskBurst(s(600), [s(0), s(120), s(240), s(360), s(480), s(720), s(840)], 6)).toBe(false);
  });

  test("a window a minute long: 60 seconds apart is outside it", () => {
    expect(isKioskBurst(s(60), [s(0), s(61), s(62)], 2)).toBe(true);
    expect(isKioskBurst(s(60), [s(0), s(120)], 1)).toBe(false);
    expect(isKioskBurst(s(59), [s(0)], 1)).toBe(true);
  });

  test("an answer that arrives late but was given inside a busy minute is a burst too (windows after it count)", () => {
    expect(isKioskBurst(s(0), [s(5), s(10), s(15)], 3)).toBe(true);
    expect(isKioskBurst(s(0), [s(65), s(70), s(75)], 3)).toBe(false);
  });

  test("flagged kiosk_burst among the other reasons", () => {
    const none = { honeypotFilled: false, fillSeconds: null, minFillSeconds: 8, deviceRepeat: false, ipBurst: false, sentByStaff: false };
    expect(flagReasons({ ...none, kioskBurst: true })).toEqual(["kiosk_burst"]);
    expect(flagReasons(none)).toEqual([]);
  });
});

describe("what the API and the form accept", () => {
  test("register: point, name, reset delay 5–300 whole seconds; unknown keys refused", () => {
    expect(NewKioskRequest.safeParse({ servicePoint: "TT-DD-01", name: " Quầy 1 " }).data).toEqual({ servicePoint: "TT-DD-01", name: "Quầy 1" });
    for (const bad of [
      { servicePoint: "TT DD", name: "a" },
      { servicePoint: "TT-DD-01", name: "a\u0007" },
      { servicePoint: "TT-DD-01", name: "a", resetSeconds: 5.5 },
      { servicePoint: "TT-DD-01", name: "a", resetSeconds: 301 },
      { servicePoint: "TT-DD-01", name: "a", extra: 1 },
    ]) {
      expect(NewKioskRequest.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(NewKioskForm.safeParse({ servicePoint: "TT-DD-01", name: "a", resetSeconds: "" }).data?.resetSeconds).toBe(20);
    expect(NewKioskForm.safeParse({ servicePoint: "TT-DD-01", name: "a", resetSeconds: "300" }).data?.resetSeconds).toBe(300);
    for (const r of ["4", "abc", "1e2", "20.5", "-20"]) expect(NewKioskForm.safeParse({ servicePoint: "TT-DD-01", name: "a", resetSeconds: r }).success, r).toBe(false);
  });

  test("heartbeat: a whole queued count ≥ 0 and a printable version of at most 40 characters", () => {
    expect(HeartbeatRequest.safeParse({ queued: 0, appVersion: "1.0.0" }).success).toBe(true);
    for (const bad of [{ queued: -1, appVersion: "1" }, { queued: 0.5, appVersion: "1" }, { queued: 1, appVersion: "x".repeat(41) }, { queued: 1, appVersion: "a\nb" }, { queued: 1 }]) {
      expect(HeartbeatRequest.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

test("a kiosk whose device token was revoked from /admin/tokens is revoked", () => {
  expect(kioskStatus({ revokedAt: null, apiTokenId: 3, tokenRevoked: true })).toBe("revoked");
  expect(kioskStatus({ revokedAt: null, apiTokenId: 3, tokenRevoked: false })).toBe("paired");
});
