import type { SurveyQuestion } from "~/domain/questionnaire";
import type { DraftQuestionInput, PublishProblem } from "~/domain/questionnaire-draft";
import type { FieldErrors } from "~/domain/form-errors";

type Named = { vi: string; en: string };

/** A stored question: what the survey serves, with its row's id, place and group id. */
export type StoredQuestion = SurveyQuestion & { id: number; position: number; groupId: number | null };

/** A stored question as the builder shows and edits it. */
export type BuilderQuestion = DraftQuestionInput & { id: number; position: number };

export type QuestionnaireRecord = { id: number; code: string; name: Named };

/** A questionnaire a sector or point may be given: one with a published version. */
export type QuestionnaireChoice = QuestionnaireRecord;

export type QuestionnaireSummary = {
  id: number;
  code: string;
  name: Named;
  latest: { version: number; publishedAt: string | null } | null;
  draft: { version: number } | null;
  sectors: Array<{ code: string; name: Named }>;
  points: Array<{ code: string; name: Named }>;
};

export type VersionStatus = "draft" | "published";

/** One version of a questionnaire, without its questions. */
export type VersionHeader = { id: number; version: number; status: VersionStatus; publishedAt: string | null; createdAt: string };

export type VersionRecord = VersionHeader & { questionCount: number };

export type KeyWordings = { questionnaireId: number; questionnaireCode: string; key: string; wordings: Array<{ version: number; text: Named }> };

/** A sentence about the whole builder form (rather than one field). */
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
