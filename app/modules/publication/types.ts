/** What the public results' page and components are handed: view types only, so components never import server code. */
import type { PublicationKind, PublicSnapshot, RevisionChange } from "~/domain/publication";

/** One period of the trend: each indicator's published figure and status. */
export type TrendPoint = {
  period: string;
  revision: number;
  lines: Array<{ key: string; estimate: number | null; ciLow: number | null; ciHigh: number | null; n: number; status: string }>;
};

export type PublishedResults = {
  snapshot: PublicSnapshot;
  revision: number;
  publishedAt: string;
  publishedAutomatically: boolean;
  note: string | null;
  /** Whether this is the period's current revision (an earlier one can be read with `revision=`). */
  current: boolean;
  /** Every revision of the period, newest first. */
  revisions: Array<{ revision: number; publishedAt: string; automatic: boolean; note: string | null }>;
  /** What differs from the revision before this one. */
  changes: RevisionChange[];
  /** Every published period (its current revision), newest first, for the picker. */
  published: Array<{ period: string; kind: PublicationKind; revision: number; publishedAt: string }>;
  /** The same kind of period, up to twelve, oldest first, ending with this one. */
  trend: TrendPoint[];
  /** Changes whenever anything shown changes: this revision, a newer one, another period's publication. */
  etag: string;
};

