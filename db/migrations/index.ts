import type { Migration, MigrationProvider } from "kysely";
import * as initial from "./2026-11-26T0000-initial";
import * as summaries from "./2026-11-26T0100-summaries";
import * as sessionsAndTokens from "./2026-11-26T0200-sessions-and-tokens";
import * as administration from "./2026-11-26T0300-administration";
import * as rateLimits from "./2026-12-01T0000-rate-limits";
import * as retentionIndex from "./2026-12-02T0000-retention-index";
import * as monthlySummaries from "./2026-12-02T0100-monthly-summaries";
import * as dossiers from "./2026-12-03T0000-dossiers";
import * as sectorDaySummaries from "./2026-12-03T0100-sector-day-summaries";
import * as outbox from "./2026-12-04T0000-outbox";
import * as cases from "./2026-12-04T0100-cases";
import * as dossierSummaries from "./2026-12-04T0200-dossier-summaries";
import * as plan from "./2026-12-05T0100-plan";
import * as commentModeration from "./2026-12-05T0200-comment-moderation";
import * as publications from "./2026-12-05T0300-publications";
import * as choiceSums from "./2026-12-05T0400-choice-sums";
import * as kiosks from "./2026-12-06T0000-kiosks";

/**
 * Migrations listed in code rather than read from the folder, so they run the
 * same from a script, a test and a bundled server. Names sort by date.
 */
const migrations: Record<string, Migration> = {
  "2026-11-26T0000-initial": initial,
  "2026-11-26T0100-summaries": summaries,
  "2026-11-26T0200-sessions-and-tokens": sessionsAndTokens,
  "2026-11-26T0300-administration": administration,
  "2026-12-01T0000-rate-limits": rateLimits,
  "2026-12-02T0000-retention-index": retentionIndex,
  "2026-12-02T0100-monthly-summaries": monthlySummaries,
  "2026-12-03T0000-dossiers": dossiers,
  "2026-12-03T0100-sector-day-summaries": sectorDaySummaries,
  "2026-12-04T0000-outbox": outbox,
  "2026-12-04T0100-cases": cases,
  "2026-12-04T0200-dossier-summaries": dossierSummaries,
  "2026-12-05T0100-plan": plan,
  "2026-12-05T0200-comment-moderation": commentModeration,
  "2026-12-05T0300-publications": publications,
  "2026-12-05T0400-choice-sums": choiceSums,
  "2026-12-06T0000-kiosks": kiosks,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
