import { z } from "zod";
import type { ChoiceOption } from "./questionnaire";
import type { FieldErrors } from "./form-errors";

/**
 * The questionnaire builder's rules, without I/O: what a questionnaire code
 * and a question key may look like, how option lines are read, how a question
 * moves, and what a draft needs before it can be published.
 */

export const QUESTION_TYPES = ["scale", "choice", "number", "text"] as const;
export type DraftQuestionType = (typeof QUESTION_TYPES)[number];
export function isQuestionType(value: unknown): value is DraftQuestionType {
  return typeof value === "string" && (QUESTION_TYPES as readonly string[]).includes(value);
}

/** Lowercase letters, digits and dashes, as in URLs (`tthc`, `health-outpatient`). */
export const QUESTIONNAIRE_CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Lowercase letters, digits and underscores, starting with a letter (`as_posted`). */
export const QUESTION_KEY = /^[a-z][a-z0-9_]*$/;
/** An option's stored value: short, no spaces (`on_time`, `3+`). */
export const OPTION_VALUE = /^[A-Za-z0-9_+.-]+$/;

export const LIMITS = {
  code: 40,
  name: 200,
  key: 40,
  text: 500,
  optionsText: 4000,
  options: 20,
  optionValue: 40,
  optionText: 200,
  number: 1_000_000_000,
  textMaxLength: 5000,
} as const;

export const NewQuestionnaireSchema = z.object({
  code: z.string().trim().min(1).max(LIMITS.code).regex(QUESTIONNAIRE_CODE),
  nameVi: z.string().trim().min(1).max(LIMITS.name),
  nameEn: z.string().trim().min(1).max(LIMITS.name),
});
export type NewQuestionnaireInput = z.infer<typeof NewQuestionnaireSchema>;

export type OptionLinesResult = { ok: true; options: ChoiceOption[] } | { ok: false; code: "required" | "format" | "duplicate" | "tooFew" | "tooMany" | "tooLong"; line?: number };

/**
 * Choice options typed one per line as `value | Vietnamese | English`. Blank
 * lines are ignored; every other line needs exactly three non-empty parts.
 */
export function parseOptionLines(text: string): OptionLinesResult {
  const lines = text.split(/\r\n|\r|\n/).map((l) => l.trim()).filter((l) => l !== "");
  if (lines.length === 0) return { ok: false, code: "required" };
  if (lines.length > LIMITS.options) return { ok: false, code: "tooMany" };
  const options: ChoiceOption[] = [];
  for (const [i, line] of lines.entries()) {
    const parts = line.split("|").map((p) => p.trim());
    if (parts.length !== 3 || parts.some((p) => p === "")) return { ok: false, code: "format", line: i + 1 };
    const [value, vi, en] = parts as [string, string, string];
    if (value.length > LIMITS.optionValue || !OPTION_VALUE.test(value)) return { ok: false, code: "format", line: i + 1 };
    if (vi.length > LIMITS.optionText || en.length > LIMITS.optionText) return { ok: false, code: "tooLong", line: i + 1 };
    if (options.some((o) => o.value === value)) return { ok: false, code: "duplicate", line: i + 1 };
    options.push({ value, text: { vi, en } });
  }
  if (options.length < 2) return { ok: false, code: "tooFew" };
  return { ok: true, options };
}

/** The lines a form shows for stored options: the inverse of `parseOptionLines`. */
export function optionLinesOf(options: readonly ChoiceOption[]): string {
  return options.map((o) => `${o.value} | ${o.text.vi} | ${o.text.en}`).join("\n");
}

/** A question of a draft as the builder stores it. */
export type DraftQuestionInput = {
  key: string;
  textVi: string;
  textEn: string;
  groupKey: string | null;
  required: boolean;
} & (
  | { type: "scale"; allowNA: boolean; overall: boolean }
  | { type: "choice"; options: ChoiceOption[] }
  | { type: "number"; min: number; max: number }
  | { type: "text"; maxLength: number }
);

const box = z.preprocess((v) => v === "1" || v === "on" || v === true, z.boolean());
const optionalText = z.string().max(LIMITS.optionsText).optional();

/** A number typed in a form: digits with an optional sign and decimal point, nothing else. */
function numberField(ctx: z.RefinementCtx, path: string, raw: string | undefined): number | null {
  const text = (raw ?? "").trim();
  if (text === "") {
    ctx.addIssue({ code: "custom", path: [path], message: "required" });
    return null;
  }
  const value = /^-?\d+(?:[.,]\d+)?$/.test(text) ? Number(text.replace(",", ".")) : NaN;
  if (!Number.isFinite(value)) {
    ctx.addIssue({ code: "custom", path: [path], message: "invalid" });
    return null;
  }
  if (Math.abs(value) > LIMITS.number) {
    ctx.addIssue({ code: "too_big", origin: "number", maximum: LIMITS.number, path: [path], input: value, message: "" });
    return null;
  }
  return value;
}

