import type { ApologyStatus } from "./dossiers";
import { vietnamDate } from "./vietnam-time";

/*
 * What one dossier adds to the timeliness roll-up (`dossier_day_summaries`,
 * docs/decisions/018-dossiers.md "At a million dossiers"). Every count the
 * timeliness figures use is dated by one of the dossier's own instants, in
 * Vietnam days: received by its receipt, returned (late, answered through its
 * ticket) by its return, its apology by the moment it became late. So a
 * dossier's share is a function of its state alone, and any change is the
 * difference of two shares: the write paths read the state before and after
 * and add that difference, whatever they changed.
 */

export const DOSSIER_SUMMARY_COUNTERS = [
  "received",
  "returned",
  "returned_late",
  "ticket_responses",
  "apologies_required",
  "apologies_sent",
  "apologies_sent_in_time",
] as const;
export type DossierSummaryCounter = (typeof DOSSIER_SUMMARY_COUNTERS)[number];

/** A dossier as the roll-up sees it. */
export type DossierFacts = {
  servicePointId: number;
  sectorId: number;
  receivedAt: string;
  returnedAt: string | null;
  lateAt: string | null;
  apology: { status: ApologyStatus; sentAt: string | null; dueBy: string } | null;
  /** Whether a survey response was made with its ticket (single use: one at most). */
  responded: boolean;
};

/** A change to one roll-up row: the Vietnam day, point and sector, and what each counter gains (or loses). */
export type DossierSummaryDelta = {
  day: string;
  servicePointId: number;
  sectorId: number;
  counts: Record<DossierSummaryCounter, number>;
};

const dayOf = (instant: string) => vietnamDate(new Date(instant));

/** Each (day, counter) one dossier counts once in. */
function shareOf(f: DossierFacts): Array<[day: string, counter: DossierSummaryCounter]> {
  const share: Array<[string, DossierSummaryCounter]> = [[dayOf(f.receivedAt), "received"]];
  if (f.returnedAt !== null) {
    const day = dayOf(f.returnedAt);
    share.push([day, "returned"]);
    if (f.lateAt !== null) share.push([day, "returned_late"]);
    if (f.responded) share.push([day, "ticket_responses"]);
  }
  // An apology exists only for a late dossier; both are dated by its lateness.
  if (f.apology !== null && f.lateAt !== null) {
    const day = dayOf(f.lateAt);
    share.push([day, "apologies_required"]);
    if (f.apology.status === "sent") {
      share.push([day, "apologies_sent"]);
      if (f.apology.sentAt !== null && f.apology.sentAt <= f.apology.dueBy) share.push([day, "apologies_sent_in_time"]);
    }
  }
  return share;
}

const zero = (): Record<DossierSummaryCounter, number> =>
  Object.fromEntries(DOSSIER_SUMMARY_COUNTERS.map((c) => [c, 0])) as Record<DossierSummaryCounter, number>;

/**
 * What the roll-up must gain for dossiers going from `before` to `after`
 * (null: not stored), one delta per row touched, rows with no net change left
 * out. Summing the changes of every write from nothing gives every share.
 */
export function dossierSummaryChange(changes: ReadonlyArray<{ before: DossierFacts | null; after: DossierFacts | null }>): DossierSummaryDelta[] {
  const rows = new Map<string, DossierSummaryDelta>();
  const add = (f: DossierFacts | null, sign: 1 | -1) => {
    if (f === null) return;
    for (const [day, counter] of shareOf(f)) {
      const key = `${day}|${f.servicePointId}|${f.sectorId}`;
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { day, servicePointId: f.servicePointId, sectorId: f.sectorId, counts: zero() }));
      row.counts[counter] += sign;
    }
  };
  for (const { before, after } of changes) {
    add(before, -1);
    add(after, 1);
  }
  return [...rows.values()].filter((r) => DOSSIER_SUMMARY_COUNTERS.some((c) => r.counts[c] !== 0));
}
