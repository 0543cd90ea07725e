/**
 * A questionnaire version as the survey and the answer schemas see it,
 * independent of how it is stored.
 */
export type ChoiceOption = { value: string; text: { vi: string; en: string } };

type QuestionBase = {
  key: string;
  required: boolean;
  text: { vi: string; en: string };
  group: string | null;
};

export type ScaleQuestion = QuestionBase & { type: "scale"; allowNA: boolean; overall: boolean };
export type ChoiceQuestion = QuestionBase & { type: "choice"; options: ChoiceOption[] };
export type NumberQuestion = QuestionBase & { type: "number"; min: number; max: number };
export type TextQuestion = QuestionBase & { type: "text"; maxLength: number };

export type SurveyQuestion = ScaleQuestion | ChoiceQuestion | NumberQuestion | TextQuestion;

export const DEFAULT_TEXT_MAX_LENGTH = 2000;

export type Locale = "vi" | "en";
export function isLocale(value: unknown): value is Locale {
  return value === "vi" || value === "en";
}
