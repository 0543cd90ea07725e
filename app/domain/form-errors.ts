import type { z } from "zod";
import { problem, type Problem, type ProblemKind } from "./problem";

/**
 * What went wrong with one field, as a message key and its values, so that
 * the page can say it beside the field in the reader's language.
 */
export type FieldError = { code: string; values?: Record<string, number | string> };
export type FieldErrors = Record<string, FieldError>;

/** Codes our own refinements use (`ctx.addIssue({ code: "custom", message: <code> })`). */
export const CUSTOM_CODES = new Set([
  "duplicate",
  "format",
  "required",
  "invalid",
  "chooseOne",
  "rangeOrder",
  "notFound",
  "lastAdministrator",
  "passwordMismatch",
  "inUse",
  "cycle",
  "unpublished",
  "notClosed",
  "publishedMeanwhile",
]);

type Issue = z.core.$ZodIssue;

/** One field's error from one zod issue (parsed with `reportInput: true`, so a missing field reads "required"). */
export function fieldErrorOf(issue: Issue): FieldError {
  switch (issue.code) {
    case "invalid_type":
      return { code: issue.input === undefined || issue.input === null || issue.input === "" ? "required" : "invalid" };
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "string") return min <= 1 ? { code: "required" } : { code: "tooShort", values: { min } };
      if (issue.origin === "array" || issue.origin === "set") return { code: "chooseOne" };
      return { code: "tooSmall", values: { min } };
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "string") return { code: "tooLong", values: { max } };
      if (issue.origin === "array" || issue.origin === "set") return { code: "tooMany", values: { max } };
      return { code: "tooBig", values: { max } };
    }
    case "invalid_format":
      return { code: "format" };
    case "custom":
      return { code: CUSTOM_CODES.has(issue.message) ? issue.message : "invalid" };
    default:
      return { code: "invalid" };
  }
}

/** The first error of each field, keyed by the field's path joined with dots (`targets.2026.value`). */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".") || "_form";
    errors[path] ??= fieldErrorOf(issue);
  }
  return errors;
}

/**
 * A use case's refusal that belongs beside one field of the form that asked
 * for it (`fieldProblem("conflict", "code", "duplicate")`). The service names
 * the field; repositories never do.
 */
export function fieldProblem(kind: ProblemKind, field: string, code: string, values?: FieldError["values"]): Problem {
  return problem(kind, `${field}: ${code}`, { field, fieldErrors: { [field]: values ? { code, values } : { code } } });
}

/** A refusal about the whole form rather than one field (shown above it): `formProblem("conflict", "inUse")`. */
export function formProblem(kind: ProblemKind, code: string): Problem {
  return problem(kind, code, { fieldErrors: { _form: { code } } });
}
