import { sql, type SqlBool } from "kysely";
import type { DB } from "#db/client";
import type { CommentRating } from "~/domain/dashboard-view";
import type { SummaryScope } from "~/modules/indices/indices.repository.server";
import type { CommentPage } from "./types";

export type CommentFilter = {
  /** Dates, sectors, points and flagged as for the indices (answered date in Vietnam time). */
  scope: SummaryScope;
  rating: CommentRating | null;
  limit: number;
  offset: number;
};

/**
 * Which comments to show by the respondent's answer to the overall question:
 * a band (satisfied 4–5, neutral 3, dissatisfied 1–2) or one level.
 */
const RATING_LEVELS: Record<CommentRating, readonly number[]> = {
  satisfied: [4, 5],
  neutral: [3],
  dissatisfied: [1, 2],
  "5": [5],
  "4": [4],
  "3": [3],
  "2": [2],
  "1": [1],
};

const ids = (values: readonly number[]) => sql.join(values.length > 0 ? values.map((v) => sql`${v}`) : [sql`null`]);

/** The respondent's score on the overall question of their questionnaire version (the response is `r`). */
export const overallScore = sql<number | null>`(
  select oa.score from answers oa
  join questions oq on oq.id = oa.question_id
  where oa.response_id = r.id and oq.is_overall = 1
  limit 1
)`;

function conditions(filter: Omit<CommentFilter, "limit" | "offset">) {
  const { scope, rating } = filter;
  const where = [
    sql`q.type = 'text'`,
    sql`trim(coalesce(a.text_value, '')) <> ''`,
    sql`r.answered_date >= ${scope.from}`,
    sql`r.answered_date <= ${scope.to}`,
  ];
  if (!scope.includeFlagged) where.push(sql`r.flagged = 0`);
  if (scope.sectorIds) where.push(sql`r.sector_id in (${ids(scope.sectorIds)})`);
  if (scope.servicePointIds) where.push(sql`r.service_point_id in (${ids(scope.servicePointIds)})`);
  if (rating) where.push(sql`${overallScore} in (${ids(RATING_LEVELS[rating])})`);
  return sql<SqlBool>`${sql.join(where, sql` and `)}`;
}

/**
 * Free-text answers in scope, newest first, each with the respondent's overall
 * score, point and sector; flagged responses only when the scope includes them.
 */
export async function listComments(db: DB, filter: CommentFilter): Promise<CommentPage> {
  const base = db
    .selectFrom("answers as a")
    .innerJoin("questions as q", "q.id", "a.question_id")
    .innerJoin("responses as r", "r.id", "a.response_id")
    .where(conditions(filter));

  const [counted, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    base
      .innerJoin("service_points as p", "p.id", "r.service_point_id")
      .innerJoin("sectors as s", "s.id", "r.sector_id")
      .select([
        "r.id as response_id",
        "a.text_value",
        "r.answered_at",
        "r.flagged",
        "r.flag_reason",
        "p.code as point_code",
        "p.name_vi as point_vi",
        "p.name_en as point_en",
        "s.code as sector_code",
        "s.name_vi as sector_vi",
        "s.name_en as sector_en",
        overallScore.as("overall"),
      ])
      .orderBy("r.answered_at", "desc")
      .orderBy("r.id", "desc")
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
  ]);

  return {
    total: Number(counted.n),
    comments: rows.map((r) => ({
      responseId: r.response_id,
      text: r.text_value ?? "",
      answeredAt: r.answered_at,
      overall: r.overall,
      servicePoint: { code: r.point_code, name: { vi: r.point_vi, en: r.point_en } },
      sector: { code: r.sector_code, name: { vi: r.sector_vi, en: r.sector_en } },
      flagged: r.flagged === 1,
      flagReasons: r.flag_reason ? r.flag_reason.split(",") : [],
    })),
  };
}
