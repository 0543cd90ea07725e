/**
 * Follow-up cases (CONTRACTS.md "Follow-up cases and tracking codes",
 * docs/decisions/020-follow-up-cases.md): the tracking code a citizen keeps,
 * the contact they may leave, and the steps a case may take. Pure: the
 * service brings the random bytes, the rows and the clock.
 */
import { z } from "zod";
import { normaliseVietnamesePhone } from "./dossiers";

export const CASE_STATUSES = ["open", "answered", "closed"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/* ---------------------------------------------------------------------------
 * Tracking codes: 10 characters of Crockford base32 (50 random bits).
 * ------------------------------------------------------------------------ */

/** Crockford's alphabet: digits and letters without I, L, O and U, which are misread or misspelt. */
export const TRACKING_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const TRACKING_CODE_LENGTH = 10;

/**
 * A tracking code from 10 random bytes, 5 bits of each: 256 is a multiple of
 * 32, so every character is equally likely.
 */
export function trackingCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < TRACKING_CODE_LENGTH) throw new Error(`a tracking code needs ${TRACKING_CODE_LENGTH} random bytes`);
  let code = "";
  for (let i = 0; i < TRACKING_CODE_LENGTH; i++) code += TRACKING_CODE_ALPHABET[bytes[i]! & 31];
  return code;
}

/**
 * A code as typed or read aloud, in its stored form: case ignored, hyphens
 * and spaces dropped, and Crockford's readings of look-alikes (O → 0, I and
 * L → 1). Null when what is left is not 10 characters of the alphabet.
 */
export function normaliseTrackingCode(raw: string): string | null {
  if (raw.length > 64) return null;
  const compact = raw
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (compact.length !== TRACKING_CODE_LENGTH) return null;
  for (const c of compact) if (!TRACKING_CODE_ALPHABET.includes(c)) return null;
  return compact;
}

/** How a code is shown to be copied: two groups of five (`7KQ2M-X9D4B`); lookups accept it with or without the hyphen. */
export function formatTrackingCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/* ---------------------------------------------------------------------------
 * The contact a citizen may leave, only with consent.
 * ------------------------------------------------------------------------ */

const MAX_EMAIL_LENGTH = 254;
const emailShape = z.email();

/** The contact as sent: strings as typed (empty or absent = not given) and the consent box. */
export type ContactSent = { phone: string | null; email: string | null; consent: boolean };
/** What may be kept: a phone in its national form and/or an e-mail address. */
export type ConsentedContact = { phone: string | null; email: string | null };

/**
 * Why a contact is refused, by the field it concerns (JSON names; the form
 * has its own): `consent` when a contact was given without it (it would not
 * be kept, and the citizen must know), `contact` when consent came alone.
 */
export type ContactErrors = Partial<Record<"contact.phone" | "contact.email" | "consent" | "contact", ContactErrorCode>>;
export type ContactErrorCode = "phone_invalid" | "email_invalid" | "contact_needs_consent" | "consent_needs_contact";

export type ContactParse = { ok: true; contact: ConsentedContact | null } | { ok: false; errors: ContactErrors };

/** Reads the optional contact: null when none was given and no consent either. */
export function parseContact(sent: ContactSent): ContactParse {
  const phoneText = sent.phone?.trim() || null;
  const emailText = sent.email?.trim() || null;
  const errors: ContactErrors = {};
  const phone = phoneText === null ? null : phoneText.length <= 32 ? normaliseVietnamesePhone(phoneText) : null;
  if (phoneText !== null && phone === null) errors["contact.phone"] = "phone_invalid";
  const email = emailText !== null && emailText.length <= MAX_EMAIL_LENGTH && emailShape.safeParse(emailText).success ? emailText : null;
  if (emailText !== null && email === null) errors["contact.email"] = "email_invalid";
  const given = phoneText !== null || emailText !== null;
  if (given && !sent.consent) errors.consent = "contact_needs_consent";
  if (!given && sent.consent) errors.contact = "consent_needs_contact";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, contact: given ? { phone, email } : null };
}

/* ---------------------------------------------------------------------------
 * The steps of a case.
 * ------------------------------------------------------------------------ */

export const CASE_ACTIONS = ["answer", "close", "reopen", "changeDue", "note"] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/**
 * From which statuses each step may be taken: an open case is answered
 * (once: a second answer must reopen it first, so two managers answering
 * together get one outcome), an open or answered one closed, an answered or
 * closed one reopened; the due date moves while it is not closed; a note
 * may be added at any time.
 */
export const ALLOWED_FROM: Record<CaseAction, readonly CaseStatus[]> = {
  answer: ["open"],
  close: ["open", "answered"],
  reopen: ["answered", "closed"],
  changeDue: ["open", "answered"],
  note: ["open", "answered", "closed"],
};

/** Where a step leads from `status`, or null when it may not be taken from there. */
export function nextStatus(status: CaseStatus, action: CaseAction): CaseStatus | null {
  if (!ALLOWED_FROM[action].includes(status)) return null;
  switch (action) {
    case "answer":
      return "answered";
    case "close":
      return "closed";
    case "reopen":
      return "open";
    case "changeDue":
    case "note":
      return status;
  }
}

/** An open case past its due time. An answered one waits on nobody. */
export function isOverdue(c: { status: CaseStatus; dueAt: string }, now: Date): boolean {
  return c.status === "open" && Date.parse(c.dueAt) < now.getTime();
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** When a case opened at `openedAt` is due: CASE_DUE_DAYS later. */
export function caseDueAt(openedAt: Date, dueDays: number): string {
  return new Date(openedAt.getTime() + dueDays * DAY_MS).toISOString();
}

/** Cases closed before this instant have kept their contact long enough. */
export function contactKeptUntilBefore(now: Date, retentionDays: number): string {
  return new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
}

/* ---------------------------------------------------------------------------
 * Staff forms. A page of text in a field is an error beside it, not a 413.
 * ------------------------------------------------------------------------ */

export const MAX_CASE_TEXT = 4000;
/** Far above any form of these pages, so that 100 KB pasted in one field is answered beside that field. */
export const MAX_CASE_FORM_BYTES = 512 * 1024;

const caseText = z.string().trim().min(1).max(MAX_CASE_TEXT);

export const CaseAnswerForm = z.object({ answer: caseText });
export const CaseNoteForm = z.object({ note: caseText });
/** A Vietnam calendar date; the case is then due at its end (23:59:59 Vietnam time). */
export const CaseDueForm = z.object({
  dueDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "format")
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), "format"),
});

/** The end of a Vietnam calendar date (UTC+7 all year), as an ISO instant. */
export function endOfVietnamDate(date: string): string {
  return new Date(Date.parse(`${date}T23:59:59.000+07:00`)).toISOString();
}

/** The list's status filter: one status, or every one. */
export const CASE_FILTERS = ["all", ...CASE_STATUSES] as const;
export type CaseFilter = (typeof CASE_FILTERS)[number];

export function caseFilterOf(value: string | null): CaseFilter | null {
  if (value === null || value === "") return "all";
  return (CASE_FILTERS as readonly string[]).includes(value) ? (value as CaseFilter) : null;
}
