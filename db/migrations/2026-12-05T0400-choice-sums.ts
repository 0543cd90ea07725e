import { type Kysely, sql } from "kysely";

// Frozen in time: never import app code here, never edit after it has shipped.

/**
 * The choice summaries (daily and monthly) also hold the response sums of the
 * respondents who chose each option — the same columns as response_summaries —
 * so the satisfaction of those who came online, or three times, reads from
 * summaries like every other index (`GET /api/v1/indices?groupBy=choice`,
 * docs/decisions/022-rank-ranges-and-choice-grouping.md). The existing rows
 * are backfilled from the raw answers (daily) and from the daily rows
 * (monthly); a row whose responses are gone keeps zero sums.
 */

const ANSWER_SUMS = [
  "clusters", "answers_n", "answers_satisfied", "answers_ss", "answers_sm", "answers_mm",
  "level_1", "level_2", "level_3", "level_4", "level_5", "not_applicable",
];
const RESPONSE_SUMS = [
  ...ANSWER_SUMS,
  "respondents", "overall_n", "overall_satisfied", "comprehensive_n", "comprehensive_satisfied", "on_time", "late", "not_yet",
];
const TABLES = ["choice_summaries", "choice_month_summaries"];

const rated = sql`(q.type = 'scale' and q.is_overall = 0 and a.is_na = 0 and a.score is not null)`;
const levels = sql.join(
  [1, 2, 3, 4, 5].map((l) => sql`sum(case when ${rated} and a.score = ${sql.lit(l)} then 1 else 0 end) as ${sql.ref(`level_${l}`)}`),
);

/** One row per response: its criterion s and m, overall, levels, on-time (as DOMAIN.md defines them). */
const perResponse = sql`
  select r.id,
    sum(case when ${rated} then 1 else 0 end) as m,
    sum(case when ${rated} and a.score >= 4 then 1 else 0 end) as s,
    max(case when q.is_overall = 1 and a.is_na = 0 and a.score is not null then 1 else 0 end) as overall_n,
    max(case when q.is_overall = 1 and a.score >= 4 then 1 else 0 end) as overall_satisfied,
    ${levels},
    sum(case when q.type = 'scale' and q.is_overall = 0 and a.is_na = 1 then 1 else 0 end) as not_applicable,
    max(case when q.key = 'on_time' and a.choice_value = 'on_time' then 1 else 0 end) as on_time,
    max(case when q.key = 'on_time' and a.choice_value = 'late' then 1 else 0 end) as late,
    max(case when q.key = 'on_time' and a.choice_value = 'not_yet' then 1 else 0 end) as not_yet
  from responses r
  left join answers a on a.response_id = r.id
  left join questions q on q.id = a.question_id
  group by r.id`;

/** The response sums of each choice summary row's respondents, from the raw answers. */
const choiceSums = sql`
  select r.answered_date, r.service_point_id, r.sector_id, r.flagged, c.question_id, c.choice_value,
    count(*) as respondents,
    sum(p.overall_n) as overall_n, sum(p.overall_satisfied) as overall_satisfied,
    sum(case when p.m > 0 then 1 else 0 end) as clusters,
    sum(p.m) as answers_n, sum(p.s) as answers_satisfied,
    sum(p.s * p.s) as answers_ss, sum(p.s * p.m) as answers_sm, sum(p.m * p.m) as answers_mm,
    sum(p.level_1) as level_1, sum(p.level_2) as level_2, sum(p.level_3) as level_3,
    sum(p.level_4) as level_4, sum(p.level_5) as level_5, sum(p.not_applicable) as not_applicable,
    sum(case when p.m > 0 then 1 else 0 end) as comprehensive_n,
    sum(case when p.m > 0 and p.s = p.m then 1 else 0 end) as comprehensive_satisfied,
    sum(p.on_time) as on_time, sum(p.late) as late, sum(p.not_yet) as not_yet
  from answers c
  join responses r on r.id = c.response_id
  join (${perResponse}) p on p.id = r.id
  where c.choice_value is not null
  group by r.answered_date, r.service_point_id, r.sector_id, r.flagged, c.question_id, c.choice_value`;

const GRAIN = ["service_point_id", "sector_id", "flagged", "question_id", "choice_value"];

const setFrom = () => sql.join(RESPONSE_SUMS.map((c) => sql`${sql.ref(c)} = ${sql.ref(`raw.${c}`)}`));
const joined = (target: string, period: string) =>
  sql.join([period, ...GRAIN].map((c) => sql`${sql.ref(`${target}.${c}`)} = ${sql.ref(`raw.${c}`)}`), sql` and `);

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    for (const column of RESPONSE_SUMS) {
      await db.schema.alterTable(table).addColumn(column, "integer", (c) => c.notNull().defaultTo(0)).execute();
    }
  }
  // UPDATE … FROM reads the same on SQLite (3.33+) and PostgreSQL.
  await sql`update choice_summaries set ${setFrom()}
    from (${choiceSums}) raw
    where ${joined("choice_summaries", "answered_date")}`.execute(db);
  const monthSums = sql`
    select substr(answered_date, 1, 7) as answered_month, ${sql.join(GRAIN.map((c) => sql.ref(c)))},
      ${sql.join(RESPONSE_SUMS.map((c) => sql`sum(${sql.ref(c)}) as ${sql.ref(c)}`))}
    from choice_summaries
    group by substr(answered_date, 1, 7), ${sql.join(GRAIN.map((c) => sql.ref(c)))}`;
  await sql`update choice_month_summaries set ${setFrom()}
    from (${monthSums}) raw
    where ${joined("choice_month_summaries", "answered_month")}`.execute(db);

  // The grouping by one question's answers sums a year of every point's monthly rows of that
  // question by (option, sector): with this covering index in that order SQLite sums while it
  // scans the question's rows instead of reading every choice row of the months and sorting
  // (about 33 → 15 ms for a year at 300 points), as the question roll-up's index does.
  await db.schema
    .createIndex("choice_month_summaries_by_question")
    .on("choice_month_summaries")
    .columns(["flagged", "question_id", "choice_value", "sector_id", "answered_month", "service_point_id", "count", ...RESPONSE_SUMS])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("choice_month_summaries_by_question").execute();
  for (const table of TABLES) {
    for (const column of RESPONSE_SUMS) await db.schema.alterTable(table).dropColumn(column).execute();
  }
}
