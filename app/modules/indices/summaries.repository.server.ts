import { sql, type Kysely, type RawBuilder, type Transaction } from "kysely";
import type { DB } from "#db/client";
import type { AnswerSumColumns, Database, ResponseSummaryTable, SummaryGrain } from "#db/schema";
import { insertRowsTogether, type RowsInsert } from "#db/prepared-insert";
import type { AnswerSums, IndexSums } from "~/domain/index-engine";
import type { ResponseContribution } from "~/domain/response-contribution";

type Executor = Kysely<Database> | Transaction<Database>;

export type Grain = { answeredDate: string; servicePointId: number; sectorId: number; flagged: boolean };

const ANSWER_SUM_COLUMNS = [
  "clusters", "answers_n", "answers_satisfied", "answers_ss", "answers_sm", "answers_mm",
  "level_1", "level_2", "level_3", "level_4", "level_5", "not_applicable",
] as const satisfies ReadonlyArray<keyof AnswerSumColumns>;

const RESPONSE_SUM_COLUMNS = [
  ...ANSWER_SUM_COLUMNS,
  "respondents", "overall_n", "overall_satisfied", "comprehensive_n", "comprehensive_satisfied",
  "on_time", "late", "not_yet",
] as const satisfies ReadonlyArray<keyof ResponseSummaryTable>;

/** A choice row counts its respondents and holds their response sums (migration 2026-12-05T0400). */
const CHOICE_SUM_COLUMNS = ["count", ...RESPONSE_SUM_COLUMNS] as const;

const GRAIN_COLUMNS = ["answered_date", "service_point_id", "sector_id", "flagged"] as const;

/** Answer sums as values in the order of ANSWER_SUM_COLUMNS. */
function answerSumValues(s: AnswerSums): number[] {
  return [s.clusters, s.n, s.satisfied, s.ss, s.sm, s.mm, ...s.levels, s.notApplicable];
}

/** Summed columns come back from SQL as numbers, or null from an empty SUM. */
type SummedAnswerColumns = { [K in keyof AnswerSumColumns]: number | string | bigint | null };

export function answerSumsFromColumns(row: SummedAnswerColumns): AnswerSums {
  const n = (v: number | string | bigint | null) => Number(v ?? 0);
  return {
    clusters: n(row.clusters),
    n: n(row.answers_n),
    satisfied: n(row.answers_satisfied),
    ss: n(row.answers_ss),
    sm: n(row.answers_sm),
    mm: n(row.answers_mm),
    levels: [n(row.level_1), n(row.level_2), n(row.level_3), n(row.level_4), n(row.level_5)],
    notApplicable: n(row.not_applicable),
  };
}

type SummedResponseColumns = SummedAnswerColumns & {
  [K in (typeof RESPONSE_SUM_COLUMNS)[number]]: number | string | bigint | null;
};

export function indexSumsFromColumns(row: SummedResponseColumns): IndexSums {
  const n = (v: number | string | bigint | null) => Number(v ?? 0);
  return {
    respondents: n(row.respondents),
    overall: { n: n(row.overall_n), satisfied: n(row.overall_satisfied) },
    answers: answerSumsFromColumns(row),
    comprehensive: { n: n(row.comprehensive_n), satisfied: n(row.comprehensive_satisfied) },
    onTime: { onTime: n(row.on_time), late: n(row.late), notYet: n(row.not_yet) },
  };
}

/** The daily summary tables and their monthly twins (db/migrations/2026-12-02T0100-monthly-summaries.ts). */
const DAILY = { response: "response_summaries", question: "question_summaries", group: "group_summaries", choice: "choice_summaries" } as const;
const MONTHLY = {
  response: "response_month_summaries",
  question: "question_month_summaries",
  group: "group_month_summaries",
  choice: "choice_month_summaries",
} as const;

/** The response sums by date, sector and flag over every point (db/migrations/2026-12-03T0100-sector-day-summaries.ts). */
const SECTOR_DAY = { table: "response_sector_day_summaries", key: ["answered_date", "sector_id", "flagged"] } as const;

type Tables = typeof DAILY | typeof MONTHLY;
/** The period column of a grain and its value: the date in the daily tables, its month in the monthly ones. */
type PeriodKey = { column: "answered_date" | "answered_month"; value: string };

