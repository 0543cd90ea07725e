import { describe, expect, test } from "vitest";
import {
  apologyDateProblem,
  apologyDueBy,
  apologyMessage,
  dossierConflict,
  dossierStanding,
  lateSince,
  normaliseVietnamesePhone,
  parseDossierPost,
  type DossierTimes,
  type StoredDossierState,
  vietnamLocalInput,
  vietnamLocalInstant,
} from "~/domain/dossiers";
import { parseEnv } from "~/env.server";
import i18next from "i18next";
import { resources } from "~/i18n/i18n";

const NOW = new Date("2026-11-25T03:00:00.000Z");

/** The contract's example dossier, valid at NOW; a test spoils one thing. */
function posted(overrides: Record<string, unknown> = {}) {
  return {
    code: "H40.29-241203-0001",
    servicePoint: "TT-DD-01",
    sector: "land",
    procedure: "Cấp giấy chứng nhận quyền sử dụng đất",
    receivedAt: "2026-11-02T08:00:00+07:00",
    dueAt: "2026-11-20T17:00:00+07:00",
    returnedAt: null,
    contact: { phone: "0912345678", email: "a@b.vn" },
    consent: true,
    ...overrides,
  };
}

function refusal(payload: unknown) {
  const parsed = parseDossierPost(payload, NOW);
  if (parsed.ok) throw new Error(`accepted ${JSON.stringify(payload)}`);
  return parsed;
}

