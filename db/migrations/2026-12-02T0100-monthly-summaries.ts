import { type CreateTableBuilder, type Kysely, sql } from "kysely";

// Frozen in time: never import app code here, never edit after it has shipped.

/**
 * Monthly twins of the four daily summary tables, keyed by the Vietnam month
 * ('YYYY-MM') instead of the date, so a year's indices read units × 12 rows
 * rather than units × 365. Backfilled from the daily rows, which stay: a week,
 * a day and the partial months at a range's edges still need them.
 */

const ANSWER_SUMS = [
  "clusters", "answers_n", "answers_satisfied", "answers_ss", "answers_sm", "answers_mm",
  "level_1", "level_2", "level_3", "level_4", "level_5", "not_applicable",
];
const RESPONSE_SUMS = [
  ...ANSWER_SUMS,
  "respondents", "overall_n", "overall_satisfied", "comprehensive_n", "comprehensive_satisfied", "on_time", "late", "not_yet",
];
const GRAIN = ["service_point_id", "sector_id", "flagged"];

function sumColumns(table: CreateTableBuilder<string, string>, columns: readonly string[]): CreateTableBuilder<string, string> {
  let t = table;
  for (const column of columns) t = t.addColumn(column, "integer", (c) => c.notNull().defaultTo(0));
  return t;
}

function grain(table: CreateTableBuilder<string, string>): CreateTableBuilder<string, string> {
  return table
    .addColumn("answered_month", "text", (c) => c.notNull())
    .addColumn("service_point_id", "integer", (c) => c.notNull().references("service_points.id"))
    .addColumn("sector_id", "integer", (c) => c.notNull().references("sectors.id"))
    .addColumn("flagged", "integer", (c) => c.notNull());
}

const TABLES = [
  { monthly: "response_month_summaries", daily: "response_summaries", extraKey: [], sums: RESPONSE_SUMS },
  { monthly: "question_month_summaries", daily: "question_summaries", extraKey: ["question_id"], sums: ANSWER_SUMS },
  { monthly: "group_month_summaries", daily: "group_summaries", extraKey: ["criterion_group_id"], sums: ANSWER_SUMS },
  { monthly: "choice_month_summaries", daily: "choice_summaries", extraKey: ["question_id", "choice_value"], sums: ["count"] },
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sumColumns(grain(db.schema.createTable("response_month_summaries")), RESPONSE_SUMS)
    .addPrimaryKeyConstraint("response_month_summaries_pk", ["answered_month", ...GRAIN])
    .execute();
  await sumColumns(
    grain(db.schema.createTable("question_month_summaries")).addColumn("question_id", "integer", (c) =>
      c.notNull().references("questions.id"),
    ),
    ANSWER_SUMS,
  )
    .addPrimaryKeyConstraint("question_month_summaries_pk", ["answered_month", ...GRAIN, "question_id"])
    .execute();
  await sumColumns(
    grain(db.schema.createTable("group_month_summaries")).addColumn("criterion_group_id", "integer", (c) =>
      c.notNull().references("criterion_groups.id"),
    ),
    ANSWER_SUMS,
  )
    .addPrimaryKeyConstraint("group_month_summaries_pk", ["answered_month", ...GRAIN, "criterion_group_id"])
    .execute();
  await grain(db.schema.createTable("choice_month_summaries"))
    .addColumn("question_id", "integer", (c) => c.notNull().references("questions.id"))
    .addColumn("choice_value", "text", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("choice_month_summaries_pk", ["answered_month", ...GRAIN, "question_id", "choice_value"])
    .execute();

  // The question and criterion-group indices sum every point's rows of a
  // year by (question or group, sector): with these covering indexes in that
  // order, SQLite sums while it scans instead of sorting some 50,000 rows first
  // (about 45 → 16 ms for a year of a million responses at 300 points).
  for (const [table, name, key] of [
    ["question_month_summaries", "question_month_summaries_by_question", "question_id"],
    ["group_month_summaries", "group_month_summaries_by_group", "criterion_group_id"],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on(table)
      .columns(["flagged", key, "sector_id", "answered_month", "service_point_id", ...ANSWER_SUMS])
      .execute();
  }

  for (const { monthly, daily, extraKey, sums } of TABLES) {
    const key = [...GRAIN, ...extraKey].map((c) => sql.ref(c));
    const summed = sums.map((c) => sql`sum(${sql.ref(c)})`);
    const columns = sql.join([sql.ref("answered_month"), ...key, ...sums.map((c) => sql.ref(c))]);
    // substr on 'YYYY-MM-DD' text reads the same on both engines.
    await sql`insert into ${sql.table(monthly)} (${columns})
      select substr(answered_date, 1, 7), ${sql.join(key)}, ${sql.join(summed)}
      from ${sql.table(daily)}
      group by substr(answered_date, 1, 7), ${sql.join(key)}`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const { monthly } of [...TABLES].reverse()) await db.schema.dropTable(monthly).execute();
}