/**
 * Adds one response's contribution to every summary, daily and monthly. Runs
 * inside the transaction that stores the response, so summaries never drift
 * from it. One multi-row upsert per table, its SQL compiled once per shape,
 * all in one statement on PostgreSQL (db/prepared-insert.ts): these are most
 * of the values a response writes, and the rows concurrent submissions share.
 */
export async function addToSummaries(trx: Executor, grain: Grain, c: ResponseContribution): Promise<void> {
  const s = SECTOR_DAY_SHAPE;
  await insertRowsTogether(trx, [
    ...tableInserts({ column: "answered_date", value: grain.answeredDate }, grain, c),
    ...tableInserts({ column: "answered_month", value: grain.answeredDate.slice(0, 7) }, grain, c),
    { ...s, rows: [[grain.answeredDate, grain.sectorId, grain.flagged ? 1 : 0, ...responseSumValues(c)]] },
  ]);
}

/** The columns and conflict rules of one set of tables (daily or monthly), made once: the prepared inserts key on them. */
function upsertShapes(tables: Tables, period: PeriodKey["column"]) {
  const key = [period, "service_point_id", "sector_id", "flagged"];
  const shape = (table: string, extraKey: readonly string[], add: readonly string[]) => ({
    table,
    columns: [...key, ...extraKey, ...add],
    conflict: { key: [...key, ...extraKey], add },
  });
  return {
    response: shape(tables.response, [], RESPONSE_SUM_COLUMNS),
    question: shape(tables.question, ["question_id"], ANSWER_SUM_COLUMNS),
    group: shape(tables.group, ["criterion_group_id"], ANSWER_SUM_COLUMNS),
    choice: shape(tables.choice, ["question_id", "choice_value"], CHOICE_SUM_COLUMNS),
  };
}
const SHAPES = { answered_date: upsertShapes(DAILY, "answered_date"), answered_month: upsertShapes(MONTHLY, "answered_month") };
const SECTOR_DAY_SHAPE = {
  table: SECTOR_DAY.table,
  columns: [...SECTOR_DAY.key, ...RESPONSE_SUM_COLUMNS],
  conflict: { key: SECTOR_DAY.key, add: RESPONSE_SUM_COLUMNS },
};

/** A response's totals as values in the order of RESPONSE_SUM_COLUMNS. */
function responseSumValues(c: ResponseContribution): number[] {
  const t = c.totals;
  return [
    ...answerSumValues(t.answers),
    t.respondents, t.overall.n, t.overall.satisfied, t.comprehensive.n, t.comprehensive.satisfied,
    t.onTime.onTime, t.onTime.late, t.onTime.notYet,
  ];
}

/** A response's upserts into one set of tables (daily or monthly). */
function tableInserts(period: PeriodKey, grain: Grain, c: ResponseContribution): RowsInsert[] {
  const shapes = SHAPES[period.column];
  const key = [period.value, grain.servicePointId, grain.sectorId, grain.flagged ? 1 : 0];
  return [
    { ...shapes.response, rows: [[...key, ...responseSumValues(c)]] },
    { ...shapes.question, rows: c.questions.map((q) => [...key, q.questionId, ...answerSumValues(q.sums)]) },
    { ...shapes.group, rows: c.groups.map((g) => [...key, g.groupId, ...answerSumValues(g.sums)]) },
    { ...shapes.choice, rows: c.choices.map((ch) => [...key, ch.questionId, ch.value, 1, ...responseSumValues(c)]) },
  ];
}

/* ---------------------------------------------------------------------------
 * The same sums computed from the raw answers, in SQL. Used to rebuild the
 * summaries and to check them. (What checks these in turn is an aggregate
 * written apart from them: scripts/bench/raw-aggregate.ts.)
 * ------------------------------------------------------------------------ */

const rated = sql`(q.type = 'scale' and q.is_overall = 0 and a.is_na = 0 and a.score is not null)`;
const criterionNA = sql`(q.type = 'scale' and q.is_overall = 0 and a.is_na = 1)`;
const levelSums = (cond: ReturnType<typeof sql>) =>
  sql.join(
    [1, 2, 3, 4, 5].map((l) => sql`sum(case when ${cond} and a.score = ${sql.lit(l)} then 1 else 0 end) as ${sql.ref(`level_${l}`)}`),
  );

