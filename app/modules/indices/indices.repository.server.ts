import { sql, type SqlBool } from "kysely";
import type { DB } from "#db/client";
import type { AnswerSums, IndexSums } from "~/domain/index-engine";
import { answerSumsFromColumns, indexSumsFromColumns } from "./summaries.repository.server";

/** Which summary rows count: a date range, optionally some sectors and points, flagged or not. */
export type SummaryScope = {
  from: string;
  to: string;
  /** null: every sector. */
  sectorIds: readonly number[] | null;
  /** null: every point. */
  servicePointIds: readonly number[] | null;
  includeFlagged: boolean;
};

export type ResponseDimension = "sector" | "agency" | "servicePoint" | "date";

const DIMENSION_COLUMNS: Record<ResponseDimension, string> = {
  sector: "s.sector_id",
  servicePoint: "s.service_point_id",
  agency: "p.agency_id",
  date: "s.answered_date",
};

/**
 * The scope as one condition on a table aliased `alias` with the grain's
 * columns (answered_date, flagged, sector_id, service_point_id): a summary
 * table, or `responses` itself for the raw export, so both count the same rows.
 *
 * `inIdOrder`: the query walks the table by id (keyset pages). Then the
 * sector and point terms are written `+column`, which keeps SQLite from
 * choosing their (column, date) indexes — with those it would collect and
 * sort every matching row again for each page, quadratic over an export,
 * where walking the primary key and filtering costs one pass in all.
 */
export function scopeCondition(scope: SummaryScope, alias: string, { inIdOrder = false } = {}) {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  const filter = (name: string) => (inIdOrder ? sql`+${column(name)}` : column(name));
  const ids = (values: readonly number[]) => sql.join(values.length > 0 ? values.map((v) => sql`${v}`) : [sql`null`]);
  const conditions = [sql`${column("answered_date")} >= ${scope.from}`, sql`${column("answered_date")} <= ${scope.to}`];
  if (!scope.includeFlagged) conditions.push(sql`${column("flagged")} = 0`);
  if (scope.sectorIds) conditions.push(sql`${filter("sector_id")} in (${ids(scope.sectorIds)})`);
  if (scope.servicePointIds) conditions.push(sql`${filter("service_point_id")} in (${ids(scope.servicePointIds)})`);
  return sql<SqlBool>`${sql.join(conditions, sql` and `)}`;
}

const inScope = (scope: SummaryScope) => scopeCondition(scope, "s");

const ANSWER_SUMS = [
  "clusters", "answers_n", "answers_satisfied", "answers_ss", "answers_sm", "answers_mm",
  "level_1", "level_2", "level_3", "level_4", "level_5", "not_applicable",
] as const;
const RESPONSE_SUMS = [
  ...ANSWER_SUMS,
  "respondents", "overall_n", "overall_satisfied", "comprehensive_n", "comprehensive_satisfied", "on_time", "late", "not_yet",
] as const;

function summed<C extends string>(columns: readonly C[]) {
  return columns.map((c) => sql<number>`sum(${sql.ref(`s.${c}`)})`.as(c));
}

/**
 * Index sums of the responses in scope by one dimension, each with the
 * sectors its responses belong to (so a caller can tell whether a row holds
 * one sector, and judge it on its target).
 *
 * By date, the sums are grouped by the date alone, which SQLite reads in the
 * primary key's order without sorting, and the sectors of each date come
 * from a second, index-only query: grouping by (date, sector) instead sorts
 * every summary row of the range and returns a row per date and sector,
 * several times slower over a year.
 */
