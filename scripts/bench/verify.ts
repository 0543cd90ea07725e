import type { StoredResponses } from "./database";
import { CONNECTIONS, type LoadFigures, type LoadRun, type SubmissionLedger } from "./load";

/** More refusals than this and the throughput figure means nothing. */
export const MAX_NOT_303_SHARE = 0.01;

export type Verification = {
  /** Requests answered with something else than 303, or not answered at all (errors). */
  not303: number;
  not303Share: number;
  acknowledged: number;
  stored: number;
  /**
   * Stored, but autocannon stopped the clock before reading the 303: requests
   * in flight when a run ended. At most one per connection per run.
   */
  storedUnanswered: number;
  problems: string[];
};

function countNot303(figures: LoadFigures): number {
  return figures.responses - (figures.statuses["303"] ?? 0) + figures.errors;
}

/**
 * Checks a server did what it answered: at most 1% of requests not 303, every
 * 303 stored, and nothing stored that was refused or never sent.
 */
export function verifySubmissions(name: string, run: LoadRun, ledger: SubmissionLedger, stored: StoredResponses): Verification {
  const problems: string[] = [];
  const phases = [run.warmup, run.measured];
  const attempts = phases.reduce((n, f) => n + f.responses + f.errors, 0);
  const not303 = phases.reduce((n, f) => n + countNot303(f), 0);
  const not303Share = attempts === 0 ? 1 : not303 / attempts;
  if (not303Share > MAX_NOT_303_SHARE) {
    const statuses = JSON.stringify(run.measured.statuses);
    problems.push(`${name}: ${not303} of ${attempts} requests were not answered 303 (statuses ${statuses}, errors ${run.measured.errors})`);
  }

  const missing = [...ledger.acknowledged].filter((id) => !stored.clientIds.has(id)).length;
  if (missing > 0) problems.push(`${name}: ${missing} responses answered 303 are not in the database`);

  let storedUnanswered = 0;
  let storedWrongly = 0;
  for (const id of stored.clientIds) {
    if (ledger.acknowledged.has(id)) continue;
    if (ledger.sent.has(id) && !ledger.answered.has(id)) storedUnanswered += 1;
    else storedWrongly += 1;
  }
  if (storedWrongly > 0) problems.push(`${name}: ${storedWrongly} stored responses were refused or never sent`);
  // Each run ends with up to one request in flight per connection; an errored one may have been stored too.
  const maxInFlight = phases.length * CONNECTIONS + phases.reduce((n, f) => n + f.errors, 0);
  if (storedUnanswered > maxInFlight) {
    problems.push(`${name}: ${storedUnanswered} stored responses never got an answer (more than were in flight)`);
  }

  return {
    not303,
    not303Share,
    acknowledged: ledger.acknowledged.size,
    stored: stored.clientIds.size,
    storedUnanswered,
    problems,
  };
}