/**
 * One question as a form posts it (every field a string). Fields of other
 * types are ignored, so one form shape serves all four types.
 */
export const QuestionFormSchema = z
  .object({
    type: z.enum(QUESTION_TYPES),
    key: z.string().trim().min(1).max(LIMITS.key).regex(QUESTION_KEY),
    textVi: z.string().trim().min(1).max(LIMITS.text),
    textEn: z.string().trim().min(1).max(LIMITS.text),
    group: z.string().max(100).optional(),
    required: box,
    allowNA: box,
    overall: box,
    options: optionalText,
    min: z.string().max(40).optional(),
    max: z.string().max(40).optional(),
    maxLength: z.string().max(40).optional(),
  })
  .transform((f, ctx): DraftQuestionInput => {
    const base = { key: f.key, textVi: f.textVi, textEn: f.textEn, groupKey: f.group?.trim() ? f.group.trim() : null, required: f.required };
    switch (f.type) {
      case "scale":
        return { ...base, type: "scale", allowNA: f.allowNA, overall: f.overall };
      case "choice": {
        const parsed = parseOptionLines(f.options ?? "");
        if (!parsed.ok) {
          ctx.addIssue({ code: "custom", path: ["options"], message: parsed.code === "required" ? "required" : parsed.code === "duplicate" ? "duplicate" : "format" });
          return z.NEVER;
        }
        return { ...base, type: "choice", options: parsed.options };
      }
      case "number": {
        const min = numberField(ctx, "min", f.min);
        const max = numberField(ctx, "max", f.max);
        if (min === null || max === null) return z.NEVER;
        if (min >= max) {
          ctx.addIssue({ code: "custom", path: ["max"], message: "rangeOrder" });
          return z.NEVER;
        }
        return { ...base, type: "number", min, max };
      }
      case "text": {
        const raw = (f.maxLength ?? "").trim();
        const value = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
        if (raw === "") {
          ctx.addIssue({ code: "custom", path: ["maxLength"], message: "required" });
          return z.NEVER;
        }
        if (!Number.isInteger(value)) {
          ctx.addIssue({ code: "custom", path: ["maxLength"], message: "invalid" });
          return z.NEVER;
        }
        if (value < 1 || value > LIMITS.textMaxLength) {
          const tooBig = value > LIMITS.textMaxLength;
          ctx.addIssue(
            tooBig
              ? { code: "too_big", origin: "number", maximum: LIMITS.textMaxLength, path: ["maxLength"], input: value, message: "" }
              : { code: "too_small", origin: "number", minimum: 1, path: ["maxLength"], input: value, message: "" },
          );
          return z.NEVER;
        }
        return { ...base, type: "text", maxLength: value };
      }
    }
  });

/** What a draft's other questions and the earlier versions say about a key and an overall flag. */
export type KeyContext = {
  /** Keys of the draft's other questions (the one being edited left out). */
  draftKeys: readonly string[];
  /** Every key an earlier version of this questionnaire used, with its type there. */
  earlierTypes: ReadonlyMap<string, string>;
  /** Whether another question of the draft is already the overall one. */
  otherOverall: boolean;
  /** Criterion group keys that exist. */
  groupKeys: readonly string[];
};

export type FieldProblem = { field: string; code: string };

/**
 * A key must be unique in the draft; a key an earlier version used keeps its
 * type, because indices join answers across versions by key (a "courtesy"
 * scale answer of v1 and a "courtesy" text answer of v2 cannot be summed).
 */
export function questionProblems(q: DraftQuestionInput, ctx: KeyContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (ctx.draftKeys.includes(q.key)) problems.push({ field: "key", code: "duplicate" });
  else {
    const earlier = ctx.earlierTypes.get(q.key);
    if (earlier !== undefined && earlier !== q.type) problems.push({ field: "key", code: "invalid" });
  }
  if (q.type === "scale" && q.overall && ctx.otherOverall) problems.push({ field: "overall", code: "invalid" });
  if (q.groupKey !== null && !ctx.groupKeys.includes(q.groupKey)) problems.push({ field: "group", code: "notFound" });
  return problems;
}

/**
 * The order after moving `key` one place up or down; null when it cannot move
 * (not in the list, already first or last).
 */