describe("reading a posted dossier", () => {
  test("accepts the contract's example, with its times in UTC and the consented contact", () => {
    const parsed = parseDossierPost(posted(), NOW);
    expect(parsed).toEqual({
      ok: true,
      value: {
        code: "H40.29-241203-0001",
        servicePoint: "TT-DD-01",
        sector: "land",
        procedure: "Cấp giấy chứng nhận quyền sử dụng đất",
        receivedAt: "2026-11-02T01:00:00.000Z",
        dueAt: "2026-11-20T10:00:00.000Z",
        returnedAt: null,
        contact: { phone: "0912345678", email: "a@b.vn" },
        consent: true,
      },
    });
  });

  test.each([
    ["without consent", { consent: false }],
    ["when consent is left out", { consent: undefined }],
  ])("keeps no contact %s", (_name, overrides) => {
    const parsed = parseDossierPost(posted(overrides), NOW);
    expect(parsed.ok && parsed.value).toMatchObject({ contact: null, consent: false });
  });

  test("keeps the part of the contact that was given, and none when neither was", () => {
    const phoneOnly = parseDossierPost(posted({ contact: { phone: "+84 912 345 678" } }), NOW);
    expect(phoneOnly.ok && phoneOnly.value.contact).toEqual({ phone: "0912345678", email: null });
    const empty = parseDossierPost(posted({ contact: {} }), NOW);
    expect(empty.ok && empty.value.contact).toBeNull();
    const none = parseDossierPost(posted({ contact: null }), NOW);
    expect(none.ok && none.value.contact).toBeNull();
  });

  test.each([
    ["HS/2026/123"],
    ["000.00.12.H42-251126-0001#2"],
    ["a:b_c-d.e/f#g"],
    ["X"],
    ["A".repeat(64)],
  ])("accepts the dossier code %s", (code) => {
    expect(parseDossierPost(posted({ code }), NOW).ok).toBe(true);
  });

  test("a returned dossier: returned at or after receipt, the same instant however it is written", () => {
    const parsed = parseDossierPost(posted({ returnedAt: "2026-11-02T01:00:00Z" }), NOW);
    expect(parsed.ok && parsed.value.returnedAt).toBe("2026-11-02T01:00:00.000Z");
    const dueAtReceipt = parseDossierPost(posted({ dueAt: "2026-11-02T08:00:00+07:00" }), NOW);
    expect(dueAtReceipt.ok).toBe(true);
  });

  test("an empty procedure is no procedure", () => {
    const parsed = parseDossierPost(posted({ procedure: "   " }), NOW);
    expect(parsed.ok && parsed.value.procedure).toBeNull();
  });

  test.each<[string, unknown, string]>([
    ["not an object", "dossier", "body"],
    ["no code", posted({ code: undefined }), "code"],
    ["an empty code", posted({ code: "" }), "code"],
    ["a code of 65 characters", posted({ code: "A".repeat(65) }), "code"],
    ["a code with a space", posted({ code: "HS 123" }), "code"],
    ["a code with markup", posted({ code: "<b>1</b>" }), "code"],
    ["a code with a Vietnamese letter", posted({ code: "HS-Đ-1" }), "code"],
    ["a numeric code", posted({ code: 123 }), "code"],
    ["no service point", posted({ servicePoint: undefined }), "servicePoint"],
    ["a service point that is not a code", posted({ servicePoint: "TT DD 01" }), "servicePoint"],
    ["no sector", posted({ sector: undefined }), "sector"],
    ["a sector given as a list", posted({ sector: ["land"] }), "sector"],
    ["a procedure of 201 characters", posted({ procedure: "x".repeat(201) }), "procedure"],
    ["100 KB of procedure", posted({ procedure: "x".repeat(100 * 1024) }), "procedure"],
    ["a procedure with a control character", posted({ procedure: "a\u0007b" }), "procedure"],
    ["no receipt time", posted({ receivedAt: undefined }), "receivedAt"],
    ["a receipt time without offset", posted({ receivedAt: "2026-11-02T08:00:00" }), "receivedAt"],
    ["a receipt date only", posted({ receivedAt: "2026-11-02" }), "receivedAt"],
    ["a receipt time that is no day", posted({ receivedAt: "2026-02-30T08:00:00+07:00" }), "receivedAt"],
    ["a receipt time as a number", posted({ receivedAt: 1764050400000 }), "receivedAt"],
    ["a receipt time in the future", posted({ receivedAt: "2026-11-25T03:06:00Z", dueAt: "2026-12-25T03:00:00Z" }), "receivedAt"],
    ["no due time", posted({ dueAt: undefined }), "dueAt"],
    ["a due time before receipt", posted({ dueAt: "2026-11-02T07:59:59+07:00" }), "dueAt"],
    ["a return before receipt", posted({ returnedAt: "2026-11-01T08:00:00+07:00" }), "returnedAt"],
    ["a return in the future", posted({ returnedAt: "2026-11-25T03:06:00Z" }), "returnedAt"],
    ["a return that is not a time", posted({ returnedAt: "yesterday" }), "returnedAt"],
    ["a contact that is a string", posted({ contact: "0912345678" }), "contact"],
    ["a contact with another field", posted({ contact: { phone: "0912345678", zalo: "x" } }), "contact.zalo"],
    ["a phone that is not Vietnamese", posted({ contact: { phone: "+1 202 555 0143" } }), "contact.phone"],
    ["a phone too short", posted({ contact: { phone: "091234567" } }), "contact.phone"],
    ["a phone with an unused prefix", posted({ contact: { phone: "0112345678" } }), "contact.phone"],
    ["a phone with letters", posted({ contact: { phone: "09123abc78" } }), "contact.phone"],
    ["a phone as a number", posted({ contact: { phone: 912345678 } }), "contact.phone"],
    ["100 KB of phone", posted({ contact: { phone: "9".repeat(100 * 1024) } }), "contact.phone"],
    ["an e-mail without a domain", posted({ contact: { email: "a@" } }), "contact.email"],
    ["100 KB of e-mail", posted({ contact: { email: `${"a".repeat(100 * 1024)}@b.vn` } }), "contact.email"],
    ["consent as a string", posted({ consent: "true" }), "consent"],
    ["an unknown field", posted({ returnAt: "2026-11-20T17:00:00+07:00" }), "returnAt"],
  ])("refuses %s, naming its field", (_name, payload, field) => {
    const refused = refusal(payload);
    expect(refused.field).toBe(field);
    expect(refused.message).toMatch(new RegExp(`^${field.replace(".", "\\.")} `));
  });

  test("says a missing field is required, and a wrong one what it must be", () => {
    expect(refusal(posted({ code: undefined })).message).toBe("code is required");
    expect(refusal(posted({ code: 1 })).message).toBe("code must be a string");
    expect(refusal(posted({ dueAt: "2026-11-02T07:59:59+07:00" })).message).toBe("dueAt must not be before receivedAt");
  });

  test("allows the software's clock to run up to five minutes ahead", () => {
    expect(parseDossierPost(posted({ returnedAt: "2026-11-25T03:04:59Z" }), NOW).ok).toBe(true);
  });
});

