import { data, redirect } from "@remix-run/node";
import type { ChangeResult } from "~/modules/organisation/organisation-admin.repository.server";
import { invalidForm } from "./admin-form.server";

/**
 * What an organisation form post answers: 303 to the changed page with
 * `?saved=1`, 404 when the thing edited no longer exists, else 400 with the
 * errors beside the fields and what was typed.
 */
export function answerChange(result: ChangeResult, values: Record<string, unknown>, pageOf: (code: string) => string) {
  if (result.ok) return redirect(`${pageOf(result.code)}?saved=1`, 303);
  if (result.errors._form?.code === "notFound") throw notFound();
  return invalidForm(result.errors, values);
}

export function notFound() {
  return data({ kind: "notFound" as const }, { status: 404 });
}

/** The `intent` of a post: which of a page's forms was sent. */
export function intentOf(form: URLSearchParams): string {
  return form.get("intent") ?? "";
}
