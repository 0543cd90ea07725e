import type { CaseStatus, CaseFilter } from "~/domain/cases";
import type { QuestionType } from "~/domain/enums";
import type { Named } from "~/modules/organisation/types";

/** What `/tra-cuu` shows anyone who has the code: never a contact, never a note. */
export type PublicCaseView = {
  code: string;
  status: CaseStatus;
  agency: Named;
  servicePoint: Named;
  createdAt: string;
  dueAt: string;
  answeredAt: string | null;
  closedAt: string | null;
  publicAnswer: string | null;
};

/** One line of the staff list (no contact details). */
export type CaseListItem = {
  code: string;
  status: CaseStatus;
  overdue: boolean;
  dueAt: string;
  createdAt: string;
  sector: Named;
  agency: Named;
  servicePoint: Named;
};

export type CaseList = { filter: CaseFilter; items: CaseListItem[]; total: number; page: number; perPage: number };

/** One answer of the response behind a case, as the case page lists it. */
export type CaseAnswerLine = {
  key: string;
  type: QuestionType;
  question: Named;
  score: number | null;
  notApplicable: boolean;
  /** The chosen option's wording. */
  choice: Named | null;
  number: number | null;
  text: string | null;
};

export type CaseNoteView = { id: number; author: string; body: string; at: string };

/** A case as staff see it; `contact` only for those who may manage it (null: none, or cleared after retention). */
export type StaffCaseView = PublicCaseView & {
  overdue: boolean;
  sector: Named;
  reopenedCount: number;
  answers: CaseAnswerLine[];
  notes: CaseNoteView[];
  contact: { phone: string | null; email: string | null } | null;
  /** Whether this staff member may change it (a viewer may not). */
  canManage: boolean;
};
