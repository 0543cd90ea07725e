/**
 * The one way a staff form post is handled: read the body and check that it
 * came from our own page → parse it with the form's zod schema → hand the
 * input to a service → answer its `Outcome`: 303 on success, 400/409 with the
 * errors beside the fields and what was typed, or a problem page (403, 404)
 * when there is no form left to show.
 */
import { data, redirect } from "@remix-run/node";
import type { z } from "zod";
import { fieldErrorsOf, type FieldErrors } from "~/domain/form-errors";
import { problem, type Outcome, type Problem } from "~/domain/problem";
import { builderRefusalOf } from "~/domain/questionnaire-draft";
import type { BuilderActionData, Notice } from "~/modules/questionnaires/types";
import type { Principal } from "~/modules/accounts/types";
import type { Actor } from "~/modules/audit/types";
import { problemPage } from "./problem.server";
import { BodyError, readSmallForm } from "./request-body.server";
import { isSameSiteSubmission } from "./same-site.server";

const BODY_PROBLEM = { 400: "badRequest", 413: "tooLarge", 415: "unsupportedMediaType" } as const;

/**
 * The fields of a staff member's form post, after checking that it came from
 * our own page (origin and anti-forgery token). A forged post is a 403 page, a
 * malformed, oversized or non-form body a 400/413/415 page; nothing is changed
 * either way.
 */
export async function readForm(request: Request, maxBytes?: number): Promise<URLSearchParams> {
  let form: URLSearchParams;
  try {
    form = await readSmallForm(request, maxBytes);
  } catch (error) {
    if (error instanceof BodyError) throw problemPage(problem(BODY_PROBLEM[error.status], error.message));
    throw error;
  }
  if (!(await isSameSiteSubmission(request, form.get("_csrf")))) {
    throw problemPage(problem("csrf", "the form did not come from this site's page, or the page expired"));
  }
  return form;
}

/**
 * A form as a plain object for zod: single fields as strings, the fields named
 * in `lists` as arrays (checkbox groups). `_csrf` is left out.
 */
export function formObject(form: URLSearchParams, lists: readonly string[] = []): Record<string, string | string[]> {
  const object: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const name of new Set(form.keys())) {
    if (name === "_csrf" || name === "__proto__") continue;
    object[name] = lists.includes(name) ? form.getAll(name) : (form.get(name) ?? "");
  }
  for (const name of lists) object[name] ??= [];
  return object;
}

/** The `intent` of a post: which of a page's forms was sent. */
export function intentOf(form: URLSearchParams): string {
  return form.get("intent") ?? "";
}

/** Parses with the schema; on failure a "badRequest" problem with the first error of each field. */
export function parseForm<S extends z.ZodType>(schema: S, input: unknown): Outcome<z.output<S>> {
  const parsed = schema.safeParse(input, { reportInput: true });
  if (parsed.success) return { ok: true, value: parsed.data };
  const fieldErrors = fieldErrorsOf(parsed.error);
  return { ok: false, problem: problem("badRequest", `invalid ${Object.keys(fieldErrors).join(", ")}`, { fieldErrors }) };
}

/** Who the audit log names for a change made by this principal. */
export function actorOf(principal: Principal): Actor {
  return { userId: principal.kind === "user" ? principal.id : null, name: principal.kind === "user" ? principal.name : `token: ${principal.name}` };
}

/** A 400 answer that re-renders the form with what was typed and the errors beside the fields. */
export function invalidForm(errors: FieldErrors, values: Record<string, unknown> = {}) {
  return data({ ok: false as const, errors, values }, { status: 400 });
}

/**
 * The answer to a refused form: the form again, with the errors beside the
 * fields, what was typed (and `extra`, such as which of the page's forms it
 * was), under the problem's status. A problem that concerns no field (the
 * thing edited is gone, the account may not do it) has no form to show: its
 * page is thrown instead.
 */
export function refusedForm<E extends Record<string, unknown> = Record<never, never>>(p: Problem, values: Record<string, unknown>, extra?: E) {
  if (!p.fieldErrors) throw problemPage(p);
  return data({ ok: false as const, errors: p.fieldErrors, values, ...(extra as E) }, { status: p.status });
}

/** A service's outcome as the browser gets it: 303 to `success(value)`, else `refusedForm`. */
export function answerForm<T, E extends Record<string, unknown> = Record<never, never>>(
  outcome: Outcome<T>,
  values: Record<string, unknown>,
  success: (value: T) => string,
  extra?: E,
) {
  if (outcome.ok) return redirect(success(outcome.value), 303);
  return refusedForm(outcome.problem, values, extra);
}

/** The thing a page's address names, or the 404 page when there is none. */
export function foundOr404<T>(value: T | null | undefined, what = "nothing has that code"): T {
  if (value === null || value === undefined) throw problemPage(problem("notFound", what));
  return value;
}

/**
 * The questionnaire builder's forms answer like the others, but a refusal's
 * sentence about the whole form (`notice`) and the reasons a draft cannot be
 * published are kept apart from the fields' errors (the page shows them
 * above the list of questions).
 */
export function refusedBuilderForm(p: Problem, values: Record<string, unknown>, intent: string) {
  const { errors, notice, publishProblems } = builderRefusalOf(p.fieldErrors ?? {});
  const body: BuilderActionData = { ok: false, errors, values, intent };
  if (notice) body.notice = notice as Notice;
  if (publishProblems) body.publishProblems = publishProblems;
  return data(body, { status: p.status });
}

export function answerBuilderForm(outcome: Outcome<unknown>, success: string, values: Record<string, unknown>, intent: string) {
  return outcome.ok ? redirect(success, 303) : refusedBuilderForm(outcome.problem, values, intent);
}
