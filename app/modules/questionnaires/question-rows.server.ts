import type { Question } from "#db/schema";
import { DEFAULT_TEXT_MAX_LENGTH, type ChoiceOption } from "~/domain/questionnaire";
import type { BuilderQuestion, StoredQuestion } from "./types";

/** A `questions` row joined with its criterion group's key. */
export type QuestionRow = Question & { group_key: string | null };

/** The one mapping from a stored question row to the app's question (the survey and the builder both read it). */
export function questionRowToQuestion(row: QuestionRow): StoredQuestion {
  const base = {
    id: row.id,
    position: row.position,
    key: row.key,
    required: row.required === 1,
    text: { vi: row.text_vi, en: row.text_en },
    group: row.group_key,
    groupId: row.criterion_group_id,
  };
  switch (row.type) {
    case "scale":
      return { ...base, type: "scale", allowNA: row.allow_na === 1, overall: row.is_overall === 1 };
    case "choice":
      return { ...base, type: "choice", options: JSON.parse(row.options_json ?? "[]") as ChoiceOption[] };
    case "number":
      return { ...base, type: "number", min: row.min_value ?? 0, max: row.max_value ?? 100 };
    case "text":
      return { ...base, type: "text", maxLength: row.max_length ?? DEFAULT_TEXT_MAX_LENGTH };
  }
}

/** The builder's view of a stored question: its texts and group as the form's fields. */
export function builderQuestionOf(q: StoredQuestion): BuilderQuestion {
  const base = { id: q.id, position: q.position, key: q.key, textVi: q.text.vi, textEn: q.text.en, groupKey: q.group, required: q.required };
  switch (q.type) {
    case "scale":
      return { ...base, type: "scale", allowNA: q.allowNA, overall: q.overall };
    case "choice":
      return { ...base, type: "choice", options: q.options };
    case "number":
      return { ...base, type: "number", min: q.min, max: q.max };
    case "text":
      return { ...base, type: "text", maxLength: q.maxLength };
  }
}
