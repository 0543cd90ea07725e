import { sql, type SqlBool } from "kysely";
import type { DB } from "#db/client";
import { overallScore } from "~/modules/dashboard/comments.repository.server";
import type { CommentDecision, ModerationStatus, PublishableComment, QueueComment } from "./types";

/*
 * The comments staff moderate: free-text answers (a question of type
 * 'text', not blank) and their decision in comment_moderations — no row
 * is "pending".
 */

type Scope = { sectorIds: number[] | null };

const inSectors = (column: string, sectorIds: number[] | null) =>
  sectorIds === null ? sql<SqlBool>`1 = 1` : sectorIds.length === 0 ? sql<SqlBool>`1 = 0` : sql<SqlBool>`${sql.ref(column)} in (${sql.join(sectorIds)})`;

function comments(db: DB) {
  return db
    .selectFrom("answers as a")
    .innerJoin("questions as q", "q.id", "a.question_id")
    .innerJoin("responses as r", "r.id", "a.response_id")
    .leftJoin("comment_moderations as m", "m.answer_id", "a.id")
    .where("q.type", "=", "text")
    .where(sql<SqlBool>`trim(coalesce(a.text_value, '')) <> ''`);
}

const statusIs = (status: ModerationStatus) => (status === "pending" ? sql<SqlBool>`m.answer_id is null` : sql<SqlBool>`m.status = ${status}`);

/** A comment of the queue as stored: what the respondent wrote and, once decided, the masked text kept with the decision. */
export type QueueRow = Omit<QueueComment, "masked" | "found" | "original"> & { responseId: number; text: string; maskedText: string | null };

/** One page of comments with the status, in scope, newest first. */
export async function listQueue(
  db: DB,
  { sectorIds, status, limit, offset }: Scope & { status: ModerationStatus; limit: number; offset: number },
): Promise<QueueRow[]> {
  const rows = await comments(db)
    .innerJoin("service_points as p", "p.id", "r.service_point_id")
    .innerJoin("sectors as s", "s.id", "r.sector_id")
    .leftJoin("users as u", "u.id", "m.decided_by_user_id")
    .where(inSectors("r.sector_id", sectorIds))
    .where(statusIs(status))
    .select([
      "a.id as answer_id",
      "r.id as response_id",
      "a.text_value",
      "m.masked_text",
      "m.status",
      "m.decided_at",
      "u.name as decided_by",
      "r.answered_at",
      "r.answered_date",
      "r.flagged",
      "r.flag_reason",
      "s.code as sector_code",
      "s.name_vi as sector_vi",
      "s.name_en as sector_en",
      "p.code as point_code",
      "p.name_vi as point_vi",
      "p.name_en as point_en",
      overallScore.as("overall"),
    ])
    .orderBy("r.answered_at", "desc")
    .orderBy("a.id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => ({
    answerId: r.answer_id,
    responseId: r.response_id,
    text: r.text_value ?? "",
    maskedText: r.masked_text,
    status: r.status ?? "pending",
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    answeredAt: r.answered_at,
    answeredDate: r.answered_date,
    overall: r.overall,
    flagged: r.flagged === 1,
    flagReasons: r.flag_reason ? r.flag_reason.split(",") : [],
    sector: { code: r.sector_code, vi: r.sector_vi, en: r.sector_en },
    servicePoint: { code: r.point_code, vi: r.point_vi, en: r.point_en },
  }));
}

/** How many comments in scope have each status. */
export async function countByStatus(db: DB, { sectorIds }: Scope): Promise<Record<ModerationStatus, number>> {
  const rows = await comments(db)
    .where(inSectors("r.sector_id", sectorIds))
    .select([sql<string>`coalesce(m.status, 'pending')`.as("status"), (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy(sql`coalesce(m.status, 'pending')`)
    .execute();
  const counts: Record<ModerationStatus, number> = { pending: 0, approved: 0, rejected: 0 };
  for (const r of rows) if (r.status in counts) counts[r.status as ModerationStatus] = Number(r.n);
  return counts;
}

export type CommentToDecide = { answerId: number; responseId: number; sectorId: number; text: string; status: ModerationStatus };

/** The comments with these answer ids (answers that are not comments are left out). */
export async function findComments(db: DB, answerIds: readonly number[]): Promise<CommentToDecide[]> {
  if (answerIds.length === 0) return [];
  const rows = await comments(db)
    .where("a.id", "in", [...answerIds])
    .select(["a.id as answer_id", "r.id as response_id", "r.sector_id", "a.text_value", "m.status"])
    .execute();
  return rows.map((r) => ({ answerId: r.answer_id, responseId: r.response_id, sectorId: r.sector_id, text: r.text_value ?? "", status: r.status ?? "pending" }));
}

/**
 * Writes a decision, replacing an earlier one: one statement, so two staff
 * deciding at once leave one row (the later write wins) on either engine.
 */
export async function upsertDecision(trx: DB, d: { answerId: number; responseId: number; decision: CommentDecision; maskedText: string; userId: number | null; at: string }) {
  const status = d.decision === "approve" ? "approved" : "rejected";
  await trx
    .insertInto("comment_moderations")
    .values({ answer_id: d.answerId, response_id: d.responseId, status, masked_text: d.maskedText, decided_by_user_id: d.userId, decided_at: d.at })
    .onConflict((oc) => oc.column("answer_id").doUpdateSet({ status, masked_text: d.maskedText, decided_by_user_id: d.userId, decided_at: d.at }))
    .execute();
}

/** Approved comments of unflagged responses answered in the period (Vietnam dates), newest first: their masked text only. */
export async function listApproved(db: DB, { from, to, sectorIds, limit }: Scope & { from: string; to: string; limit: number }): Promise<PublishableComment[]> {
  const rows = await comments(db)
    .innerJoin("service_points as p", "p.id", "r.service_point_id")
    .innerJoin("agencies as g", "g.id", "p.agency_id")
    .innerJoin("sectors as s", "s.id", "r.sector_id")
    .where("m.status", "=", "approved")
    .where("r.flagged", "=", 0)
    .where("r.answered_date", ">=", from)
    .where("r.answered_date", "<=", to)
    .where(inSectors("r.sector_id", sectorIds))
    .select(["a.id as answer_id", "m.masked_text", "s.code as sector_code", "g.code as agency_code", "p.code as point_code", "r.answered_date", overallScore.as("overall")])
    .orderBy("r.answered_at", "desc")
    .orderBy("a.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    answerId: r.answer_id,
    text: r.masked_text ?? "",
    sectorCode: r.sector_code,
    agencyCode: r.agency_code,
    servicePointCode: r.point_code,
    answeredDate: r.answered_date,
    overallScore: r.overall,
  }));
}