export async function sumResponses(
  db: DB,
  scope: SummaryScope,
  dimension: ResponseDimension,
): Promise<Array<{ key: string; sectorIds: number[]; sums: IndexSums }>> {
  if (dimension === "date") {
    const rows = await db
      .selectFrom("response_summaries as s")
      .select(["s.answered_date", ...summed(RESPONSE_SUMS)])
      .where(inScope(scope))
      .groupBy("s.answered_date")
      .execute();
    const pairs = await db
      .selectFrom("response_summaries as s")
      .select(["s.answered_date", "s.sector_id"])
      .distinct()
      .where(inScope(scope))
      .execute();
    const sectorsOf = new Map<string, number[]>();
    for (const { answered_date, sector_id } of pairs) {
      const ids = sectorsOf.get(answered_date);
      if (ids) ids.push(sector_id);
      else sectorsOf.set(answered_date, [sector_id]);
    }
    return rows.map((r) => ({ key: r.answered_date, sectorIds: sectorsOf.get(r.answered_date) ?? [], sums: indexSumsFromColumns(r) }));
  }
  const dim = sql.ref(DIMENSION_COLUMNS[dimension]);
  const rows = await db
    .selectFrom("response_summaries as s")
    // Only the agency needs the point's row.
    .$if(dimension === "agency", (qb) => qb.innerJoin("service_points as p", "p.id", "s.service_point_id"))
    .select([sql<string | number>`${dim}`.as("dim"), "s.sector_id", ...summed(RESPONSE_SUMS)])
    .where(inScope(scope))
    .groupBy([dim, "s.sector_id"])
    .execute();
  return rows.map((r) => ({ key: String(r.dim), sectorIds: [r.sector_id], sums: indexSumsFromColumns(r) }));
}

/**
 * Answer sums per question — its questionnaire and stable key, so versions
 * join and two questionnaires' "signage" questions do not — and sector. One
 * row per question id and sector: the caller merges a question's versions.
 * The summary rows are summed before the question is looked up, so the
 * lookups are per question rather than per summary row.
 */
export async function sumQuestions(
  db: DB,
  scope: SummaryScope,
): Promise<Array<{ questionnaireId: number; key: string; sectorId: number; sums: AnswerSums }>> {
  const perQuestion = db
    .selectFrom("question_summaries as s")
    .select(["s.question_id", "s.sector_id", ...summed(ANSWER_SUMS)])
    .where(inScope(scope))
    .groupBy(["s.question_id", "s.sector_id"])
    .as("s");
  const rows = await db
    .selectFrom(perQuestion)
    .innerJoin("questions as q", "q.id", "s.question_id")
    .innerJoin("questionnaire_versions as v", "v.id", "q.questionnaire_version_id")
    .select(["v.questionnaire_id", "q.key", "s.sector_id", ...ANSWER_SUMS.map((c) => `s.${c}` as const)])
    .execute();
  return rows.map((r) => ({
    questionnaireId: r.questionnaire_id,
    key: r.key,
    sectorId: r.sector_id,
    sums: answerSumsFromColumns(r),
  }));
}

/** Answer sums per criterion group and sector. */
export async function sumGroups(
  db: DB,
  scope: SummaryScope,
): Promise<Array<{ key: string; sectorId: number; sums: AnswerSums }>> {
  const rows = await db
    .selectFrom("group_summaries as s")
    .innerJoin("criterion_groups as g", "g.id", "s.criterion_group_id")
    .select(["g.key", "s.sector_id", ...summed(ANSWER_SUMS)])
    .where(inScope(scope))
    .groupBy(["g.key", "s.sector_id"])
    .execute();
  return rows.map((r) => ({ key: r.key, sectorId: r.sector_id, sums: answerSumsFromColumns(r) }));
}

/** How often each option of each choice question was chosen, by questionnaire and question key. */
export async function countChoices(
  db: DB,
  scope: SummaryScope,
): Promise<Array<{ questionnaireId: number; questionKey: string; value: string; count: number }>> {
  const rows = await db
    .selectFrom("choice_summaries as s")
    .innerJoin("questions as q", "q.id", "s.question_id")
    .innerJoin("questionnaire_versions as v", "v.id", "q.questionnaire_version_id")
    .select(["v.questionnaire_id", "q.key", "s.choice_value", (eb) => eb.fn.sum<number>("s.count").as("count")])
    .where(inScope(scope))
    .groupBy(["v.questionnaire_id", "q.key", "s.choice_value"])
    .execute();
  return rows.map((r) => ({
    questionnaireId: r.questionnaire_id,
    questionKey: r.key,
    value: r.choice_value,
    count: Number(r.count),
  }));
}
