/**
 * What the dashboard's loaders hand to its components: view types only, so
 * components never import server code.
 */
import type { OnTimeFigure } from "~/domain/index-engine";
import type { ScorecardLine } from "~/domain/plan";
import type { Locale } from "~/domain/questionnaire";
import type { AnswerRow, ChoiceCounts, Figure, JudgedRow, SectorCard } from "~/domain/rankings";
import type { DateRange } from "~/domain/dashboard-view";
import type { EstimateSide, Headline, TargetStatus } from "~/domain/targets";

export type { AnswerRow, ChoiceCounts, Figure, JudgedRow, SectorCard } from "~/domain/rankings";

type Named = Record<Locale, string>;

export type FlaggedSummary = {
  /** Flagged responses in scope (a response with two reasons counts once). */
  total: number;
  /** How many of them carry each reason, most frequent first. */
  byReason: Array<{ reason: string; count: number }>;
};

export type Comment = {
  responseId: number;
  text: string;
  answeredAt: string;
  /** The respondent's overall level 1–5; null when they chose "no opinion" or skipped it. */
  overall: number | null;
  servicePoint: { code: string; name: Named };
  sector: { code: string; name: Named };
  flagged: boolean;
  flagReasons: string[];
};

export type CommentPage = { total: number; comments: Comment[] };

export type OverviewData = {
  range: DateRange;
  cards: SectorCard[];
  flags: FlaggedSummary;
  /** The plan's scorecard for the year the range ends in; null for staff who do not see every sector. */
  scorecard: { year: number; lines: ScorecardLine[]; sectorNames: Record<string, string> } | null;
};

/** One choice question's answers, each with the headline figure of the respondents who gave it. */
export type ChoiceSatisfaction = { key: string; question: string; rows: JudgedRow[] };

export type TrendMonth = { key: string; figure: Figure; status: TargetStatus | null; side: EstimateSide | null };

export type SectorData = {
  range: DateRange;
  sector: { code: string; name: string };
  card: SectorCard;
  unitFilter: { agency: { code: string; name: string } | null; servicePoint: { code: string; name: string } | null };
  trend: { range: DateRange; target: SectorCard["target"]; headline: Headline; months: TrendMonth[] };
  agencies: JudgedRow[];
  points: JudgedRow[];
  groups: AnswerRow[];
  questions: AnswerRow[];
  onTime: OnTimeFigure | null;
  visits: ChoiceCounts | null;
  /** The sector's headline figure among the respondents of each answer of `submission_channel` and `visits` (those asked in scope). */
  byChoice: ChoiceSatisfaction[];
  comments: CommentPage & { page: number; perPage: number };
  commentUnits: Array<{ code: string; name: string }>;
  flags: FlaggedSummary;
};
