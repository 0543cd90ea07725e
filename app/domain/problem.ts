/**
 * The one way a use case says no. A `Problem` carries what went wrong (its
 * kind, which pages word in the reader's language), the HTTP status, a plain
 * English message for machine callers, and the field or parameter it concerns
 * (or, for a form, the error of each field). Services return it inside an
 * `Outcome`; app/http/problem.server.ts answers it as a page, JSON or CSV.
 */
import type { FieldErrors } from "./form-errors";

export type ProblemKind =
  | "badRequest"
  | "badParameter"
  | "unauthenticated"
  | "forbidden"
  | "csrf"
  | "notFound"
  | "conflict"
  | "tooLarge"
  | "unsupportedMediaType"
  | "methodNotAllowed"
  | "rateLimited";

const STATUS: Record<ProblemKind, number> = {
  badRequest: 400,
  badParameter: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf: 403,
  notFound: 404,
  methodNotAllowed: 405,
  conflict: 409,
  tooLarge: 413,
  unsupportedMediaType: 415,
  rateLimited: 429,
};

export type Problem = {
  kind: ProblemKind;
  status: number;
  /** For machine callers, in English: `answers.q1 must be an integer from 1 to 5`. */
  message: string;
  /** The body field it concerns (`answers.q1`, `sector`). */
  field?: string;
  /** The query parameter it concerns (`groupBy`). */
  parameter?: string;
  /** A form's errors, each beside its field. */
  fieldErrors?: FieldErrors;
  retryAfterSeconds?: number;
  headers?: Record<string, string>;
};

export function problem(kind: ProblemKind, message: string, extra: Omit<Partial<Problem>, "kind" | "message"> = {}): Problem {
  return { kind, status: extra.status ?? STATUS[kind], message, ...extra };
}

/** What a use case returns: its value, or the problem that stopped it (nothing was changed then). */
export type Outcome<T = null> = { ok: true; value: T } | { ok: false; problem: Problem };

export function succeeded<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function refused<T = never>(p: Problem): Outcome<T> {
  return { ok: false, problem: p };
}
