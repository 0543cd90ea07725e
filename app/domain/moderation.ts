/**
 * The rules of the moderation page that are not SQL: its statuses, the
 * decision form and the address's query (docs/decisions/021-comment-moderation.md).
 */
import { z } from "zod";

export const MODERATION_STATUSES = ["pending", "approved", "rejected"] as const;
export type ModerationStatus = (typeof MODERATION_STATUSES)[number];

export const COMMENT_DECISIONS = ["approve", "reject"] as const;
export type CommentDecision = (typeof COMMENT_DECISIONS)[number];

/** Comments on one page of the queue, and so the most one bulk decision takes. */
export const COMMENTS_PER_MODERATION_PAGE = 20;

const answerId = z.string().regex(/^[1-9]\d{0,9}$/).transform(Number).pipe(z.number().int().max(2_147_483_647));

/** One comment's buttons or a page's selection: the answer ids (one or more) and the decision. */
export const CommentDecisionForm = z.object({
  answerId: z.array(answerId).min(1).max(COMMENTS_PER_MODERATION_PAGE),
  decision: z.enum(COMMENT_DECISIONS),
});
export type CommentDecisionInput = z.output<typeof CommentDecisionForm>;

export type QueueQuery = { status: ModerationStatus; sector: string | null; page: number };

/**
 * `?status=pending|approved|rejected&sector=land&page=2` (status defaults to
 * pending, page to 1); null and the parameter at fault when one is malformed.
 */
export function queueQueryOf(search: URLSearchParams): { ok: true; query: QueueQuery } | { ok: false; parameter: "status" | "sector" | "page" } {
  const status = search.get("status") || "pending";
  if (!(MODERATION_STATUSES as readonly string[]).includes(status)) return { ok: false, parameter: "status" };
  const sector = search.get("sector") || null;
  if (sector !== null && !/^[A-Za-z0-9_-]{1,64}$/.test(sector)) return { ok: false, parameter: "sector" };
  const page = search.get("page") || "1";
  if (!/^[1-9]\d{0,5}$/.test(page)) return { ok: false, parameter: "page" };
  return { ok: true, query: { status: status as ModerationStatus, sector, page: Number(page) } };
}