/** One row per response: its criterion s and m, overall, levels, on-time. */
function perResponseSums() {
  return sql`
  select r.id, r.answered_date, r.service_point_id, r.sector_id, r.flagged,
    sum(case when ${rated} then 1 else 0 end) as m,
    sum(case when ${rated} and a.score >= 4 then 1 else 0 end) as s,
    max(case when q.is_overall = 1 and a.is_na = 0 and a.score is not null then 1 else 0 end) as overall_n,
    max(case when q.is_overall = 1 and a.score >= 4 then 1 else 0 end) as overall_satisfied,
    ${levelSums(rated)},
    sum(case when ${criterionNA} then 1 else 0 end) as not_applicable,
    max(case when q.key = 'on_time' and a.choice_value = 'on_time' then 1 else 0 end) as on_time,
    max(case when q.key = 'on_time' and a.choice_value = 'late' then 1 else 0 end) as late,
    max(case when q.key = 'on_time' and a.choice_value = 'not_yet' then 1 else 0 end) as not_yet
  from responses r
  left join answers a on a.response_id = r.id
  left join questions q on q.id = a.question_id
  group by r.id, r.answered_date, r.service_point_id, r.sector_id, r.flagged`;
}

/** The response_summaries sums over rows of `perResponseSums`. */
const responseSumSelect = sql`
      count(*) as respondents,
      sum(overall_n) as overall_n, sum(overall_satisfied) as overall_satisfied,
      sum(case when m > 0 then 1 else 0 end) as clusters,
      sum(m) as answers_n, sum(s) as answers_satisfied,
      sum(s * s) as answers_ss, sum(s * m) as answers_sm, sum(m * m) as answers_mm,
      sum(level_1) as level_1, sum(level_2) as level_2, sum(level_3) as level_3,
      sum(level_4) as level_4, sum(level_5) as level_5, sum(not_applicable) as not_applicable,
      sum(case when m > 0 then 1 else 0 end) as comprehensive_n,
      sum(case when m > 0 and s = m then 1 else 0 end) as comprehensive_satisfied,
      sum(on_time) as on_time, sum(late) as late, sum(not_yet) as not_yet`;

const grainList = sql.raw("answered_date, service_point_id, sector_id, flagged");

export function responseSummariesFromRaw() {
  return sql<SummaryGrain & SummedResponseColumns>`
    select ${grainList}, ${responseSumSelect}
    from (${perResponseSums()}) per_response
    group by ${grainList}`;
}

const scaleAnswer = sql`(q.type = 'scale' and a.is_na = 0 and a.score is not null)`;

export function questionSummariesFromRaw() {
  return sql<SummaryGrain & SummedAnswerColumns & { question_id: number }>`
    select r.answered_date, r.service_point_id, r.sector_id, r.flagged, a.question_id,
      sum(case when ${scaleAnswer} then 1 else 0 end) as clusters,
      sum(case when ${scaleAnswer} then 1 else 0 end) as answers_n,
      sum(case when ${scaleAnswer} and a.score >= 4 then 1 else 0 end) as answers_satisfied,
      sum(case when ${scaleAnswer} and a.score >= 4 then 1 else 0 end) as answers_ss,
      sum(case when ${scaleAnswer} and a.score >= 4 then 1 else 0 end) as answers_sm,
      sum(case when ${scaleAnswer} then 1 else 0 end) as answers_mm,
      ${levelSums(scaleAnswer)},
      sum(case when a.is_na = 1 then 1 else 0 end) as not_applicable
    from answers a
    join questions q on q.id = a.question_id
    join responses r on r.id = a.response_id
    where q.type = 'scale'
    group by r.answered_date, r.service_point_id, r.sector_id, r.flagged, a.question_id`;
}

