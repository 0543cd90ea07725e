import type { CreateTableBuilder, Kysely } from "kysely";

// Frozen in time: never import app code here, never edit after it has shipped.

/** The additive sums of rated scale answers, with respondents as clusters. */
function answerSumColumns(table: CreateTableBuilder<string, string>): CreateTableBuilder<string, string> {
  let t = table;
  for (const column of [
    "clusters", "answers_n", "answers_satisfied", "answers_ss", "answers_sm", "answers_mm",
    "level_1", "level_2", "level_3", "level_4", "level_5", "not_applicable",
  ]) {
    t = t.addColumn(column, "integer", (c) => c.notNull().defaultTo(0));
  }
  return t;
}

/** Every summary is keyed by the Vietnam date, the point, the sector and the flag. */
function grain(table: CreateTableBuilder<string, string>): CreateTableBuilder<string, string> {
  return table
    .addColumn("answered_date", "text", (c) => c.notNull())
    .addColumn("service_point_id", "integer", (c) => c.notNull().references("service_points.id"))
    .addColumn("sector_id", "integer", (c) => c.notNull().references("sectors.id"))
    .addColumn("flagged", "integer", (c) => c.notNull());
}

export async function up(db: Kysely<any>): Promise<void> {
  let responses = grain(db.schema.createTable("response_summaries"))
    .addColumn("respondents", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("overall_n", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("overall_satisfied", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("comprehensive_n", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("comprehensive_satisfied", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("on_time", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("late", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("not_yet", "integer", (c) => c.notNull().defaultTo(0));
  responses = answerSumColumns(responses).addPrimaryKeyConstraint("response_summaries_pk", [
    "answered_date", "service_point_id", "sector_id", "flagged",
  ]);
  await responses.execute();

  await answerSumColumns(
    grain(db.schema.createTable("question_summaries")).addColumn("question_id", "integer", (c) =>
      c.notNull().references("questions.id"),
    ),
  )
    .addPrimaryKeyConstraint("question_summaries_pk", [
      "answered_date", "service_point_id", "sector_id", "flagged", "question_id",
    ])
    .execute();

  await answerSumColumns(
    grain(db.schema.createTable("group_summaries")).addColumn("criterion_group_id", "integer", (c) =>
      c.notNull().references("criterion_groups.id"),
    ),
  )
    .addPrimaryKeyConstraint("group_summaries_pk", [
      "answered_date", "service_point_id", "sector_id", "flagged", "criterion_group_id",
    ])
    .execute();

  await grain(db.schema.createTable("choice_summaries"))
    .addColumn("question_id", "integer", (c) => c.notNull().references("questions.id"))
    .addColumn("choice_value", "text", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("choice_summaries_pk", [
      "answered_date", "service_point_id", "sector_id", "flagged", "question_id", "choice_value",
    ])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["choice_summaries", "group_summaries", "question_summaries", "response_summaries"]) {
    await db.schema.dropTable(table).execute();
  }
}