describe("Vietnamese phone numbers", () => {
  test.each([
    ["0912345678", "0912345678"],
    ["0912 345 678", "0912345678"],
    ["091.234.5678", "0912345678"],
    ["091-234-5678", "0912345678"],
    ["+84912345678", "0912345678"],
    ["+84 912 345 678", "0912345678"],
    ["0084912345678", "0912345678"],
    ["0321234567", "0321234567"],
    ["0559876543", "0559876543"],
    ["0701234567", "0701234567"],
    ["0861234567", "0861234567"],
    ["0991234567", "0991234567"],
    ["(0238) 3844 123", "02383844123"],
    ["024 3825 1234", "02438251234"],
    ["+84 238 3844 123", "02383844123"],
  ])("reads %s as %s", (raw, national) => {
    expect(normaliseVietnamesePhone(raw)).toBe(national);
  });

  test.each([
    ["", "empty"],
    ["091234567", "nine digits"],
    ["09123456789", "eleven digits for a mobile"],
    ["0312345678", "031 is no mobile prefix"],
    ["0951234567", "095 is out of use"],
    ["0801234567", "080 is no mobile prefix"],
    ["0112345678", "011 is nothing"],
    ["0212345678", "a landline needs eleven digits"],
    ["912345678", "no leading 0"],
    ["84912345678", "84 without + or 00"],
    ["+1 202 555 0143", "the United States"],
    ["+8491234567", "+84 and eight digits"],
    ["0912345678 ext 2", "an extension"],
    ["٠٩١٢٣٤٥٦٧٨", "Arabic-Indic digits"],
  ])("refuses %s (%s)", (raw) => {
    expect(normaliseVietnamesePhone(raw)).toBeNull();
  });
});