export function groupSummariesFromRaw() {
  const perGroup = sql`
    select r.answered_date, r.service_point_id, r.sector_id, r.flagged, q.criterion_group_id, r.id,
      sum(case when ${scaleAnswer} then 1 else 0 end) as m,
      sum(case when ${scaleAnswer} and a.score >= 4 then 1 else 0 end) as s,
      ${levelSums(scaleAnswer)},
      sum(case when a.is_na = 1 then 1 else 0 end) as not_applicable
    from answers a
    join questions q on q.id = a.question_id
    join responses r on r.id = a.response_id
    where q.type = 'scale' and q.is_overall = 0 and q.criterion_group_id is not null
    group by r.answered_date, r.service_point_id, r.sector_id, r.flagged, q.criterion_group_id, r.id`;
  return sql<SummaryGrain & SummedAnswerColumns & { criterion_group_id: number }>`
    select ${grainList}, criterion_group_id,
      sum(case when m > 0 then 1 else 0 end) as clusters,
      sum(m) as answers_n, sum(s) as answers_satisfied,
      sum(s * s) as answers_ss, sum(s * m) as answers_sm, sum(m * m) as answers_mm,
      sum(level_1) as level_1, sum(level_2) as level_2, sum(level_3) as level_3,
      sum(level_4) as level_4, sum(level_5) as level_5, sum(not_applicable) as not_applicable
    from (${perGroup}) per_group
    group by ${grainList}, criterion_group_id`;
}

/** Each option chosen, counted, with the response sums of the respondents who chose it. */
export function choiceSummariesFromRaw() {
  return sql<SummaryGrain & SummedResponseColumns & { question_id: number; choice_value: string; count: number }>`
    select r.answered_date, r.service_point_id, r.sector_id, r.flagged, a.question_id, a.choice_value,
      count(*) as count, ${responseSumSelect}
    from answers a
    join (${perResponseSums()}) r on r.id = a.response_id
    where a.choice_value is not null
    group by r.answered_date, r.service_point_id, r.sector_id, r.flagged, a.question_id, a.choice_value`;
}

const SUMMARY_TABLES = [
  { table: DAILY.response, monthly: MONTHLY.response, fromRaw: responseSummariesFromRaw, extraKey: [], sums: RESPONSE_SUM_COLUMNS },
  { table: DAILY.question, monthly: MONTHLY.question, fromRaw: questionSummariesFromRaw, extraKey: ["question_id"], sums: ANSWER_SUM_COLUMNS },
  { table: DAILY.group, monthly: MONTHLY.group, fromRaw: groupSummariesFromRaw, extraKey: ["criterion_group_id"], sums: ANSWER_SUM_COLUMNS },
  { table: DAILY.choice, monthly: MONTHLY.choice, fromRaw: choiceSummariesFromRaw, extraKey: ["question_id", "choice_value"], sums: CHOICE_SUM_COLUMNS },
] as const;

const MONTH_KEY = ["service_point_id", "sector_id", "flagged"] as const;

/** Daily-grain rows (a summary table or its raw sums) summed again by `period` and `key`. */
function regrouped(daily: RawBuilder<unknown>, period: { expr: RawBuilder<unknown>; as: string }, key: readonly string[], sums: readonly string[]) {
  const keyColumns = sql.join(key.map((c) => sql.ref(c)));
  return sql<Record<string, unknown>>`
    select ${period.expr} as ${sql.ref(period.as)}, ${keyColumns},
      ${sql.join(sums.map((c) => sql`sum(${sql.ref(c)}) as ${sql.ref(c)}`))}
    from (${daily}) daily
    group by ${period.expr}, ${keyColumns}`;
}

/** …by month: the monthly table's rows. substr on 'YYYY-MM-DD' text reads the same on both engines. */
const byMonth = (daily: RawBuilder<unknown>, extraKey: readonly string[], sums: readonly string[]) =>
  regrouped(daily, { expr: sql`substr(answered_date, 1, 7)`, as: "answered_month" }, [...MONTH_KEY, ...extraKey], sums);

/** Daily response rows summed by date, sector and flag: the sector-day table's rows. */
const bySectorDay = (daily: RawBuilder<unknown>) =>
  regrouped(daily, { expr: sql.ref("answered_date"), as: "answered_date" }, ["sector_id", "flagged"], RESPONSE_SUM_COLUMNS);

/** True when responses are stored but no summary row is: a database from before the summaries. */
export async function summariesMissing(db: DB): Promise<boolean> {
  const [response, summary] = await Promise.all([
    db.selectFrom("responses").select("id").limit(1).executeTakeFirst(),
    db.selectFrom("response_summaries").select("respondents").limit(1).executeTakeFirst(),
  ]);
  return response !== undefined && summary === undefined;
}

