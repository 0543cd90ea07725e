import { z } from "zod";

/** How far back an offline kiosk may date what it captured, and how far ahead a clock may run. */
export const ANSWERED_AT_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
export const ANSWERED_AT_MAX_SKEW_MS = 5 * 60 * 1000;
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
  .transform((v) => Object.entries(v))
  .pipe(
    z
      .array(z.tuple([z.string().max(64), z.union([z.number(), z.string()], { message: "must be a number or a string" })]))
      .max(MAX_ANSWERS, { message: "too many answers" }),
  )
  .transform((entries) => Object.fromEntries(entries) as Record<string, number | string>);

/** The body of `POST /api/v1/responses` (CONTRACTS.md). Unknown top-level fields are ignored. */
export const ResponseSubmissionSchema = z.object({
  id: z.uuid({ message: "must be a UUID" }),
  servicePoint: code,
  ticket: code.optional(),
  sector: code.optional(),
  locale: z.enum(["vi", "en"]).default("vi"),
  answeredAt: z.iso.datetime({ offset: true, message: "must be an ISO date-time" }).optional(),
  answers: answersObject,
});
export type ResponseSubmission = z.infer<typeof ResponseSubmissionSchema>;

/** A capture time is accepted from 30 days back up to 5 minutes ahead of `now`. */
export function isAcceptableAnsweredAt(answeredAt: Date, now: Date): boolean {
  const delta = now.getTime() - answeredAt.getTime();
  return delta <= ANSWERED_AT_MAX_AGE_MS && delta >= -ANSWERED_AT_MAX_SKEW_MS;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
