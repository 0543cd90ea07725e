import { sql, type RawBuilder, type SqlBool } from "kysely";
import type { DB } from "#db/client";
import type { AnswerSums, IndexSums } from "~/domain/index-engine";
import { monthlyCover, type DateRange } from "~/domain/periods";
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

/** `date` sums each day; `month` each Vietnam month 'YYYY-MM' (what months, quarters and years add up). */
export type ResponseDimension = "sector" | "agency" | "servicePoint" | "month" | "date";


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
  const conditions = [sql`${column("answered_date")} >= ${scope.from}`, sql`${column("answered_date")} <= ${scope.to}`];
  return sql<SqlBool>`${sql.join([...conditions, ...filterTerms(scope, alias, filter)], sql` and `)}`;
}

/** The scope's terms other than the dates: the flag, the sectors, the points. */
function filterTerms(scope: SummaryScope, alias: string, filter = (name: string) => sql.ref(`${alias}.${name}`)) {
  const ids = (values: readonly number[]) => sql.join(values.length > 0 ? values.map((v) => sql`${v}`) : [sql`null`]);
  const terms = [];
  if (!scope.includeFlagged) terms.push(sql`${sql.ref(`${alias}.flagged`)} = 0`);
  if (scope.sectorIds) terms.push(sql`${filter("sector_id")} in (${ids(scope.sectorIds)})`);
  if (scope.servicePointIds) terms.push(sql`${filter("service_point_id")} in (${ids(scope.servicePointIds)})`);
  return terms;
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

const rawSummed = (columns: readonly string[]) => sql.join(columns.map((c) => sql`sum(${sql.ref(`s.${c}`)}) as ${sql.ref(c)}`));

type SummaryKind = "response" | "question" | "group" | "choice";

/**
 * Every real summary row has one of these non-zero (a response counts as a
 * respondent, a scale answer is rated or N/A, a choice counts once); a month
 * minus its days can sum to zero, which is no row.
 */
const PRESENT: Record<SummaryKind, RawBuilder<unknown>> = {
  response: sql`sum(t.respondents) <> 0`,
  question: sql`(sum(t.answers_n) <> 0 or sum(t.not_applicable) <> 0)`,
  group: sql`(sum(t.answers_n) <> 0 or sum(t.not_applicable) <> 0)`,
  choice: sql`sum(${sql.ref("t.count")}) <> 0`,
};

const TABLES: Record<SummaryKind, { daily: string; monthly: string }> = {
  response: { daily: "response_summaries", monthly: "response_month_summaries" },
  question: { daily: "question_summaries", monthly: "question_month_summaries" },
  group: { daily: "group_summaries", monthly: "group_month_summaries" },
  choice: { daily: "choice_summaries", monthly: "choice_month_summaries" },
};

/** A grouping key of the summed rows: its name, and its expression given the row's month ('YYYY-MM'). */
type GroupKey = { as: string; expr: (month: RawBuilder<unknown>) => RawBuilder<unknown> };
const column = (name: string): GroupKey => ({ as: name, expr: () => sql.ref(`s.${name}`) });

/**
 * The sums of the scope's summary rows by `keys`: the monthly rows of the
 * months the range covers whole, plus or minus the daily rows of its edge days
 * (monthlyCover in app/domain/periods.ts), so a year reads about twelve rows
 * per unit instead of 365. Each part is summed by the keys on its own — an
 * index in the keys' order then sums without sorting (the question
 * roll-up's) — and the few sums are added up; a key whose sums cancel out
 * (a month minus its only days) is no row. Null when the range has no day.
 */
function summedInScope(
  kind: SummaryKind,
  scope: SummaryScope,
  {
    keys,
    sums,
    join = sql``,
    where: extra = [],
    today,
  }: { keys: readonly GroupKey[]; sums: readonly string[]; join?: RawBuilder<unknown>; where?: readonly RawBuilder<unknown>[]; today: string | undefined },
) {
  const cover = monthlyCover(scope.from, scope.to, { today });
  const { daily, monthly } = TABLES[kind];
  const filters = [...filterTerms(scope, "s"), ...extra];
  const where = (dates: RawBuilder<unknown>) => sql.join([dates, ...filters], sql` and `);
  const days = (ranges: readonly DateRange[]) =>
    sql`(${sql.join(ranges.map((r) => sql`s.answered_date between ${r.from} and ${r.to}`), sql` or `)})`;
  const part = (table: string, month: RawBuilder<unknown>, dates: RawBuilder<unknown>, sign: RawBuilder<unknown>) => {
    const keyed = keys.map((k) => k.expr(month));
    return sql`select ${sql.join(keyed.map((e, i) => sql`${e} as ${sql.ref(keys[i]!.as)}`))},
      ${sql.join(sums.map((c) => sql`${sign}sum(${sql.ref(`s.${c}`)}) as ${sql.ref(c)}`))}
      from ${sql.table(table)} s ${join} where ${where(dates)} group by ${sql.join(keyed)}`;
  };
  // substr on 'YYYY-MM-DD' text reads the same on both engines.
  const dayMonth = sql`substr(s.answered_date, 1, 7)`;
  const parts: RawBuilder<unknown>[] = [];
  if (cover.months) {
    parts.push(part(monthly, sql`s.answered_month`, sql`s.answered_month between ${cover.months.from} and ${cover.months.to}`, sql``));
  }
  if (cover.addDays.length > 0) parts.push(part(daily, dayMonth, days(cover.addDays), sql``));
  if (cover.subtractDays.length > 0) parts.push(part(daily, dayMonth, days(cover.subtractDays), sql`-`));
  if (parts.length === 0) return null;
  const names = sql.join(keys.map((k) => sql.ref(`t.${k.as}`)));
  return sql`select ${names}, ${sql.join(sums.map((c) => sql`sum(${sql.ref(`t.${c}`)}) as ${sql.ref(c)}`))}
    from (${sql.join(parts, sql` union all `)}) t
    group by ${names}
    having ${PRESENT[kind]}`;
}

type Summed<C extends string> = { [K in C]: number | string | null };

/**
 * Index sums of the responses in scope by one dimension, each with the
 * sectors its responses belong to (so a caller can tell whether a row holds
 * one sector, and judge it on its target). `today` (Vietnam date) only helps
 * choose between reading a partial month's days and subtracting the others.
 *
 * By date, the sums are grouped by the date alone (from the sector-day
 * roll-up unless the scope names points), which SQLite reads in the
 * primary key's order without sorting, and the sectors of each date come
 * from a second, index-only query: grouping by (date, sector) instead sorts
 * every summary row of the range and returns a row per date and sector,
 * several times slower over a year. Dates need the daily rows; the sector
 * and the month over every point read the sector-day roll-up; the agency,
 * the point and the month of named points read the monthly rows and the
 * edge days.
 */
export async function sumResponses(
  db: DB,
  scope: SummaryScope,
  dimension: ResponseDimension,
  today?: string,
): Promise<Array<{ key: string; sectorIds: number[]; sums: IndexSums }>> {
  if (dimension === "date") {
    // Over every point, the sector-day roll-up holds a few rows a day; a
    // scope naming points needs the rows of each point.
    // Typed as the daily table: the roll-up has every column read here (all but the point).
    const table = (scope.servicePointIds === null ? "response_sector_day_summaries" : "response_summaries") as "response_summaries";
    const rows = await db
      .selectFrom(`${table} as s`)
      .select(["s.answered_date", ...summed(RESPONSE_SUMS)])
      .where(inScope(scope))
      .groupBy("s.answered_date")
      .execute();
    const pairs = await db
      .selectFrom(`${table} as s`)
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
  if ((dimension === "sector" || dimension === "month") && scope.servicePointIds === null) {
    // Over every point, a year is some 4,000 sector-day rows: fewer than
    // the monthly rows of every point, and no edge days to add.
    const key = dimension === "sector" ? sql`s.sector_id` : sql`substr(s.answered_date, 1, 7)`;
    const { rows } = await sql<{ key: string | number; sector_id: number } & Summed<(typeof RESPONSE_SUMS)[number]>>`
      select ${key} as ${sql.ref("key")}, s.sector_id, ${rawSummed(RESPONSE_SUMS)}
      from response_sector_day_summaries s
      where ${inScope(scope)}
      group by ${key}, s.sector_id`.execute(db);
    return rows.map((r) => ({ key: String(r.key), sectorIds: [Number(r.sector_id)], sums: indexSumsFromColumns(r) }));
  }
  // Only the agency needs the point's row.
  const keys: Record<Exclude<ResponseDimension, "date">, GroupKey> = {
    sector: column("sector_id"),
    servicePoint: column("service_point_id"),
    agency: { as: "agency_id", expr: () => sql.ref("p.agency_id") },
    month: { as: "month", expr: (month) => month },
  };
  const query = summedInScope("response", scope, {
    keys: dimension === "sector" ? [keys.sector] : [keys[dimension], keys.sector],
    sums: RESPONSE_SUMS,
    join: dimension === "agency" ? sql`join service_points p on p.id = s.service_point_id` : sql``,
    today,
  });
  if (!query) return [];
  const keyName = keys[dimension].as;
  const { rows } = await sql<Record<string, string | number> & Summed<(typeof RESPONSE_SUMS)[number]>>`${query}`.execute(db);
  return rows.map((r) => ({ key: String(r[keyName]), sectorIds: [Number(r.sector_id)], sums: indexSumsFromColumns(r) }));
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
  today?: string,
): Promise<Array<{ questionnaireId: number; key: string; sectorId: number; sums: AnswerSums }>> {
  const perQuestion = summedInScope("question", scope, { keys: [column("question_id"), column("sector_id")], sums: ANSWER_SUMS, today });
  if (!perQuestion) return [];
  const { rows: summedRows } = await sql<{ questionnaire_id: number; key: string; sector_id: number } & Summed<(typeof ANSWER_SUMS)[number]>>`
    select v.questionnaire_id, ${sql.ref("q.key")}, s.sector_id, ${sql.join(ANSWER_SUMS.map((c) => sql.ref(`s.${c}`)))}
    from (${perQuestion}) s
    join questions q on q.id = s.question_id
    join questionnaire_versions v on v.id = q.questionnaire_version_id`.execute(db);
  return summedRows.map((r) => ({
    questionnaireId: Number(r.questionnaire_id),
    key: r.key,
    sectorId: Number(r.sector_id),
    sums: answerSumsFromColumns(r),
  }));
}

/** Answer sums per criterion group and sector. */
export async function sumGroups(
  db: DB,
  scope: SummaryScope,
  today?: string,
): Promise<Array<{ key: string; sectorId: number; sums: AnswerSums }>> {
  const perGroup = summedInScope("group", scope, { keys: [column("criterion_group_id"), column("sector_id")], sums: ANSWER_SUMS, today });
  if (!perGroup) return [];
  const { rows: summedRows } = await sql<{ key: string; sector_id: number } & Summed<(typeof ANSWER_SUMS)[number]>>`
    select ${sql.ref("g.key")}, s.sector_id, ${rawSummed(ANSWER_SUMS)}
    from (${perGroup}) s
    join criterion_groups g on g.id = s.criterion_group_id
    group by ${sql.ref("g.key")}, s.sector_id`.execute(db);
  return summedRows.map((r) => ({ key: r.key, sectorId: Number(r.sector_id), sums: answerSumsFromColumns(r) }));
}

/** How often each option of each choice question was chosen, by questionnaire and question key. */
export async function countChoices(
  db: DB,
  scope: SummaryScope,
  today?: string,
): Promise<Array<{ questionnaireId: number; questionKey: string; value: string; count: number }>> {
  const perChoice = summedInScope("choice", scope, { keys: [column("question_id"), column("choice_value")], sums: ["count"], today });
  if (!perChoice) return [];
  const { rows: summedRows } = await sql<{ questionnaire_id: number; key: string; choice_value: string; count: number | string }>`
    select v.questionnaire_id, ${sql.ref("q.key")}, s.choice_value, sum(${sql.ref("s.count")}) as ${sql.ref("count")}
    from (${perChoice}) s
    join questions q on q.id = s.question_id
    join questionnaire_versions v on v.id = q.questionnaire_version_id
    group by v.questionnaire_id, ${sql.ref("q.key")}, s.choice_value`.execute(db);
  return summedRows.map((r) => ({
    questionnaireId: Number(r.questionnaire_id),
    questionKey: r.key,
    value: r.choice_value,
    count: Number(r.count),
  }));
}

/** The versions of questions with this key: their type and questionnaire (none when the key is unknown). */
export async function questionsWithKey(db: DB, key: string): Promise<Array<{ id: number; type: string; questionnaireId: number }>> {
  const rows = await db
    .selectFrom("questions as q")
    .innerJoin("questionnaire_versions as v", "v.id", "q.questionnaire_version_id")
    .select(["q.id", "q.type", "v.questionnaire_id"])
    .where("q.key", "=", key)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), type: r.type, questionnaireId: Number(r.questionnaire_id) }));
}

