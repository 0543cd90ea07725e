/**
 * The one reader of the index parameters (`from`, `to`, `sector`, `agency`,
 * `servicePoint`, `includeFlagged`, `lang`, `groupBy`, `question`): `GET /api/v1/indices`
 * and the CSV exports read them with {@link parseIndexQuery}; the dashboard's
 * URL reader (dashboard-view.ts) reuses the same schemas, the same
 * one-value-per-parameter rule and the same date range.
 */
import { z } from "zod";
import { dayNumberOf, defaultDateRange, isCalendarDate, PERIOD_GRANULARITIES } from "./periods";
import { problem, refused, succeeded, type Outcome, type Problem } from "./problem";

export const INDEX_GROUPINGS = ["sector", "agency", "servicePoint", "question", "group", "choice", ...PERIOD_GRANULARITIES] as const;
export type IndexGrouping = (typeof INDEX_GROUPINGS)[number];

/** The longest range one query may span: ten years of days is still a small answer. */
export const MAX_RANGE_DAYS = 3660;

const date = z.string().refine(isCalendarDate, { message: "must be a date YYYY-MM-DD" });
const code = z.string().trim().min(1, "must not be empty").max(64, "is too long");

/** The parameters every index view takes, whoever reads them. */
export const INDEX_PARAMETERS = {
  from: date.optional(),
  to: date.optional(),
  sector: code.optional(),
  agency: code.optional(),
  servicePoint: code.optional(),
  includeFlagged: z.enum(["0", "1", "true", "false"], { message: "must be 0 or 1" }).optional(),
  lang: z.enum(["vi", "en"], { message: "must be vi or en" }).optional(),
};

/** A code parameter (a service point, an agency): what the dashboard's own filters take too. */
export const codeParameter = code;

const IndexQuerySchema = z.object({
  groupBy: z.enum(INDEX_GROUPINGS, { message: `must be one of ${INDEX_GROUPINGS.join(", ")}` }).default("sector"),
  /** The choice question whose answers `groupBy=choice` groups by: its stable key. */
  question: code.optional(),
  ...INDEX_PARAMETERS,
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
  /** With `groupBy: "choice"`: the choice question's key. */
  question?: string | null;
};

export function badParameter(parameter: string, message: string): Problem {
  return problem("badParameter", `${parameter} ${message}`, { parameter });
}

/**
 * The query's parameters, one value each: a parameter given twice is a
 * problem, since which of the two was meant cannot be known. `skipEmpty`
 * drops empty values (a GET form's "all" choice).
 */
export function singleValues(params: URLSearchParams, options: { skipEmpty?: boolean } = {}): Outcome<Record<string, string>> {
  const raw: Record<string, string> = {};
  for (const [name, value] of params) {
    if (options.skipEmpty && value.trim() === "") continue;
    if (name in raw) return refused(badParameter(name, "is given more than once"));
    raw[name] = value;
  }
  return succeeded(raw);
}

/** Validates single values against a schema; the first issue names its parameter. */
export function parseParameters<S extends z.ZodTypeAny>(schema: S, raw: Record<string, string>): Outcome<z.infer<S>> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return succeeded(parsed.data);
  const issue = parsed.error.issues[0]!;
  return refused(badParameter(String(issue.path[0] ?? "query"), issue.message));
}

/**
 * The inclusive range `from`–`to` asks for: `to` defaults to today, `from` to
 * 1 January of `to`'s year; `from` after `to`, or a span over
 * {@link MAX_RANGE_DAYS}, is refused naming `from`.
 */
export function dateRangeOf(from: string | undefined, to: string | undefined, today: string): Outcome<{ from: string; to: string }> {
  const end = to ?? today;
  const start = from ?? `${end.slice(0, 4)}-01-01`;
  if (dayNumberOf(start) > dayNumberOf(end)) return refused(badParameter("from", "must not be after to"));
  if (dayNumberOf(end) - dayNumberOf(start) >= MAX_RANGE_DAYS) {
    return refused(badParameter("from", `the range may span at most ${MAX_RANGE_DAYS} days`));
  }
  return succeeded({ from: start, to: end });
}

export const includesFlagged = (value: string | undefined) => value === "1" || value === "true";

/**
 * A query of one value per parameter, read by `schema` (which has `from` and
 * `to`), with its date range settled: the indices' rules, shared by every API
 * that reads a range of figures. Every problem names its parameter.
 */
export function parseRangedQuery<S extends z.ZodType<{ from?: string; to?: string }>>(
  schema: S,
  params: URLSearchParams,
  now: Date,
): Outcome<{ q: z.infer<S>; range: { from: string; to: string } }> {
  const raw = singleValues(params);
  if (!raw.ok) return raw;
  const parsed = parseParameters(schema, raw.value);
  if (!parsed.ok) return parsed;
  const q = parsed.value;
  const range = dateRangeOf(q.from, q.to, defaultDateRange(now).to);
  if (!range.ok) return range;
  return succeeded({ q, range: range.value });
}

/** Reads the query of `GET /api/v1/indices` and of the CSV exports. Every problem names its parameter. */
export function parseIndexQuery(params: URLSearchParams, now: Date): Outcome<IndexQuery> {
  const read = parseRangedQuery(IndexQuerySchema, params, now);
  if (!read.ok) return read;
  const { q, range } = read.value;
  if (q.groupBy === "choice" && q.question === undefined) return refused(badParameter("question", "is required with groupBy=choice"));
  if (q.groupBy !== "choice" && q.question !== undefined) return refused(badParameter("question", "is only read with groupBy=choice"));
  return succeeded({
    groupBy: q.groupBy,
    question: q.question ?? null,
    ...range,
    sector: q.sector ?? null,
    agency: q.agency ?? null,
    servicePoint: q.servicePoint ?? null,
    includeFlagged: includesFlagged(q.includeFlagged),
    locale: q.lang ?? "vi",
  });
}
