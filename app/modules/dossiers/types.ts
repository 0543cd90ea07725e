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
