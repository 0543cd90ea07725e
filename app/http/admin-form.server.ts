import { data } from "@remix-run/node";
import type { z } from "zod";
import type { Actor } from "~/modules/audit/audit.repository.server";
import { fieldErrorsOf, type FieldErrors } from "~/domain/form-errors";
import { isSameSiteSubmission } from "~/http/same-site.server";
import { type Principal } from "~/modules/accounts/types";
import { BodyError, readSmallForm } from "./request-body.server";


export function actorOf(principal: Principal): Actor {
  return { userId: principal.kind === "user" ? principal.id : null, name: principal.kind === "user" ? principal.name : `token: ${principal.name}` };
}

/**
 * The fields of an administrator's form post, after checking that it came from
 * our own page (origin and anti-forgery token). A forged post is a 403 page, a
 * malformed or oversized body a 400/413 page; nothing is changed either way.
 */
export async function readAdminForm(request: Request, maxBytes?: number): Promise<URLSearchParams> {
  let form: URLSearchParams;
  try {
    form = await readSmallForm(request, maxBytes);
  } catch (error) {
    if (error instanceof BodyError) throw data({ kind: "badRequest" as const }, { status: error.status });
    throw error;
  }
  if (!(await isSameSiteSubmission(request, form.get("_csrf")))) {
    throw data({ kind: "csrf" as const }, { status: 403 });
  }
  return form;
}

/**
 * A form as a plain object for zod: single fields as strings, the fields named
 * in `lists` as arrays (checkbox groups). `_csrf` and `intent` are left out.
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

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** Parses with the schema; on failure, the first error of each field as message keys. */
export function parseForm<S extends z.ZodType>(schema: S, input: unknown): FormResult<z.output<S>> {
  const parsed = schema.safeParse(input, { reportInput: true });
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, errors: fieldErrorsOf(parsed.error) };
}

/** A 400 answer that re-renders the form with what was typed and the errors beside the fields. */
export function invalidForm(errors: FieldErrors, values: Record<string, unknown> = {}) {
  return data({ ok: false as const, errors, values }, { status: 400 });
}