describe("when a dossier is late", () => {
  const due = "2026-11-20T10:00:00.000Z";
  const times = (over: Partial<DossierTimes> = {}): DossierTimes => ({ dueAt: due, returnedAt: null, lateAt: null, ...over });
  const at = (iso: string) => new Date(iso);

  test.each<[string, DossierTimes, Date, string | null]>([
    ["open before its due time", times(), at("2026-11-20T09:59:59.999Z"), null],
    ["open at its due time exactly", times(), at(due), null],
    ["open a millisecond past due", times(), at("2026-11-20T10:00:00.001Z"), due],
    ["returned before due, asked later", times({ returnedAt: "2026-11-19T00:00:00.000Z" }), at("2026-12-01T00:00:00Z"), null],
    ["returned at its due time exactly", times({ returnedAt: due }), at("2026-12-01T00:00:00Z"), null],
    ["returned after due", times({ returnedAt: "2026-11-21T00:00:00.000Z" }), at("2026-12-01T00:00:00Z"), due],
    ["returned after due, asked before due (a clock ahead)", times({ returnedAt: "2026-11-21T00:00:00.000Z" }), at("2026-11-01T00:00:00Z"), due],
    ["late, then given a later due time, still open", times({ dueAt: "2026-11-30T10:00:00.000Z", lateAt: due }), at("2026-11-22T00:00:00Z"), due],
    ["late, then returned by the later due time", times({ dueAt: "2026-11-30T10:00:00.000Z", lateAt: due, returnedAt: "2026-11-28T00:00:00.000Z" }), at("2026-12-01T00:00:00Z"), due],
    ["marked late, then reported returned before it was due", times({ lateAt: due, returnedAt: "2026-11-20T09:00:00.000Z" }), at("2026-11-20T10:05:00Z"), null],
    ["given a later due time before it was late", times({ dueAt: "2026-11-30T10:00:00.000Z" }), at("2026-11-22T00:00:00Z"), null],
  ])("%s", (_name, t, now, expected) => {
    expect(lateSince(t, now)).toBe(expected);
    expect(dossierStanding(t, now).late).toBe(expected !== null);
  });

  test("a dossier whose apology was sent stays late, even when its return turns out to be on time", () => {
    const t = times({ lateAt: due, returnedAt: "2026-11-20T09:00:00.000Z" });
    expect(lateSince(t, at("2026-11-22T00:00:00Z"), { apologySent: true })).toBe(due);
  });

  test.each<[string, DossierTimes, Date, ReturnType<typeof dossierStanding>]>([
    ["open, not yet due", times(), at("2026-11-19T00:00:00Z"), { status: "in_progress", late: false, onTime: null }],
    ["open, overdue", times(), at("2026-11-21T00:00:00Z"), { status: "in_progress", late: true, onTime: null }],
    ["returned on time", times({ returnedAt: "2026-11-19T00:00:00.000Z" }), at("2026-11-21T00:00:00Z"), { status: "returned", late: false, onTime: true }],
    ["returned late", times({ returnedAt: "2026-11-21T00:00:00.000Z" }), at("2026-11-21T00:00:00Z"), { status: "returned", late: true, onTime: false }],
  ])("its standing, %s", (_name, t, now, standing) => {
    expect(dossierStanding(t, now)).toEqual(standing);
  });

  test("its apology is due APOLOGY_DUE_HOURS after it became late", () => {
    expect(apologyDueBy(due, 24)).toBe("2026-11-21T10:00:00.000Z");
    expect(apologyDueBy(due, 1)).toBe("2026-11-20T11:00:00.000Z");
  });
});

describe("what a later post may change", () => {
  const stored: StoredDossierState = { servicePointId: 1, sectorId: 2, receivedAt: "2026-11-02T01:00:00.000Z", dueAt: "2026-11-20T10:00:00.000Z", returnedAt: null };
  const post = (over: Partial<typeof stored> = {}) => ({ ...stored, ...over });

  test.each<[string, ReturnType<typeof post>, string | null]>([
    ["the same again", post(), null],
    ["the receipt time written with another offset", post({ receivedAt: "2026-11-02T08:00:00.000+07:00" }), null],
    ["a later due time (an extension)", post({ dueAt: "2026-11-25T10:00:00.000Z" }), null],
    ["a return", post({ returnedAt: "2026-11-19T00:00:00.000Z" }), null],
    ["another service point", post({ servicePointId: 9 }), "servicePoint"],
    ["another sector", post({ sectorId: 9 }), "sector"],
    ["another receipt time", post({ receivedAt: "2026-11-02T01:00:01.000Z" }), "receivedAt"],
    ["an earlier due time", post({ dueAt: "2026-11-20T09:59:59.000Z" }), "dueAt"],
  ])("%s", (_name, p, field) => {
    expect(dossierConflict(stored, p)?.field ?? null).toBe(field);
  });

  test("a return is set once: the same again or left out is fine, another one conflicts", () => {
    const returned = { ...stored, returnedAt: "2026-11-19T00:00:00.000Z" };
    expect(dossierConflict(returned, post({ returnedAt: "2026-11-19T07:00:00+07:00" }))).toBeNull();
    expect(dossierConflict(returned, post({ returnedAt: null }))).toBeNull();
    expect(dossierConflict(returned, post({ returnedAt: "2026-11-19T00:00:01.000Z" }))?.field).toBe("returnedAt");
  });
});

