import type { DB } from "#db/client";
import { maskedSegments, maskPersonalData, type MaskedKind, type MaskedSegment } from "~/domain/masking";
import { COMMENTS_PER_MODERATION_PAGE } from "~/domain/moderation";
import { problem, refused, succeeded, type Outcome } from "~/domain/problem";
import { recordAudit } from "~/modules/audit/audit.repository.server";
import type { Actor } from "~/modules/audit/types";
import { findSectorId } from "~/modules/organisation/sectors.repository.server";
import { inTransaction } from "~/modules/shared/transaction.server";
import { countByStatus, findComments, listApproved, listQueue, upsertDecision, type QueueRow } from "./moderation.repository.server";
import type { CommentDecision, ModerationQueue, ModerationStatus, PublishableComment, QueueComment } from "./types";

/*
 * Comment moderation (docs/decisions/021-comment-moderation.md): staff of a
 * sector approve or reject its comments; the text that may be published is
 * masked when the decision is taken and stored with it, so what the public
 * sees is exactly what the moderator saw.
 */

/** Who is moderating: their sectors (null: all), whether they may decide, and whom the audit log names. */
export type Moderator = { actor: Actor; sectorIds: number[] | null; mayDecide: boolean };

const inScope = (sectorIds: number[] | null, sectorId: number) => sectorIds === null || sectorIds.includes(sectorId);

function countsOf(segments: MaskedSegment[]): Record<MaskedKind, number> {
  const found: Record<MaskedKind, number> = { phone: 0, email: 0, idNumber: 0 };
  for (const s of segments) if (s.masked) found[s.masked] += 1;
  return found;
}

function queueCommentOf(row: QueueRow): QueueComment {
  // A decided comment shows the text stored with its decision; a pending one, the text as it would be stored now.
  const masked = maskedSegments(row.maskedText ?? maskPersonalData(row.text).text);
  return {
    answerId: row.answerId,
    status: row.status,
    masked,
    found: countsOf(masked),
    original: row.text,
    decidedAt: row.decidedAt,
    decidedBy: row.decidedBy,
    answeredAt: row.answeredAt,
    answeredDate: row.answeredDate,
    overall: row.overall,
    flagged: row.flagged,
    flagReasons: row.flagReasons,
    sector: row.sector,
    servicePoint: row.servicePoint,
  };
}

/**
 * One page of the queue: comments with the status in the caller's sectors
 * (or the one sector asked for, which must be theirs: else 404), newest
 * first, with the count of each status.
 */
export async function listModerationQueue(
  db: DB,
  scope: { sectorIds: number[] | null },
  query: { status: ModerationStatus; sector?: string | null; page: number },
): Promise<Outcome<ModerationQueue>> {
  let sectorIds = scope.sectorIds;
  if (query.sector) {
    const id = await findSectorId(db, query.sector);
    if (id === null || !inScope(scope.sectorIds, id)) return refused(problem("notFound", "no sector has that code in your scope", { parameter: "sector" }));
    sectorIds = [id];
  }
  const perPage = COMMENTS_PER_MODERATION_PAGE;
  const [counts, rows] = await Promise.all([
    countByStatus(db, { sectorIds }),
    listQueue(db, { sectorIds, status: query.status, limit: perPage, offset: (query.page - 1) * perPage }),
  ]);
  return succeeded({ status: query.status, sector: query.sector ?? null, counts, comments: rows.map(queueCommentOf), page: query.page, perPage });
}

const notFound = () => problem("notFound", "no comment has that id in your sectors");

/**
 * Approves or rejects comments (one, or a page's selection) in one
 * transaction: each gets its masked text computed now, its decision (a
 * later decision replaces an earlier one) and an audit entry. Viewers may
 * not (403); a comment of another sector, or no comment at all, is 404 and
 * nothing is decided.
 */
export async function decideComments(
  db: DB,
  moderator: Moderator,
  input: { answerIds: readonly number[]; decision: CommentDecision },
  now = new Date(),
): Promise<Outcome<{ decided: number }>> {
  if (!moderator.mayDecide) return refused(problem("forbidden", "this account may not moderate comments"));
  // In one order, so that two bulk decisions at once on PostgreSQL lock their rows alike and never deadlock.
  const answerIds = [...new Set(input.answerIds)].sort((a, b) => a - b);
  const at = now.toISOString();
  return inTransaction(db, async (trx) => {
    const found = await findComments(trx, answerIds);
    if (found.length !== answerIds.length || found.some((c) => !inScope(moderator.sectorIds, c.sectorId))) return refused(notFound());
    for (const c of found.sort((a, b) => a.answerId - b.answerId)) {
      const masked = maskPersonalData(c.text);
      await upsertDecision(trx, { answerId: c.answerId, responseId: c.responseId, decision: input.decision, maskedText: masked.text, userId: moderator.actor.userId, at });
      await recordAudit(
        trx,
        moderator.actor,
        {
          action: input.decision,
          entityType: "comment",
          entityId: c.answerId,
          label: `#${c.answerId}`,
          // The log keeps the decision and what was masked, never the citizen's words.
          before: { status: c.status },
          after: { status: input.decision === "approve" ? "approved" : "rejected", masked: masked.found },
        },
        now,
      );
    }
    return succeeded({ decided: found.length });
  });
}


/**
 * What a publication may show of the comments of a period (answered dates
 * `from`…`to`, Vietnam time): approved ones of unflagged responses, newest
 * first, their masked text only.
 */
export function listPublishableComments(
  db: DB,
  query: { from: string; to: string; sectorIds: number[] | null; limit: number },
): Promise<PublishableComment[]> {
  return listApproved(db, query);
}
