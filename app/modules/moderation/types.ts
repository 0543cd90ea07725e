/** What the moderation page's loader hands to its component: view types only. */
import type { MaskedKind, MaskedSegment } from "~/domain/masking";
import type { ModerationStatus } from "~/domain/moderation";

export type { CommentDecision, ModerationStatus } from "~/domain/moderation";

type Named = { code: string; vi: string; en: string };

export type QueueComment = {
  answerId: number;
  status: ModerationStatus;
  /** The text as it would be published: stored at the decision, else masked now. */
  masked: MaskedSegment[];
  /** How many of each kind were masked in it. */
  found: Record<MaskedKind, number>;
  /** What the respondent wrote (staff of the sector read comments as written on the sector page too). */
  original: string;
  decidedAt: string | null;
  decidedBy: string | null;
  answeredAt: string;
  answeredDate: string;
  overall: number | null;
  /** A flagged response's comment is never published, whatever is decided. */
  flagged: boolean;
  flagReasons: string[];
  sector: Named;
  servicePoint: Named;
};

export type ModerationQueue = {
  status: ModerationStatus;
  sector: string | null;
  counts: Record<ModerationStatus, number>;
  comments: QueueComment[];
  page: number;
  perPage: number;
};

/** One approved comment as the publication snapshot takes it: masked text only. */
export type PublishableComment = {
  answerId: number;
  text: string;
  sectorCode: string;
  agencyCode: string;
  servicePointCode: string;
  answeredDate: string;
  overallScore: number | null;
};
