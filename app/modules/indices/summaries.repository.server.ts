import { sql, type Kysely, type RawBuilder, type Transaction } from "kysely";
import type { DB } from "#db/client";
import type { AnswerSumColumns, Database, SummaryGrain } from "#db/schema";
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
] as const;

const GRAIN_COLUMNS = ["answered_date", "service_point_id", "sector_id", "flagged"] as const;

function grainColumns(g: Grain): SummaryGrain {
  return { answered_date: g.answeredDate, service_point_id: g.servicePointId, sector_id: g.sectorId, flagged: g.flagged ? 1 : 0 };
}

export function answerSumColumns(s: AnswerSums): AnswerSumColumns {
  return {
    clusters: s.clusters,
    answers_n: s.n,
    answers_satisfied: s.satisfied,
    answers_ss: s.ss,
    answers_sm: s.sm,
    answers_mm: s.mm,
    level_1: s.levels[0],
    level_2: s.levels[1],
    level_3: s.levels[2],
    level_4: s.levels[3],
    level_5: s.levels[4],
    not_applicable: s.notApplicable,
  };
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

/** `SET col = table.col + excluded.col` for every summed column: an upsert that adds. */
function addingUpdate<C extends string>(table: string, columns: readonly C[]) {
  return Object.fromEntries(
    columns.map((c) => [c, sql<number>`${sql.ref(`${table}.${c}`)} + ${sql.ref(`excluded.${c}`)}`]),
  ) as Record<C, RawBuilder<number>>;
}

/**
 * Adds one response's contribution to every summary. Runs inside the
 * transaction that stores the response, so summaries never drift from it.
 */
export async function addToSummaries(trx: Executor, grain: Grain, c: ResponseContribution): Promise<void> {
  const key = grainColumns(grain);
  const t = c.totals;
  await trx
    .insertInto("response_summaries")
    .values({
      ...key,
      ...answerSumColumns(t.answers),
      respondents: t.respondents,
      overall_n: t.overall.n,
      overall_satisfied: t.overall.satisfied,
      comprehensive_n: t.comprehensive.n,
      comprehensive_satisfied: t.comprehensive.satisfied,
      on_time: t.onTime.onTime,
      late: t.onTime.late,
      not_yet: t.onTime.notYet,
    })
    .onConflict((oc) => oc.columns([...GRAIN_COLUMNS]).doUpdateSet(addingUpdate("response_summaries", RESPONSE_SUM_COLUMNS)))
    .execute();

  if (c.questions.length > 0) {
    await trx
      .insertInto("question_summaries")
      .values(c.questions.map((q) => ({ ...key, question_id: q.questionId, ...answerSumColumns(q.sums) })))
      .onConflict((oc) =>
        oc.columns([...GRAIN_COLUMNS, "question_id"]).doUpdateSet(addingUpdate("question_summaries", ANSWER_SUM_COLUMNS)),
      )
      .execute();
  }
  if (c.groups.length > 0) {
    await trx
      .insertInto("group_summaries")
      .values(c.groups.map((g) => ({ ...key, criterion_group_id: g.groupId, ...answerSumColumns(g.sums) })))
      .onConflict((oc) =>
        oc.columns([...GRAIN_COLUMNS, "criterion_group_id"]).doUpdateSet(addingUpdate("group_summaries", ANSWER_SUM_COLUMNS)),
      )
      .execute();
  }
  if (c.choices.length > 0) {
    await trx
      .insertInto("choice_summaries")
      .values(c.choices.map((ch) => ({ ...key, question_id: ch.questionId, choice_value: ch.value, count: 1 })))
      .onConflict((oc) =>
        oc.columns([...GRAIN_COLUMNS, "question_id", "choice_value"]).doUpdateSet(addingUpdate("choice_summaries", ["count"])),
      )
      .execute();
  }
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

export function choiceSummariesFromRaw() {
  return sql<SummaryGrain & { question_id: number; choice_value: string; count: number }>`
    select r.answered_date, r.service_point_id, r.sector_id, r.flagged, a.question_id, a.choice_value,
      count(*) as count
    from answers a
    join responses r on r.id = a.response_id
    where a.choice_value is not null
    group by r.answered_date, r.service_point_id, r.sector_id, r.flagged, a.question_id, a.choice_value`;
}

const SUMMARY_TABLES = [
  { table: "response_summaries", fromRaw: responseSummariesFromRaw, extraKey: [], sums: RESPONSE_SUM_COLUMNS },
  { table: "question_summaries", fromRaw: questionSummariesFromRaw, extraKey: ["question_id"], sums: ANSWER_SUM_COLUMNS },
  { table: "group_summaries", fromRaw: groupSummariesFromRaw, extraKey: ["criterion_group_id"], sums: ANSWER_SUM_COLUMNS },
  { table: "choice_summaries", fromRaw: choiceSummariesFromRaw, extraKey: ["question_id", "choice_value"], sums: ["count"] },
] as const;

/** True when responses are stored but no summary row is: a database from before the summaries. */
export async function summariesMissing(db: DB): Promise<boolean> {
  const [response, summary] = await Promise.all([
    db.selectFrom("responses").select("id").limit(1).executeTakeFirst(),
    db.selectFrom("response_summaries").select("respondents").limit(1).executeTakeFirst(),
  ]);
  return response !== undefined && summary === undefined;
}

/** Replaces every summary row by the sums of the raw answers (one transaction). */
export async function rebuildSummaries(db: DB): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const { table, fromRaw, extraKey, sums } of SUMMARY_TABLES) {
      // Columns named on both sides: an insert-select matches by position, not name.
      const columns = sql.join([...GRAIN_COLUMNS, ...extraKey, ...sums].map((c) => sql.ref(c)));
      await trx.deleteFrom(table).execute();
      await sql`insert into ${sql.table(table)} (${columns}) select ${columns} from (${fromRaw()}) raw_sums`.execute(trx);
    }
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
  for (const { table, fromRaw, extraKey } of SUMMARY_TABLES) {
    const keyColumns = [...GRAIN_COLUMNS, ...extraKey];
    const stored = keyed(await db.selectFrom(table).selectAll().execute(), keyColumns);
    const raw = keyed((await fromRaw().execute(db)).rows, keyColumns);
    for (const key of new Set([...stored.keys(), ...raw.keys()])) {
      const s = stored.get(key) ?? null;
      const r = raw.get(key) ?? null;
      if (s && r && Object.keys(r).every((c) => s[c] === r[c])) continue;
      if ((s === null && r && isZeroRow(r)) || (r === null && s && isZeroRow(s))) continue;
      mismatches.push({ table, key, stored: s, raw: r });
    }
  }
  return mismatches;
}
