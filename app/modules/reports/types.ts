/**
 * The report's figures, one value for the printed page and the workbook
 * alike (docs/decisions/023-reports.md): view types only, so components never
 * import server code.
 */
import type { DateRange, PeriodChoice } from "~/domain/dashboard-view";
import type { ScorecardLine } from "~/domain/plan";
import type { JudgedRow, SectorCard } from "~/domain/rankings";
import type { TimelinessFigures } from "~/domain/timeliness";
import type { CitizenOnTime } from "~/domain/timeliness";

/** One sector's agencies, ranked among themselves and judged against the sector's target (as on its dashboard page). */
export type ReportSectorAgencies = { code: string; name: string; agencies: JudgedRow[] };

/** One sector's dossiers (as on /dashboard/timeliness). */
export type ReportTimelinessRow = { key: string; label: string } & TimelinessFigures & { citizenOnTime: CitizenOnTime };

export type ReportData = {
  period: PeriodChoice;
  range: DateRange;
  previous: { period: PeriodChoice; range: DateRange };
  /** An ISO instant: when these figures were read. */
  generatedAt: string;
  includeFlagged: boolean;
  /** `province`: every sector (administrators, viewers); `sectors`: a manager's own. */
  coverage: "province" | "sectors";
  /**
   * The plan's scorecard of the year the range ends in: every line for the
   * province; for a manager only the lines that pool their own sectors and
   * nothing else (never a province-wide figure); null when no line qualifies.
   */
  scorecard: { year: number; lines: ScorecardLine[]; sectorNames: Record<string, string> } | null;
  sectors: SectorCard[];
  agencies: ReportSectorAgencies[];
  timeliness: ReportTimelinessRow[];
};
