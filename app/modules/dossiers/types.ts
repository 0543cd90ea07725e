import type { ApologyStatus } from "~/domain/dossiers";

/** A dossier as `POST` and `GET /api/v1/dossiers…` answer it (CONTRACTS.md). */
export type DossierAnswer = {
  code: string;
  status: "in_progress" | "returned";
  onTime: boolean | null;
  late: boolean;
  apology: { id: number; status: ApologyStatus; dueBy: string } | null;
  ticket: { ticket: string; url: string; svg: string } | null;
};

/** What a post did: stored a new dossier (201) or brought a known one up to date (200). */
export type DossierRecorded = { created: boolean; dossier: DossierAnswer };

/** An apology as its list and its page show it: names in the reader's language, its standing at the time of reading. */
export type ApologyView = {
  id: number;
  status: ApologyStatus;
  dueBy: string;
  sentAt: string | null;
  reason: string | null;
  newDueAt: string | null;
  /** By which channel sending tells the citizen (null: no consented contact, the Phiếu is handed over). */
  notify: "email" | "sms" | null;
  overdue: boolean;
  sentInTime: boolean | null;
  dossier: { code: string; procedure: string | null; receivedAt: string; dueAt: string; returnedAt: string | null; lateAt: string | null };
  point: { code: string; name: string };
  agency: string;
  sector: string;
};

export type ApologyCounts = { required: number; overdue: number; sent: number };

/** What sending told: by which channel the citizen hears of it (null: no consented contact, the Phiếu is printed). */
export type ApologySent = { id: number; channel: "email" | "sms" | null };
