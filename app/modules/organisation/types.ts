import type { Comparator, HeadlineIndex } from "~/domain/enums";
import type { QuestionnaireChoice } from "~/modules/questionnaires/types";

export type { QuestionnaireChoice };

/** A name in both languages. */
export type Named = { vi: string; en: string };

export type TargetRow = { id: number; year: number; value: number; comparator: Comparator; headline: HeadlineIndex; minSample: number };

export type AdminSector = {
  id: number;
  code: string;
  name: Named;
  sortOrder: number;
  questionnaire: QuestionnaireChoice | null;
  active: boolean;
  /** Newest year first. */
  targets: TargetRow[];
  servicePoints: number;
};

export type AdminAgency = {
  id: number;
  code: string;
  parentId: number | null;
  parentCode: string | null;
  name: Named;
  active: boolean;
  servicePoints: number;
  activeServicePoints: number;
};

export type AdminServicePoint = {
  id: number;
  code: string;
  name: Named;
  agency: { id: number; code: string; name: Named };
  sectors: Array<{ id: number; code: string; name: Named; active: boolean }>;
  /** The point's own questionnaire; null when its sectors' default applies. */
  questionnaire: QuestionnaireChoice | null;
  active: boolean;
};

export type ServicePointChoices = {
  agencies: Array<{ id: number; code: string; name: Named; depth: number; active: boolean }>;
  sectors: Array<{ id: number; code: string; name: Named; active: boolean }>;
  questionnaires: QuestionnaireChoice[];
};

/** What the console's first page counts. */
export type AdminCounts = {
  sectors: number;
  agencies: number;
  servicePoints: number;
  inactiveServicePoints: number;
  questionnaires: number;
  drafts: number;
  users: number;
  activeTokens: number;
};
