/**
 * Dossiers of the one-stop software (CONTRACTS.md "Dossiers", decision 018):
 * what a post may say, what may change once stored, and when a dossier is
 * late. Pure: the service brings the rows and the clock.
 */
import { z } from "zod";
import { CONTROL_CHARACTERS, CONTROL_EXCEPT_LINE_BREAKS } from "./printable-text";

export const APOLOGY_STATUSES = ["required", "sent"] as const;
export type ApologyStatus = (typeof APOLOGY_STATUSES)[number];

/**
 * A dossier code as one-stop software prints it (`H40.29-241203-0001`,
 * `HS/2026/123`, `000.00.12.H42-251126-0001#2`): ASCII letters and digits
 * and `. _ - / : #`, so one code cannot be written two ways.
 */
export const DOSSIER_CODE_PATTERN = /^[A-Za-z0-9._/:#-]{1,64}$/;
/** Service point and sector codes: letters, digits, dashes and underscores. */
const ORGANISATION_CODE = /^[A-Za-z0-9_-]{1,64}$/;
export const MAX_PROCEDURE_LENGTH = 200;
const MAX_EMAIL_LENGTH = 254;
/**
 * A dossier is a few hundred bytes; the limit is far above it so that a
 * mistake the size of a page (100 KB in one field) is answered by its field,
 * and only a body no integration would send is cut off as a whole (413).
 */
export const MAX_DOSSIER_BODY_BYTES = 128 * 1024;
/** How far ahead of the server clock the one-stop software's clock may run. */
export const DOSSIER_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * Vietnamese mobile prefixes in use (Viettel 032–039, 086, 096–098;
 * VinaPhone 081–085, 088, 091, 094; MobiFone 070, 076–079, 089, 090, 093;
 * Vietnamobile 052, 056, 058, 092; Gmobile 059, 099; Itelecom 087; Reddi 055):
 * 0 and nine digits. Landlines since 2017: 02 and nine digits (an area code
 * 2x or 2xx, then eight or seven digits).
 */
const MOBILE = /^0(?:3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-46-9])\d{7}$/;
const LANDLINE = /^02\d{9}$/;

/**
 * A Vietnamese phone number in its national form (`0912345678`), from what
 * people write: spaces, dots, dashes and brackets between digits, or the
 * international `+84` / `0084` form. Null when it is not a Vietnamese number.
 */
export function normaliseVietnamesePhone(raw: string): string | null {
  const compact = raw.trim().replace(/[\s.()-]/g, "");
  if (!/^(?:\+|00)?\d{9,13}$/.test(compact)) return null;
  const national = compact.startsWith("+84") ? `0${compact.slice(3)}` : compact.startsWith("0084") ? `0${compact.slice(4)}` : compact;
  return MOBILE.test(national) || LANDLINE.test(national) ? national : null;
}

/** "is required" when the field is absent, else what it must be. */
const required = (what: string) => ({ error: (issue: { input: unknown }) => (issue.input === undefined ? "is required" : `must be ${what}`) });

const organisationCode = z.string(required("a string")).regex(ORGANISATION_CODE, "must be a code of letters, digits, dashes and underscores (at most 64)");

