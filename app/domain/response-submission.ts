import { z } from "zod";

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** How far back a trusted device (an offline kiosk, an integration) may date what it captured. */
export const TRUSTED_ANSWERED_AT_MAX_AGE_MS = 30 * DAY_MS;
/** How far back anyone else may: a citizen's phone or a script has no offline backlog to send. */
export const CITIZEN_ANSWERED_AT_MAX_AGE_MS = 24 * HOUR_MS;
/** How far ahead of the server clock a device's clock may run. */
export const ANSWERED_AT_MAX_SKEW_MS = 5 * MINUTE_MS;
export const MAX_ANSWERS = 100;

const code = z.string().trim().min(1).max(64);

/**
 * `{ key: value }` read through Object.entries, which keeps every own key — a
 * record schema would silently drop one named "__proto__", and an unknown
 * answer key must be refused, not ignored.
 */
const answersObject = z
  .custom<Record<string, unknown>>((v) => typeof v === "object" && v !== null && !Array.isArray(v), {
    message: "must be an object of answers by question key",
  })
  .transform((v, ctx) => {
    const entries = Object.entries(v);
    if (entries.length > MAX_ANSWERS) ctx.addIssue({ code: "custom", message: "too many answers" });
    for (const [key, value] of entries) {
      if (key.length > 64) ctx.addIssue({ code: "custom", message: "is too long a key", path: [key] });
      else if (typeof value !== "number" && typeof value !== "string") {
        ctx.addIssue({ code: "custom", message: "must be a number or a string", path: [key] });
      }
    }
    return Object.fromEntries(entries) as Record<string, number | string>;
  });

export const ResponseSubmissionSchema = z.object({
  id: z.uuid({ message: "must be a UUID" }),
  servicePoint: code,
  ticket: code.optional(),
  sector: code.optional(),
  locale: z.enum(["vi", "en"]).default("vi"),
  answeredAt: z.iso.datetime({ offset: true, message: "must be an ISO date-time" }).optional(),
  /**
   * The questionnaire version the caller showed (a kiosk that was offline
   * while a new one was published): answers are checked against and stored
   * with it when it is a published version of the point's questionnaire.
   */
  version: z
    .number({ message: "must be a positive integer" })
    .int("must be a positive integer")
    .min(1, "must be a positive integer")
    .max(999_999, "must be at most 999999")
    .optional(),
  answers: answersObject,
  // Checked with the answers (app/domain/cases.ts parseContact), so every error is named by its field.
  contact: z
    .object(
      { phone: z.string({ message: "must be a string" }).nullish(), email: z.string({ message: "must be a string" }).nullish() },
      { message: "must be an object {phone, email}" },
    )
    .nullish(),
  consent: z.boolean({ message: "must be true or false" }).optional(),
});
export type ResponseSubmission = z.infer<typeof ResponseSubmissionSchema>;

/**
 * Why a capture time is refused: ahead of the clock, older than a trusted
 * device may send (30 days), or older than anyone else may (24 hours).
 */
export type AnsweredAtError = "answered_at_ahead" | "answered_at_too_old" | "answered_at_needs_trusted_device";

/** A capture time is accepted up to 5 minutes ahead of `now`, and 30 days back from a trusted device, 24 hours from anyone else. */
export function answeredAtError(answeredAt: Date, now: Date, trustedDevice: boolean): AnsweredAtError | null {
  const age = now.getTime() - answeredAt.getTime();
  if (age < -ANSWERED_AT_MAX_SKEW_MS) return "answered_at_ahead";
  if (age > TRUSTED_ANSWERED_AT_MAX_AGE_MS) return "answered_at_too_old";
  if (!trustedDevice && age > CITIZEN_ANSWERED_AT_MAX_AGE_MS) return "answered_at_needs_trusted_device";
  return null;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
