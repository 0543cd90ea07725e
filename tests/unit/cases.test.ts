import { describe, expect, test } from "vitest";
import {
  CASE_ACTIONS,
  CaseDueForm,
  caseDueAt,
  endOfVietnamDate,
  formatTrackingCode,
  isOverdue,
  nextStatus,
  normaliseTrackingCode,
  parseContact,
  TRACKING_CODE_ALPHABET,
  trackingCodeFromBytes,
  type CaseStatus,
} from "~/domain/cases";

describe("tracking codes", () => {
  test("are 10 characters of Crockford base32, without I, L, O or U", () => {
    expect(TRACKING_CODE_ALPHABET).toHaveLength(32);
    expect(TRACKING_CODE_ALPHABET).not.toMatch(/[ILOU]/);
    const code = trackingCodeFromBytes(crypto.getRandomValues(new Uint8Array(10)));
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
  });

  test("use five bits of each byte, so every character of the alphabet can appear and none else", () => {
    const bytes = Uint8Array.from({ length: 10 }, (_, i) => i * 32 + 31 - i);
    expect(trackingCodeFromBytes(bytes)).toBe("ZYXWVTSRQP");
    expect(trackingCodeFromBytes(new Uint8Array(10))).toBe("0000000000");
    const seen = new Set<string>();
    for (let b = 0; b < 256; b++) seen.add(trackingCodeFromBytes(new Uint8Array(10).fill(b))[0]!);
    expect([...seen].sort().join("")).toBe([...TRACKING_CODE_ALPHABET].sort().join(""));
  });

  test("refuse fewer than 10 random bytes", () => {
    expect(() => trackingCodeFromBytes(new Uint8Array(9))).toThrow();
  });

  test("are found however the citizen types them: case, hyphens, spaces, O for 0, I or L for 1", () => {
    expect(normaliseTrackingCode("7KQ2M-X9D4B")).toBe("7KQ2MX9D4B");
    expect(normaliseTrackingCode(" 7kq2m x9d4b ")).toBe("7KQ2MX9D4B");
    expect(normaliseTrackingCode("7kq2m-x9d4b")).toBe("7KQ2MX9D4B");
    expect(normaliseTrackingCode("O0IL1-ABCDE")).toBe("00111ABCDE");
    expect(normaliseTrackingCode("o0il1abcde")).toBe("00111ABCDE");
  });

  test("a malformed code is null: wrong length, U, punctuation, or absurdly long", () => {
    expect(normaliseTrackingCode("")).toBeNull();
    expect(normaliseTrackingCode("7KQ2MX9D4")).toBeNull();
    expect(normaliseTrackingCode("7KQ2MX9D4BB")).toBeNull();
    expect(normaliseTrackingCode("7KQ2MX9D4U")).toBeNull();
    expect(normaliseTrackingCode("7KQ2M_X9D4B")).toBeNull();
    expect(normaliseTrackingCode("7KQ2M.X9D4")).toBeNull();
    expect(normaliseTrackingCode(`${"-".repeat(60)}7KQ2MX9D4B`)).toBeNull();
  });

  test("are shown in two groups of five, which the lookup reads back", () => {
    expect(formatTrackingCode("7KQ2MX9D4B")).toBe("7KQ2M-X9D4B");
    expect(normaliseTrackingCode(formatTrackingCode("7KQ2MX9D4B"))).toBe("7KQ2MX9D4B");
  });
});

describe("the steps of a case", () => {
  const table: Record<CaseStatus, Record<(typeof CASE_ACTIONS)[number], CaseStatus | null>> = {
    open: { answer: "answered", close: "closed", reopen: null, changeDue: "open", note: "open" },
    answered: { answer: null, close: "closed", reopen: "open", changeDue: "answered", note: "answered" },
    closed: { answer: null, close: null, reopen: "open", changeDue: null, note: "closed" },
  };
  for (const [status, steps] of Object.entries(table) as Array<[CaseStatus, (typeof table)[CaseStatus]]>) {
    for (const action of CASE_ACTIONS) {
      const to = steps[action];
      test(`${action} on an ${status} case ${to === null ? "is refused" : `leaves it ${to}`}`, () => {
        expect(nextStatus(status, action)).toBe(to);
      });
    }
  }

  test("only an open case past its due time is overdue", () => {
    const now = new Date("2026-12-10T00:00:00Z");
    expect(isOverdue({ status: "open", dueAt: "2026-12-09T23:59:59.000Z" }, now)).toBe(true);
    expect(isOverdue({ status: "open", dueAt: "2026-12-10T00:00:00.000Z" }, now)).toBe(false);
    expect(isOverdue({ status: "answered", dueAt: "2026-12-01T00:00:00.000Z" }, now)).toBe(false);
    expect(isOverdue({ status: "closed", dueAt: "2026-12-01T00:00:00.000Z" }, now)).toBe(false);
  });

  test("a case is due CASE_DUE_DAYS after it opened", () => {
    expect(caseDueAt(new Date("2026-12-01T03:00:00.000Z"), 5)).toBe("2026-12-06T03:00:00.000Z");
  });

  test("a new due date is the end of that day in Vietnam time", () => {
    expect(endOfVietnamDate("2026-12-20")).toBe("2026-12-20T16:59:59.000Z");
    expect(CaseDueForm.safeParse({ dueDate: "2026-12-20" }).success).toBe(true);
    for (const dueDate of ["2026-02-30", "20/12/2026", "2026-13-01", "", "2026-12-20T00:00"]) {
      expect(CaseDueForm.safeParse({ dueDate }).success, dueDate).toBe(false);
    }
  });
});

describe("the contact a citizen may leave", () => {
  test("nothing given and no consent is no contact", () => {
    expect(parseContact({ phone: null, email: null, consent: false })).toEqual({ ok: true, contact: null });
    expect(parseContact({ phone: "  ", email: "", consent: false })).toEqual({ ok: true, contact: null });
  });

  test("a Vietnamese phone with consent is kept in its national form", () => {
    expect(parseContact({ phone: "+84 912 345 678", email: null, consent: true })).toEqual({ ok: true, contact: { phone: "0912345678", email: null } });
    expect(parseContact({ phone: null, email: "dan@example.vn", consent: true })).toEqual({ ok: true, contact: { phone: null, email: "dan@example.vn" } });
  });

  test("a contact without consent is refused on the consent, so the citizen knows it was not kept", () => {
    expect(parseContact({ phone: "0912345678", email: null, consent: false })).toEqual({ ok: false, errors: { consent: "contact_needs_consent" } });
  });

  test("consent without any contact is refused on the contact", () => {
    expect(parseContact({ phone: null, email: null, consent: true })).toEqual({ ok: false, errors: { contact: "consent_needs_contact" } });
  });

  test("a phone that is not Vietnamese, an e-mail that is not one or is over 254 characters, are refused by field", () => {
    expect(parseContact({ phone: "+1 415 555 0100", email: "not-an-address", consent: true })).toEqual({
      ok: false,
      errors: { "contact.phone": "phone_invalid", "contact.email": "email_invalid" },
    });
    const long = `${"a".repeat(250)}@x.vn`;
    expect(parseContact({ phone: null, email: long, consent: true })).toEqual({ ok: false, errors: { "contact.email": "email_invalid" } });
    expect(parseContact({ phone: "0".repeat(100_000), email: null, consent: true })).toEqual({ ok: false, errors: { "contact.phone": "phone_invalid" } });
  });
});