/**
 * Index sums of the respondents in scope who answered one of `questionIds`
 * (the versions of one choice question), by their answer, sector and
 * questionnaire: from the choice summaries, which hold each option's
 * respondents' response sums (migration 2026-12-05T0400).
 */
export async function sumResponsesByChoice(
  db: DB,
  scope: SummaryScope,
  questionIds: readonly number[],
  today?: string,
): Promise<Array<{ value: string; questionnaireId: number; sectorId: number; sums: IndexSums }>> {
  if (questionIds.length === 0) return [];
  const perChoice = summedInScope("choice", scope, {
    keys: [column("question_id"), column("choice_value"), column("sector_id")],
    sums: ["count", ...RESPONSE_SUMS],
    where: [sql`s.question_id in (${sql.join(questionIds.map((id) => sql`${id}`))})`],
    today,
  });
  if (!perChoice) return [];
  const { rows } = await sql<{ questionnaire_id: number; choice_value: string; sector_id: number } & Summed<(typeof RESPONSE_SUMS)[number]>>`
    select v.questionnaire_id, s.choice_value, s.sector_id, ${rawSummed(RESPONSE_SUMS)}
    from (${perChoice}) s
    join questions q on q.id = s.question_id
    join questionnaire_versions v on v.id = q.questionnaire_version_id
    group by v.questionnaire_id, s.choice_value, s.sector_id`.execute(db);
  return rows.map((r) => ({
    value: r.choice_value,
    questionnaireId: Number(r.questionnaire_id),
    sectorId: Number(r.sector_id),
    sums: indexSumsFromColumns(r),
  }));
}
