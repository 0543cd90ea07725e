import { z } from "zod";

/** Service point and sector codes: letters, digits, dashes and underscores. */
const CODE = /^[A-Za-z0-9_-]+$/;

/**
 * A dossier code as one-stop software prints it (`000.00.12.H42-251126-0001`,
 * `HS/2026/123`): letters, digits, `. _ - / : #`, single spaces between
 * words; no control characters, no markup, no leading or trailing space.
 */
const DOSSIER_CODE = /^[\p{L}\p{N}._\/:#-]+(?: [\p{L}\p{N}._\/:#-]+)*$/u;
export const MAX_DOSSIER_CODE_LENGTH = 64;

/** `POST /api/v1/tickets`: one single-use survey link for one dossier. */
export const TicketRequestSchema = z.object({
  servicePoint: z
    .string({ message: "must be a string" })
    .min(1, "is required")
    .max(64, "is too long")
    .regex(CODE, "must be a service point code (letters, digits, dashes)"),
  sector: z
    .string({ message: "must be a string" })
    .min(1, "must not be empty")
    .max(64, "is too long")
    .regex(CODE, "must be a sector code")
    .optional(),
  dossierCode: z
    .string({ message: "must be a string" })
    .min(1, "must not be empty")
    .max(MAX_DOSSIER_CODE_LENGTH, `must be at most ${MAX_DOSSIER_CODE_LENGTH} characters`)
    .regex(DOSSIER_CODE, "must be printable: letters, digits, . _ - / : # and single spaces")
    .optional(),
});

/** How many tickets one printed batch may hold, and how long they may stay valid. */
const MAX_TICKETS_PER_BATCH = 500;
const MAX_EXPIRY_DAYS = 365;

/** A whole number typed in a box; empty reads "required" (or nothing, when optional). */
const wholeNumber = (min: number, max: number) => z.coerce.number<string>().int().min(min).max(max);

/** The administrator's form for a printed batch of tickets (`/admin/tickets`), every field a string. */
export const MintBatchForm = z.object({
  servicePoint: z.string().trim().min(1).max(64),
  sector: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((v) => (v ? v : null)),
  count: z.string().trim().min(1).pipe(wholeNumber(1, MAX_TICKETS_PER_BATCH)),
  expiryDays: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(wholeNumber(1, MAX_EXPIRY_DAYS).optional()),
});
