import { type Kysely, sql } from "kysely";

// Frozen in time: never import app code here, never edit after it has shipped.

/**
 * The response sums by Vietnam date, sector and flag, without the service
 * point: a year's indices by day or ISO week over every point (a province's
 * or a sector's view) read about 365 × sectors × 2 rows here instead of one a
 * point a day in response_summaries (165,000 at 300 points). Backfilled from
 * the daily rows; a scope naming points still reads those.
 */

const RESPONSE_SUMS = [
  "clusters", "answers_n", "answers_satisfied", "answers_ss", "answers_sm", "answers_mm",
  "level_1", "level_2", "level_3", "level_4", "level_5", "not_applicable",
  "respondents", "overall_n", "overall_satisfied", "comprehensive_n", "comprehensive_satisfied", "on_time", "late", "not_yet",
];
const KEY = ["answered_date", "sector_id", "flagged"] as const;

export async function up(db: Kysely<any>): Promise<void> {
  let table = db.schema
    .createTable("response_sector_day_summaries")
    .addColumn("answered_date", "text", (c) => c.notNull())
    .addColumn("sector_id", "integer", (c) => c.notNull().references("sectors.id"))
    .addColumn("flagged", "integer", (c) => c.notNull());
  for (const column of RESPONSE_SUMS) table = table.addColumn(column, "integer", (c) => c.notNull().defaultTo(0));
  await table.addPrimaryKeyConstraint("response_sector_day_summaries_pk", [...KEY]).execute();

  const key = sql.join(KEY.map((c) => sql.ref(c)));
  await sql`insert into response_sector_day_summaries (${key}, ${sql.join(RESPONSE_SUMS.map((c) => sql.ref(c)))})
    select ${key}, ${sql.join(RESPONSE_SUMS.map((c) => sql`sum(${sql.ref(c)})`))}
    from response_summaries
    group by ${key}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("response_sector_day_summaries").execute();
}
