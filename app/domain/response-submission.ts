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
  answers: answersObject,
});
export type ResponseSubmission = z.infer<typeof ResponseSubmissionSchema>;

/** A capture time is accepted from 30 days back up to 5 minutes ahead of `now`. */
export function isAcceptableAnsweredAt(answeredAt: Date, now: Date): boolean {
  const delta = now.getTime() - answeredAt.getTime();
  return delta <= ANSWERED_AT_MAX_AGE_MS && delta >= -ANSWERED_AT_MAX_SKEW_MS;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
