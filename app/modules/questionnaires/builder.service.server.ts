import { data, redirect } from "@remix-run/node";
import type { FieldErrors } from "~/domain/form-errors";
import type { PublishProblem } from "~/domain/questionnaire-draft";
import { findQuestionnaire, type QuestionnaireRecord, type WriteOutcome } from "./questionnaires.repository.server";
import { getDb } from "~/db.server";

/** The questionnaire named in the address, or the admin 404 page. */
export async function requireQuestionnaire(code: string | undefined): Promise<QuestionnaireRecord> {
  const questionnaire = code && code.length <= 100 ? await findQuestionnaire(getDb(), code) : null;
  if (!questionnaire) throw data({ kind: "notFound" as const }, { status: 404 });
  return questionnaire;
}

export type Notice = "noDraft" | "draftExists" | "notFound" | "cannotMove" | "unknownIntent";

/** What a refused builder form re-renders with: errors by field, what was typed, and a sentence for the whole form. */
export type BuilderActionData = {
  ok: false;
  errors: FieldErrors;
  values: Record<string, unknown>;
  intent?: string;
  notice?: Notice;
  publishProblems?: PublishProblem[];
};

export function refused(status: number, body: Omit<BuilderActionData, "ok">) {
  return data<BuilderActionData>({ ok: false, ...body }, { status });
}

/** A model's outcome as the browser gets it: 303 on success, otherwise the form again with why. */
export function answerOutcome(outcome: WriteOutcome<unknown>, success: string, values: Record<string, unknown>, intent: string) {
  switch (outcome.kind) {
    case "ok":
      return redirect(success, 303);
    case "invalid":
      return refused(400, { errors: Object.fromEntries(outcome.problems.map((p) => [p.field, { code: p.code }])), values, intent });
    case "unpublishable":
      return refused(400, { errors: {}, values, intent, publishProblems: outcome.problems });
    case "noPublished":
    case "noDraft":
      return refused(409, { errors: {}, values, intent, notice: "noDraft" });
    case "draftExists":
      return refused(409, { errors: {}, values, intent, notice: "draftExists" });
    case "notFound":
      return refused(404, { errors: {}, values, intent, notice: "notFound" });
    case "cannotMove":
      return refused(400, { errors: {}, values, intent, notice: "cannotMove" });
  }
}
