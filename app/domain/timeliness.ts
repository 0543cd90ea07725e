/**
 * Timeliness figures of dossiers (DOMAIN.md, "Timeliness and apologies"):
 * pure arithmetic on the counts the timeliness repository sums per group.
 */
import { z } from "zod";
import { INDEX_PARAMETERS, parseRangedQuery } from "./index-query";
import { succeeded, type Outcome } from "./problem";
import { wilsonInterval } from "./statistics";
import { DEFAULT_MIN_SAMPLE, judgeStatus, type TargetRule, type TargetStatus } from "./targets";

/**
 * The plan's target for dossiers: "procedure dossiers handled on time ≥ 95%"
 * (DOMAIN.md, "The targets"). No table stores it yet, so it is a constant;
 * the minimum sample is the indices' default, counted in dossiers returned.
 */
export const ON_TIME_TARGET: TargetRule = { value: 0.95, comparator: ">=", minSample: DEFAULT_MIN_SAMPLE };

export const TIMELINESS_GROUPINGS = ["sector", "agency", "servicePoint", "month"] as const;
export type TimelinessGrouping = (typeof TIMELINESS_GROUPINGS)[number];

/** What the repository counts for one group. */
export type TimelinessCounts = {
  /** received in the range */
  received: number;
  /** returned in the range, and of them the late ones */
  returned: number;
  late: number;
  /** responses made with the tickets of the dossiers returned in the range */
  responses: number;
  /** open and past due now */
  overdueOpen: number;
  /** apologies of the dossiers that became late in the range */
  apologiesRequired: number;
  apologiesSent: number;
  apologiesSentInTime: number;
};

export const emptyTimelinessCounts = (): TimelinessCounts => ({
  received: 0,
  returned: 0,
  late: 0,
  responses: 0,
  overdueOpen: 0,
  apologiesRequired: 0,
  apologiesSent: 0,
  apologiesSentInTime: 0,
});

export type TimelinessFigures = {
  received: number;
  returned: number;
  onTime: number;
  late: number;
  overdueOpen: number;
  onTimeRate: { n: number; rate: number; ciLow: number; ciHigh: number } | null;
  apologies: { required: number; sent: number; sentInTime: number };
  responseRate: { returned: number; responses: number; rate: number } | null;
  target: { value: number; comparator: TargetRule["comparator"] };
  status: TargetStatus;
};

/**
 * The citizens' own answer to "Kết quả có được trả đúng hẹn không?" over the
 * same group and period (by the date of the answer): on time ÷ (on time +
 * late), "not received yet" left out; null when nobody answered either way.
 */
export type CitizenOnTime = { n: number; rate: number; ciLow: number; ciHigh: number } | null;

/** An apology is sent in time when it was sent by its due time (`late_at` + APOLOGY_DUE_HOURS). */
export function apologySentInTime(sentAt: string | null, dueBy: string): boolean {
  return sentAt !== null && Date.parse(sentAt) <= Date.parse(dueBy);
}

/**
 * One group's figures: the on-time rate with its Wilson interval (null with
 * nothing returned), the response rate (null likewise), and the on-time
 * rate judged against the target as the indices judge theirs.
 */
export function timelinessFigures(counts: TimelinessCounts, target: TargetRule = ON_TIME_TARGET): TimelinessFigures {
  const { returned, late, responses } = counts;
  if (late > returned) throw new RangeError(`late (${late}) exceeds returned (${returned})`);
  if (responses > returned) throw new RangeError(`responses (${responses}) exceed returned (${returned})`);
  const onTime = returned - late;
  const interval = wilsonInterval(onTime, returned);
  const judged = judgeStatus(
    { estimate: interval?.rate ?? null, ciLow: interval?.low ?? null, ciHigh: interval?.high ?? null, n: returned },
    target,
  );
  return {
    received: counts.received,
    returned,
    onTime,
    late,
    overdueOpen: counts.overdueOpen,
    onTimeRate: interval ? { n: returned, rate: interval.rate, ciLow: interval.low, ciHigh: interval.high } : null,
    apologies: { required: counts.apologiesRequired, sent: counts.apologiesSent, sentInTime: counts.apologiesSentInTime },
    responseRate: returned > 0 ? { returned, responses, rate: responses / returned } : null,
    target: { value: target.value, comparator: target.comparator },
    status: judged.status,
  };
}

export type TimelinessQuery = {
  groupBy: TimelinessGrouping;
  from: string;
  to: string;
  sector: string | null;
  agency: string | null;
  servicePoint: string | null;
  locale: "vi" | "en";
};

const TimelinessQuerySchema = z.object({
  groupBy: z.enum(TIMELINESS_GROUPINGS, { message: `must be one of ${TIMELINESS_GROUPINGS.join(", ")}` }).default("sector"),
  from: INDEX_PARAMETERS.from,
  to: INDEX_PARAMETERS.to,
  sector: INDEX_PARAMETERS.sector,
  agency: INDEX_PARAMETERS.agency,
  servicePoint: INDEX_PARAMETERS.servicePoint,
  lang: INDEX_PARAMETERS.lang,
});

/** Reads the query of `GET /api/v1/timeliness` with the indices' rules (one value each, the same date range). */
export function parseTimelinessQuery(params: URLSearchParams, now: Date): Outcome<TimelinessQuery> {
  const read = parseRangedQuery(TimelinessQuerySchema, params, now);
  if (!read.ok) return read;
  const { q, range } = read.value;
  return succeeded({
    groupBy: q.groupBy,
    ...range,
    sector: q.sector ?? null,
    agency: q.agency ?? null,
    servicePoint: q.servicePoint ?? null,
    locale: q.lang ?? "vi",
  });
}
