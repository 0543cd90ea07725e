import { z } from "zod";
import { dayNumberOf, defaultDateRange, isCalendarDate, PERIOD_GRANULARITIES } from "./periods";

export const INDEX_GROUPINGS = ["sector", "agency", "servicePoint", "question", "group", ...PERIOD_GRANULARITIES] as const;
export type IndexGrouping = (typeof INDEX_GROUPINGS)[number];

/** The longest range one query may span: ten years of days is still a small answer. */
export const MAX_RANGE_DAYS = 3660;

const date = z.string().refine(isCalendarDate, { message: "must be a date YYYY-MM-DD" });
const code = z.string().trim().min(1, "must not be empty").max(64, "is too long");

const IndexQuerySchema = z.object({
  groupBy: z.enum(INDEX_GROUPINGS, { message: `must be one of ${INDEX_GROUPINGS.join(", ")}` }).default("sector"),
  from: date.optional(),
  to: date.optional(),
  sector: code.optional(),
  agency: code.optional(),
  servicePoint: code.optional(),
  includeFlagged: z.enum(["0", "1", "true", "false"], { message: "must be 0 or 1" }).optional(),
  lang: z.enum(["vi", "en"], { message: "must be vi or en" }).optional(),
});

export type IndexQuery = {
  groupBy: IndexGrouping;
  from: string;
  to: string;
  sector: string | null;
  agency: string | null;
  servicePoint: string | null;
  includeFlagged: boolean;
  locale: "vi" | "en";
};

export type QueryProblem = { parameter: string; message: string };

/**
 * Reads the query of `GET /api/v1/indices` (and the dashboard's URL). Every
 * problem names its parameter; a parameter given twice is a problem too, since
 * which of the two was meant cannot be known.
 */
export function parseIndexQuery(params: URLSearchParams, now: Date): { query: IndexQuery } | { problem: QueryProblem } {
  const raw: Record<string, string> = {};
  for (const [name, value] of params) {
    if (name in raw) return { problem: { parameter: name, message: "is given more than once" } };
    raw[name] = value;
  }
  const parsed = IndexQuerySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { problem: { parameter: String(issue.path[0] ?? "query"), message: issue.message } };
  }
  const q = parsed.data;
  const defaults = defaultDateRange(now);
  const from = q.from ?? (q.to ? `${q.to.slice(0, 4)}-01-01` : defaults.from);
  const to = q.to ?? defaults.to;
  if (dayNumberOf(from) > dayNumberOf(to)) return { problem: { parameter: "from", message: "must not be after to" } };
  if (dayNumberOf(to) - dayNumberOf(from) >= MAX_RANGE_DAYS) {
    return { problem: { parameter: "from", message: `the range may span at most ${MAX_RANGE_DAYS} days` } };
  }
  return {
    query: {
      groupBy: q.groupBy,
      from,
      to,
      sector: q.sector ?? null,
      agency: q.agency ?? null,
      servicePoint: q.servicePoint ?? null,
      includeFlagged: q.includeFlagged === "1" || q.includeFlagged === "true",
      locale: q.lang ?? "vi",
    },
  };
}