describe("APOLOGY_DUE_HOURS", () => {
  test("is 24 unless set, and a bad value stops the process naming it", () => {
    expect(parseEnv({ DATABASE_URL: ":memory:" }).apologyDueHours).toBe(24);
    expect(parseEnv({ DATABASE_URL: ":memory:", APOLOGY_DUE_HOURS: "48" }).apologyDueHours).toBe(48);
    for (const bad of ["0", "-1", "1.5", "a day"]) {
      expect(() => parseEnv({ DATABASE_URL: ":memory:", APOLOGY_DUE_HOURS: bad })).toThrow(/^Invalid environment variable APOLOGY_DUE_HOURS:/);
    }
  });
});

describe("the apology's new date and message", () => {
  test("a Vietnam wall-clock time is the instant seven hours earlier in UTC; no real time, no instant", () => {
    expect(vietnamLocalInstant("2026-12-10T17:00")?.toISOString()).toBe("2026-12-10T10:00:00.000Z");
    expect(vietnamLocalInstant("2026-12-11T03:30:15")?.toISOString()).toBe("2026-12-10T20:30:15.000Z");
    for (const bad of ["2026-02-29T08:00", "2026-13-01T08:00", "2026-12-10T24:00", "2026-12-10 17:00", "2026-12-10T17:00Z", ""]) {
      expect(vietnamLocalInstant(bad), bad).toBeNull();
    }
    expect(vietnamLocalInput("2026-12-10T10:00:00.000Z")).toBe("2026-12-10T17:00");
  });

  test("an open dossier needs a new date after now and its due time; a returned one takes none", () => {
    const now = new Date("2026-11-21T03:00:00.000Z");
    const open = { dueAt: "2026-11-25T10:00:00.000Z", returnedAt: null };
    expect(apologyDateProblem(open, null, now)).toBe("required");
    expect(apologyDateProblem(open, "2026-11-21T03:00:00.000Z", now)).toBe("notAfterNow");
    expect(apologyDateProblem(open, "2026-11-25T10:00:00.000Z", now)).toBe("notAfterDue");
    expect(apologyDateProblem(open, "2026-11-25T10:01:00.000Z", now)).toBeNull();
    const returned = { ...open, returnedAt: "2026-11-20T03:00:00.000Z" };
    expect(apologyDateProblem(returned, null, now)).toBeNull();
    expect(apologyDateProblem(returned, "2026-12-01T10:00:00.000Z", now)).toBe("alreadyReturned");
  });

  test("the SMS quotes the code, a reason cut short and the new date in Vietnam time; the e-mail the whole reason", async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: "vi", resources, interpolation: { escapeValue: false } });
    const t = i18n.getFixedT("vi", "timeliness");
    const apology = { agency: "Sở Xây dựng", dossierCode: "H40.29-241203-0001", reason: `Chờ ý kiến ${"rất ".repeat(40)}lâu.`, newDueAt: "2026-12-10T10:00:00.000Z" };
    const sms = apologyMessage(apology, "sms", t);
    expect(sms.subject).toBeNull();
    expect(sms.body).toContain("H40.29-241203-0001");
    expect(sms.body).toContain("17:00 ngày 10/12/2026");
    expect(sms.body).toContain("…");
    expect(sms.body.length).toBeLessThan(220);
    const email = apologyMessage(apology, "email", t);
    expect(email.subject).toContain("H40.29-241203-0001");
    expect(email.body).toContain(apology.reason);
    expect(email.body).toContain("Ngày hẹn trả kết quả mới: 17:00 ngày 10/12/2026.");
    expect(email.body).not.toMatch(/\{\{|message\.apology/);
    expect(apologyMessage({ ...apology, newDueAt: null }, "email", t).body).not.toContain("Ngày hẹn trả kết quả mới");
  });
});