/**
 * Replaces every summary row by the sums of the raw answers (one
 * transaction); the monthly and sector-day rows by the daily rows just
 * rebuilt, which spares a second pass over the answers.
 */
export async function rebuildSummaries(db: DB): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const { table, monthly, fromRaw, extraKey, sums } of SUMMARY_TABLES) {
      // Columns named on both sides: an insert-select matches by position, not name.
      const columns = sql.join([...GRAIN_COLUMNS, ...extraKey, ...sums].map((c) => sql.ref(c)));
      await trx.deleteFrom(table).execute();
      await sql`insert into ${sql.table(table)} (${columns}) select ${columns} from (${fromRaw()}) raw_sums`.execute(trx);
      const monthColumns = sql.join(["answered_month", ...MONTH_KEY, ...extraKey, ...sums].map((c) => sql.ref(c)));
      await trx.deleteFrom(monthly).execute();
      await sql`insert into ${sql.table(monthly)} (${monthColumns})
        select ${monthColumns} from (${byMonth(sql`select * from ${sql.table(table)}`, extraKey, sums)}) daily_sums`.execute(trx);
    }
    const sectorDayColumns = sql.join([...SECTOR_DAY.key, ...RESPONSE_SUM_COLUMNS].map((c) => sql.ref(c)));
    await trx.deleteFrom(SECTOR_DAY.table).execute();
    await sql`insert into ${sql.table(SECTOR_DAY.table)} (${sectorDayColumns})
      select ${sectorDayColumns} from (${bySectorDay(sql`select * from ${sql.table(DAILY.response)}`)}) daily_sums`.execute(trx);
  });
}

export type SummaryMismatch = { table: string; key: string; stored: Record<string, number> | null; raw: Record<string, number> | null };

function keyed(rows: readonly object[], keyColumns: readonly string[]) {
  const map = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const entries = Object.entries(row);
    const key = keyColumns.map((c) => String(entries.find(([name]) => name === c)?.[1])).join("|");
    const values: Record<string, number> = {};
    for (const [column, value] of entries) {
      if (!keyColumns.includes(column)) values[column] = Number(value ?? 0);
    }
    map.set(key, values);
  }
  return map;
}

const isZeroRow = (values: Record<string, number>) => Object.values(values).every((v) => v === 0);

/**
 * Compares every summary row with the sums recomputed from the raw answers.
 * An empty list means the summaries are exactly in step.
 */
export async function compareSummariesWithRaw(db: DB): Promise<SummaryMismatch[]> {
  const mismatches: SummaryMismatch[] = [];
  const compare = (table: string, keyColumns: readonly string[], storedRows: readonly object[], rawRows: readonly object[]) => {
    const stored = keyed(storedRows, keyColumns);
    const raw = keyed(rawRows, keyColumns);
    for (const key of new Set([...stored.keys(), ...raw.keys()])) {
      const s = stored.get(key) ?? null;
      const r = raw.get(key) ?? null;
      if (s && r && Object.keys(r).every((c) => s[c] === r[c])) continue;
      if ((s === null && r && isZeroRow(r)) || (r === null && s && isZeroRow(s))) continue;
      mismatches.push({ table, key, stored: s, raw: r });
    }
  };
  for (const { table, monthly, fromRaw, extraKey, sums } of SUMMARY_TABLES) {
    compare(table, [...GRAIN_COLUMNS, ...extraKey], await db.selectFrom(table).selectAll().execute(), (await fromRaw().execute(db)).rows);
    // The monthly rows against the raw answers summed by month, not against the daily rows.
    compare(
      monthly,
      ["answered_month", ...MONTH_KEY, ...extraKey],
      await db.selectFrom(monthly).selectAll().execute(),
      (await byMonth(fromRaw(), extraKey, sums).execute(db)).rows,
    );
  }
  compare(
    SECTOR_DAY.table,
    SECTOR_DAY.key,
    await db.selectFrom(SECTOR_DAY.table).selectAll().execute(),
    (await bySectorDay(responseSummariesFromRaw()).execute(db)).rows,
  );
  return mismatches;
}