/** An instant with its offset (`2026-11-02T08:00:00+07:00` or `…Z`), kept as ISO-8601 UTC. */
const instant = z
  .string(required("an ISO 8601 date-time with an offset"))
  .max(64, "must be an ISO 8601 date-time with an offset")
  .pipe(z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time with an offset, such as 2026-11-02T08:00:00+07:00" }))
  .transform((v) => new Date(v).toISOString());

const phone = z
  .string({ error: "must be a string" })
  .max(32, "must be a Vietnamese phone number")
  .transform((v, ctx) => {
    const normalised = normaliseVietnamesePhone(v);
    if (normalised === null) {
      ctx.addIssue({ code: "custom", message: "must be a Vietnamese phone number (0 and 9 digits, or +84)" });
      return z.NEVER;
    }
    return normalised;
  });

const email = z
  .string({ error: "must be a string" })
  .trim()
  .max(MAX_EMAIL_LENGTH, `must be an e-mail address of at most ${MAX_EMAIL_LENGTH} characters`)
  .pipe(z.email({ message: "must be an e-mail address" }));

/**
 * `POST /api/v1/dossiers`. Unknown fields are refused rather than ignored: a
 * misspelt `returnAt` ignored would leave a returned dossier open, and late.
 */
export const DossierPostSchema = z
  .strictObject(
    {
      code: z.string(required("a string")).regex(DOSSIER_CODE_PATTERN, "must be 1 to 64 letters, digits or . _ - / : #"),
      servicePoint: organisationCode,
      sector: organisationCode,
      procedure: z
        .string({ error: "must be a string" })
        .trim()
        .max(MAX_PROCEDURE_LENGTH, `must be at most ${MAX_PROCEDURE_LENGTH} characters`)
        .refine((v) => !CONTROL_CHARACTERS.test(v), "must not contain control characters")
        .nullish(),
      receivedAt: instant,
      dueAt: instant,
      returnedAt: instant.nullish(),
      contact: z
        .strictObject({ phone: phone.nullish(), email: email.nullish() }, { error: "must be an object {phone, email}" })
        .nullish(),
      consent: z.boolean({ error: "must be true or false" }).optional(),
    },
    { error: "must be a JSON object" },
  )
  .superRefine((d, ctx) => {
    if (Date.parse(d.dueAt) < Date.parse(d.receivedAt)) ctx.addIssue({ code: "custom", path: ["dueAt"], message: "must not be before receivedAt" });
    if (d.returnedAt && Date.parse(d.returnedAt) < Date.parse(d.receivedAt)) {
      ctx.addIssue({ code: "custom", path: ["returnedAt"], message: "must not be before receivedAt" });
    }
  });

/** A dossier as posted, checked and normalised: times in UTC, the contact only when consented to. */
export type DossierInput = {
  code: string;
  servicePoint: string;
  sector: string;
  procedure: string | null;
  receivedAt: string;
  dueAt: string;
  returnedAt: string | null;
  /** What may be stored: null without consent, or when none was given. */
  contact: { phone: string | null; email: string | null } | null;
  consent: boolean;
};

export type DossierParse = { ok: true; value: DossierInput } | { ok: false; field: string; message: string };

/**
 * Reads a posted dossier: the first thing wrong with it, named by its field
 * (`contact.phone`), or what to store. Times the software cannot have seen
 * yet (received or returned after `now`, beyond a small clock skew) are refused.
 */
export function parseDossierPost(payload: unknown, now: Date): DossierParse {
  const parsed = DossierPostSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === "unrecognized_keys") {
      const field = [...issue.path.map(String), issue.keys[0]!].join(".");
      return { ok: false, field, message: `${field} is not a field of a dossier` };
    }
    const field = issue.path.map(String).join(".") || "body";
    return { ok: false, field, message: `${field} ${issue.message}` };
  }
  const d = parsed.data;
  const latest = now.getTime() + DOSSIER_CLOCK_SKEW_MS;
  if (Date.parse(d.receivedAt) > latest) return { ok: false, field: "receivedAt", message: "receivedAt must not be in the future" };
  if (d.returnedAt && Date.parse(d.returnedAt) > latest) return { ok: false, field: "returnedAt", message: "returnedAt must not be in the future" };
  const consent = d.consent ?? false;
  const phoneGiven = d.contact?.phone ?? null;
  const emailGiven = d.contact?.email ?? null;
  return {
    ok: true,
    value: {
      code: d.code,
      servicePoint: d.servicePoint,
      sector: d.sector,
      procedure: d.procedure ? d.procedure : null,
      receivedAt: d.receivedAt,
      dueAt: d.dueAt,
      returnedAt: d.returnedAt ?? null,
      contact: consent && (phoneGiven !== null || emailGiven !== null) ? { phone: phoneGiven, email: emailGiven } : null,
      consent,
    },
  };
}

/** The times that decide whether a dossier is late. ISO-8601 instants. */
export type DossierTimes = { dueAt: string; returnedAt: string | null; lateAt: string | null };

/**
 * When the dossier became late — the due time it passed — or null while it is
 * not: returned after its due time, or still open past it. Once late it stays
 * late though the due time is extended afterwards (the apology's new date
 * does not make it on time). The one exception is a return reported after
 * the check marked it, which shows it was returned by its due time: not late
 * after all, unless its apology was already sent.
 */
export function lateSince(times: DossierTimes, now: Date, { apologySent = false } = {}): string | null {
  if (times.lateAt !== null && apologySent) return times.lateAt;
  if (times.returnedAt !== null) {
    const passed = times.lateAt ?? times.dueAt;
    return Date.parse(times.returnedAt) > Date.parse(passed) ? passed : null;
  }
  if (times.lateAt !== null) return times.lateAt;
  return now.getTime() > Date.parse(times.dueAt) ? times.dueAt : null;
}

