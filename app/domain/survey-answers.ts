import { z } from "zod";
import { NOT_APPLICABLE, type ScaleLevel } from "./scale";
import type { SurveyQuestion } from "./questionnaire";

/** What a citizen answered to one question, once validated. */
export type AnswerValue =
  | { type: "scale"; score: ScaleLevel }
  | { type: "scale"; score: null; notApplicable: true }
  | { type: "choice"; value: string }
  | { type: "number"; value: number }
  | { type: "text"; value: string };

/** Why an answer was refused; each code has a message in locales/ (survey.errors.*). */
export type AnswerErrorCode =
  | "required"
  | "invalid_scale"
  | "na_not_allowed"
  | "invalid_option"
  | "not_a_number"
  | "out_of_range"
  | "too_long"
  | "not_text"
  | "unknown_question"
  | "repeated";

export type AnswersResult =
  | { ok: true; answers: Map<string, AnswerValue> }
  | { ok: false; errors: Record<string, AnswerErrorCode> };

const isBlank = (v: unknown) =>
  v === undefined || v === null || (typeof v === "string" && v.trim() === "");

/** "5" from a form and 5 from JSON are the same answer; "5.0", " 5x" and 4.5 are not. */
const integerLike = (v: unknown) => (typeof v === "string" && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v);

export function scaleAnswerSchema(allowNA: boolean) {
  return z
    .preprocess(
      integerLike,
      z.union(
        [
          z.literal(NOT_APPLICABLE, { message: "invalid_scale" }),
          z.int({ message: "invalid_scale" }).min(1, "invalid_scale").max(5, "invalid_scale"),
        ],
        { message: "invalid_scale" },
      ),
    )
    .refine((v) => allowNA || v !== NOT_APPLICABLE, { message: "na_not_allowed" });
}

export function choiceAnswerSchema(values: readonly string[]) {
  return z.union([z.string(), z.number()], { message: "invalid_option" })
    .transform((v) => String(v).trim())
    .refine((v) => values.includes(v), { message: "invalid_option" });
}

export function numberAnswerSchema(min: number, max: number) {
  return z.preprocess(
    (v) => (typeof v === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v),
    z
      .number({ message: "not_a_number" })
      .refine(Number.isFinite, { message: "not_a_number", abort: true })
      .refine((n) => n >= min && n <= max, { message: "out_of_range" }),
  );
}

export function textAnswerSchema(maxLength: number) {
  return z
    .string({ message: "not_text" })
    // A lone surrogate ("\ud800" in JSON) cannot be stored as UTF-8.
    .refine((v) => v.isWellFormed(), { message: "not_text", abort: true })
    // Nobody types a NUL, and PostgreSQL cannot store one in text.
    .refine((v) => !v.includes("\u0000"), { message: "not_text", abort: true })
    .transform((v) => v.replace(/\r\n?/g, "\n").trim())
    .refine((v) => [...v].length <= maxLength, { message: "too_long" });
}

/**
 * Building a zod schema costs far more than using one, and a published
 * version's question objects live as long as the process: one schema each.
 */
const schemas = new WeakMap<SurveyQuestion, z.ZodType<unknown>>();

function schemaFor(question: SurveyQuestion): z.ZodType<unknown> {
  let schema = schemas.get(question);
  if (!schema) {
    schema = buildSchema(question);
    schemas.set(question, schema);
  }
  return schema;
}

function buildSchema(question: SurveyQuestion): z.ZodType<unknown> {
  switch (question.type) {
    case "scale":
      return scaleAnswerSchema(question.allowNA);
    case "choice":
      return choiceAnswerSchema(question.options.map((o) => o.value));
    case "number":
      return numberAnswerSchema(question.min, question.max);
    case "text":
      return textAnswerSchema(question.maxLength);
  }
}

function toAnswer(question: SurveyQuestion, parsed: unknown): AnswerValue {
  switch (question.type) {
    case "scale":
      return parsed === NOT_APPLICABLE
        ? { type: "scale", score: null, notApplicable: true }
        : { type: "scale", score: parsed as ScaleLevel };
    case "choice":
      return { type: "choice", value: parsed as string };
    case "number":
      return { type: "number", value: parsed as number };
    case "text":
      return { type: "text", value: parsed as string };
  }
}

/**
 * Which questions must be answered. A `partial` submission (a counter kiosk,
 * where one tap on the faces is a usable answer and the rest is an optional
 * continuation) needs only the overall question — when the version has one;
 * without it, the questionnaire's own rules apply.
 */
function requiredRule(questions: readonly SurveyQuestion[], partial: boolean): (q: SurveyQuestion) => boolean {
  const hasOverall = questions.some((q) => q.type === "scale" && q.overall);
  if (partial && hasOverall) return (q) => q.type === "scale" && q.overall;
  return (q) => q.required;
}

/**
 * Validates a submission's answers against the questions of one questionnaire
 * version. Blank optional answers are left out; every problem is reported per
 * question key so the form can show it beside the field.
 */
export function parseAnswers(
  questions: readonly SurveyQuestion[],
  raw: Readonly<Record<string, unknown>>,
  { partial = false }: { partial?: boolean } = {},
): AnswersResult {
  // A Map, not an object: a key such as "__proto__" must be reported, not swallowed.
  const errors = new Map<string, AnswerErrorCode>();
  const answers = new Map<string, AnswerValue>();
  const known = new Set(questions.map((q) => q.key));
  const required = requiredRule(questions, partial);

  for (const key of Object.keys(raw)) {
    if (!known.has(key)) errors.set(key, "unknown_question");
  }
  for (const question of questions) {
    const value = Object.hasOwn(raw, question.key) ? raw[question.key] : undefined;
    if (isBlank(value)) {
      if (required(question)) errors.set(question.key, "required");
      continue;
    }
    const result = schemaFor(question).safeParse(value);
    if (!result.success) {
      errors.set(question.key, (result.error.issues[0]?.message ?? "invalid_scale") as AnswerErrorCode);
      continue;
    }
    const answer = toAnswer(question, result.data);
    if (answer.type === "text" && answer.value === "") {
      if (required(question)) errors.set(question.key, "required");
      continue;
    }
    answers.set(question.key, answer);
  }
  return errors.size > 0 ? { ok: false, errors: Object.fromEntries(errors) } : { ok: true, answers };
}

/**
 * A stable text of what was submitted, so a repeat of the same client id can be
 * told apart from a different submission reusing it.
 */
export function canonicalSubmission(input: {
  servicePoint: string;
  sector: string;
  ticket: string | null;
  answers: ReadonlyMap<string, AnswerValue>;
}): string {
  const answers = [...input.answers.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, a]) => [key, "score" in a ? (a.score ?? NOT_APPLICABLE) : a.value]);
  return JSON.stringify([input.servicePoint, input.sector, input.ticket, answers]);
}