export function moveKey(keys: readonly string[], key: string, direction: "up" | "down"): string[] | null {
  const i = keys.indexOf(key);
  if (i < 0) return null;
  const j = direction === "up" ? i - 1 : i + 1;
  if (j < 0 || j >= keys.length) return null;
  const order = [...keys];
  [order[i], order[j]] = [order[j]!, order[i]!];
  return order;
}

export type PublishQuestion = { key: string; type: string; overall: boolean; optionCount?: number };
export type PublishProblem =
  | { code: "noQuestions" }
  | { code: "overallMissing" }
  | { code: "severalOverall" }
  | { code: "keyTypeChanged"; key: string }
  | { code: "duplicateKey"; key: string }
  | { code: "tooFewOptions"; key: string };

/**
 * What stops a draft from being published. A draft needs a question; it
 * needs an overall question when the version before it had one (the
 * respondent-level headline index is taken over it, and a version without it
 * would silently drop out of the sector's headline); at most one overall; and
 * no key may change type from an earlier version (see `questionProblems`).
 * A first version may go without an overall question: some surveys (a short
 * feedback form) have none, and their indices use the answer-level rate.
 */
export function publishProblems(
  draft: readonly PublishQuestion[],
  previous: readonly PublishQuestion[] | null,
  earlierTypes: ReadonlyMap<string, string>,
): PublishProblem[] {
  const problems: PublishProblem[] = [];
  if (draft.length === 0) return [{ code: "noQuestions" }];
  const overall = draft.filter((q) => q.overall).length;
  if (overall > 1) problems.push({ code: "severalOverall" });
  if (overall === 0 && previous?.some((q) => q.overall)) problems.push({ code: "overallMissing" });
  const seen = new Set<string>();
  for (const q of draft) {
    if (seen.has(q.key)) problems.push({ code: "duplicateKey", key: q.key });
    seen.add(q.key);
    const earlier = earlierTypes.get(q.key);
    if (earlier !== undefined && earlier !== q.type) problems.push({ code: "keyTypeChanged", key: q.key });
    if (q.type === "choice" && (q.optionCount ?? 0) < 2) problems.push({ code: "tooFewOptions", key: q.key });
  }
  return problems;
}

/** One published wording of a question key. */
export type VersionWording = { version: number; text: { vi: string; en: string } };

/**
 * The wordings a key had before its latest one, newest first, each with the
 * versions that used it: what the dashboard shows under the current label so
 * that a figure mixing versions says what citizens actually read.
 */
export function earlierWordings(wordings: readonly VersionWording[], locale: "vi" | "en"): Array<{ versions: number[]; text: string }> {
  const sorted = [...wordings].sort((a, b) => b.version - a.version);
  const current = sorted[0];
  if (!current) return [];
  const out: Array<{ versions: number[]; text: string }> = [];
  for (const w of sorted.slice(1)) {
    const text = w.text[locale];
    if (text === current.text[locale]) continue;
    const same = out.find((o) => o.text === text);
    if (same) same.versions.unshift(w.version);
    else out.push({ versions: [w.version], text });
  }
  return out;
}

/*
 * A builder refusal travels as a Problem whose `fieldErrors` hold the
 * fields' errors, a sentence about the whole form under `_form`, and each
 * reason a draft cannot be published under `publish.N`. These two functions
 * write and read that shape.
 */

const PUBLISH_PREFIX = "publish.";

/** Publish problems as form errors (`publish.0`, `publish.1`, …). */
export function publishProblemErrors(problems: readonly PublishProblem[]): FieldErrors {
  return Object.fromEntries(problems.map((p, i) => [`${PUBLISH_PREFIX}${i}`, "key" in p ? { code: p.code, values: { key: p.key } } : { code: p.code }]));
}

/** A refused builder form's errors split into the fields' errors, the form's notice and the publish problems. */
export function builderRefusalOf(errors: FieldErrors): { errors: FieldErrors; notice?: string; publishProblems?: PublishProblem[] } {
  const fields: FieldErrors = {};
  const publish: PublishProblem[] = [];
  let notice: string | undefined;
  for (const [name, error] of Object.entries(errors)) {
    if (name === "_form") notice = error.code;
    else if (name.startsWith(PUBLISH_PREFIX)) publish.push((error.values?.key !== undefined ? { code: error.code, key: String(error.values.key) } : { code: error.code }) as PublishProblem);
    else fields[name] = error;
  }
  return { errors: fields, ...(notice ? { notice } : {}), ...(publish.length > 0 ? { publishProblems: publish } : {}) };
}