export type DossierStanding = { status: "in_progress" | "returned"; late: boolean; onTime: boolean | null };

/** What the API says of a dossier's timeliness at `now`. */
export function dossierStanding(times: DossierTimes, now: Date, options: { apologySent?: boolean } = {}): DossierStanding {
  const late = lateSince(times, now, options) !== null;
  const returned = times.returnedAt !== null;
  return { status: returned ? "returned" : "in_progress", late, onTime: returned ? !late : null };
}

/** When the apology of a dossier late since `lateAt` is due. */
export function apologyDueBy(lateAt: string, apologyDueHours: number): string {
  return new Date(Date.parse(lateAt) + apologyDueHours * 60 * 60 * 1000).toISOString();
}

/** What is stored of a dossier that a new post may change or must agree with. */
export type StoredDossierState = {
  servicePointId: number;
  sectorId: number;
  receivedAt: string;
  dueAt: string;
  returnedAt: string | null;
  /** The due time in force before an apology's new date extended it (null: none did). */
  apologyExtendedFrom?: string | null;
};

export type DossierConflict = { field: "servicePoint" | "sector" | "receivedAt" | "dueAt" | "returnedAt"; message: string };

/**
 * Whether a post agrees with the stored dossier: point, sector and receipt
 * are fixed once set, the due time may only move later, the return is set
 * once (a post that leaves it out does not reopen the dossier). Times are
 * compared as instants, so `+07:00` and `Z` spellings of one time agree.
 * After an apology's new date, the one-stop software may not know it yet: a
 * post repeating a due time from before that extension is no conflict (the
 * later stored time stands); only one earlier than that is.
 */
export function dossierConflict(
  stored: StoredDossierState,
  posted: { servicePointId: number; sectorId: number; receivedAt: string; dueAt: string; returnedAt: string | null },
): DossierConflict | null {
  const same = (a: string, b: string) => Date.parse(a) === Date.parse(b);
  if (posted.servicePointId !== stored.servicePointId) return { field: "servicePoint", message: "servicePoint differs from the dossier's, which is fixed once set" };
  if (posted.sectorId !== stored.sectorId) return { field: "sector", message: "sector differs from the dossier's, which is fixed once set" };
  if (!same(posted.receivedAt, stored.receivedAt)) return { field: "receivedAt", message: "receivedAt differs from the dossier's, which is fixed once set" };
  const floor = stored.apologyExtendedFrom ?? stored.dueAt;
  if (Date.parse(posted.dueAt) < Date.parse(floor)) {
    return { field: "dueAt", message: `dueAt may only move later than ${floor}` };
  }
  if (stored.returnedAt !== null && posted.returnedAt !== null && !same(posted.returnedAt, stored.returnedAt)) {
    return { field: "returnedAt", message: "returnedAt differs from the dossier's, which is set once" };
  }
  return null;
}

/* ---------------------------------------------------------------------------
 * Apologies: the "Phiếu xin lỗi và hẹn lại ngày trả kết quả" staff fill in for
 * a late dossier (DOMAIN.md, "Timeliness and apologies").
 * ------------------------------------------------------------------------ */

export const MIN_APOLOGY_REASON_LENGTH = 10;
export const MAX_APOLOGY_REASON_LENGTH = 1000;

/** Which apologies the list shows: still owed (overdue first), only the overdue ones, or sent. */
export const APOLOGY_LIST_FILTERS = ["required", "overdue", "sent"] as const;
export type ApologyListFilter = (typeof APOLOGY_LIST_FILTERS)[number];

/** Control characters other than the line breaks and tabs a textarea may hold. */

/** `2026-12-10T17:00` as a `datetime-local` field sends it (seconds optional). */
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant a Vietnam wall-clock time names (`2026-12-10T17:00` → 10:00 UTC),
 * or null when it is no real date and time (30 February, 25:00).
 */
export function vietnamLocalInstant(local: string): Date | null {
  const m = LOCAL_DATE_TIME.exec(local);
  if (!m) return null;
  const [year, month, day, hour, minute, second = "0"] = m.slice(1).map((v) => Number(v ?? 0)) as number[];
  const utc = Date.UTC(year!, month! - 1, day!, hour!, minute!, Number(second));
  const back = new Date(utc);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month! - 1 || back.getUTCDate() !== day || back.getUTCHours() !== hour) return null;
  return new Date(utc - 7 * 60 * 60 * 1000);
}

