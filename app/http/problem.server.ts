/**
 * The answers to a `Problem` (app/domain/problem.ts): each kind of route
 * answers in its own format — a page (thrown to its ErrorBoundary), JSON, or
 * CSV's plain text.
 */
import { data } from "@remix-run/node";
import type { Problem, ProblemKind } from "~/domain/problem";

export { problem, type Problem } from "~/domain/problem";

function headersOf(p: Problem): Headers {
  const headers = new Headers(p.headers);
  if (p.retryAfterSeconds !== undefined) headers.set("Retry-After", String(p.retryAfterSeconds));
  if (p.kind === "unauthenticated") headers.set("WWW-Authenticate", 'Bearer realm="hailong"');
  return headers;
}

/** What a page route throws: its ErrorBoundary reads `kind` (and `parameter`) and words it. */
export function problemPage(p: Problem) {
  return data({ kind: p.kind, parameter: p.parameter ?? null, field: p.field ?? null }, { status: p.status, headers: headersOf(p) });
}

export type PageProblem = { kind: ProblemKind; parameter: string | null; field: string | null };

/** A JSON API's answer: `{error, field}` or `{error, parameter}`. */
export function problemJson(p: Problem): Response {
  const body: Record<string, string> = { error: p.message };
  if (p.field !== undefined) body.field = p.field;
  if (p.parameter !== undefined) body.parameter = p.parameter;
  return Response.json(body, { status: p.status, headers: headersOf(p) });
}

/** A CSV download's answer: one line of plain text, in Vietnamese and English. */
export function problemCsv(p: Problem, vietnamese: string): Response {
  const headers = headersOf(p);
  headers.set("Content-Type", "text/plain; charset=utf-8");
  return new Response(`${vietnamese} / ${p.message}\n`, { status: p.status, headers });
}