/** An instant as a `datetime-local` field shows it in Vietnam time (`2026-12-10T17:00`). */
export function vietnamLocalInput(iso: string): string {
  return new Date(Date.parse(iso) + 7 * 60 * 60 * 1000).toISOString().slice(0, 16);
}

/**
 * The apology form: a reason, and the new date for the result in Vietnam
 * time. Whether that date is late enough depends on the dossier and the
 * clock, so the service judges it (`apologyDateProblem`).
 */
export const ApologyForm = z.object({
  reason: z
    .string()
    .trim()
    .min(1)
    .min(MIN_APOLOGY_REASON_LENGTH)
    .max(MAX_APOLOGY_REASON_LENGTH)
    .refine((v) => !CONTROL_EXCEPT_LINE_BREAKS.test(v), "invalid")
    // One kind of line break, so the printed Phiếu and the message say the same.
    .transform((v) => v.replace(/\r\n?/g, "\n")),
  newDueAt: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const instant = vietnamLocalInstant(v);
      if (!instant) {
        ctx.addIssue({ code: "custom", message: "format" });
        return z.NEVER;
      }
      return instant.toISOString();
    }),
});
export type ApologyInput = z.output<typeof ApologyForm>;

/**
 * What is wrong with the new date of an apology, as the code shown beside
 * the field, or null. An open dossier needs one, later than now and than its
 * due time (it extends the due time); a dossier already returned has its
 * result and takes none.
 */
export function apologyDateProblem(
  dossier: { dueAt: string; returnedAt: string | null },
  newDueAt: string | null,
  now: Date,
): "required" | "notAfterNow" | "notAfterDue" | "alreadyReturned" | null {
  if (dossier.returnedAt !== null) return newDueAt === null ? null : "alreadyReturned";
  if (newDueAt === null) return "required";
  if (Date.parse(newDueAt) <= now.getTime()) return "notAfterNow";
  if (Date.parse(newDueAt) <= Date.parse(dossier.dueAt)) return "notAfterDue";
  return null;
}

/** Where an apology stands at `now`: owed and past its due time, or sent, in time or not. */
export type ApologyStanding = { overdue: boolean; sentInTime: boolean | null };

export function apologyStanding(apology: { status: ApologyStatus; dueBy: string; sentAt: string | null }, now: Date): ApologyStanding {
  if (apology.status === "sent") return { overdue: false, sentInTime: apology.sentAt !== null && Date.parse(apology.sentAt) <= Date.parse(apology.dueBy) };
  return { overdue: now.getTime() > Date.parse(apology.dueBy), sentInTime: null };
}

/** "17:00 ngày 10/12/2026", in Vietnam time whatever the server's zone. */
export function vietnameseDateTime(iso: string): string {
  const local = new Date(Date.parse(iso) + 7 * 60 * 60 * 1000).toISOString();
  return `${local.slice(11, 16)} ngày ${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)}`;
}

/**
 * The message telling the citizen of the apology: short enough for one SMS
 * once the reason is cut, whole in an e-mail. Its words are the locales'
 * (`message.apology` of the timeliness namespace), read through `t`; the
 * caller picks Vietnamese, since the one-stop software gives no language.
 */
export function apologyMessage(
  a: { agency: string; dossierCode: string; reason: string; newDueAt: string | null },
  channel: "email" | "sms",
  t: (key: string, words: Record<string, string>) => string,
): { subject: string | null; body: string } {
  const date = a.newDueAt ? vietnameseDateTime(a.newDueAt) : null;
  const words = { agency: a.agency, code: a.dossierCode };
  if (channel === "sms") {
    const reason = a.reason.length > 80 ? `${a.reason.slice(0, 79).trimEnd()}…` : a.reason;
    const newDate = date ? t("message.apology.smsNewDate", { date }) : "";
    return { subject: null, body: t("message.apology.smsBody", { ...words, reason: reason.replace(/\s+/g, " "), newDate }) };
  }
  const newDate = date ? t("message.apology.emailNewDate", { date }) : "";
  return { subject: t("message.apology.subject", words), body: t("message.apology.emailBody", { ...words, reason: a.reason, newDate }) };
}
