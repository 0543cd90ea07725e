import { type Kysely, sql } from "kysely";
import { autoIncrementId, currentTimestampText, realType } from "./dialect";

// Frozen in time: never import app code here, never edit after it has shipped.
export async function up(db: Kysely<any>): Promise<void> {
  const now = currentTimestampText(db);

  await db.schema
    .createTable("questionnaires")
    .addColumn("id", "integer", autoIncrementId(db))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name_vi", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable("questionnaire_versions")
    .addColumn("id", "integer", autoIncrementId(db))
    .addColumn("questionnaire_id", "integer", (c) => c.notNull().references("questionnaires.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('draft', 'published')`))
    .addColumn("published_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("questionnaire_versions_number", ["questionnaire_id", "version"])
    .execute();

  await db.schema
    .createTable("criterion_groups")
    .addColumn("id", "integer", autoIncrementId(db))
    .addColumn("key", "text", (c) => c.notNull().unique())
    .addColumn("name_vi", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("sort_order", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable("questions")
    .addColumn("id", "integer", autoIncrementId(db))
    .addColumn("questionnaire_version_id", "integer", (c) =>
      c.notNull().references("questionnaire_versions.id"),
    )
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("type", "text", (c) =>
      c.notNull().check(sql`type in ('scale', 'choice', 'number', 'text')`),
    )
    .addColumn("criterion_group_id", "integer", (c) => c.references("criterion_groups.id"))
    .addColumn("is_overall", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("required", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("allow_na", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("text_vi", "text", (c) => c.notNull())
    .addColumn("text_en", "text", (c) => c.notNull())
    .addColumn("options_json", "text")
    .addColumn("min_value", realType(db))
    .addColumn("max_value", realType(db))
    .addColumn("max_length", "integer")
    .addUniqueConstraint("questions_key_per_version", ["questionnaire_version_id", "key"])
    .execute();

  await db.schema
    .createTable("sectors")
    .addColumn("id", "integer", autoIncrementId(db))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name_vi", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("questionnaire_id", "integer", (c) => c.references("questionnaires.id"))
    .addColumn("sort_order", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable("sector_targets")
    .addColumn("id", "integer", autoIncrementId(db))
    .addColumn("sector_id", "integer", (c) => c.notNull().references("sectors.id"))
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("value", realType(db), (c) => c.notNull().check(sql`value >= 0 and value <= 1`))
    .addColumn("comparator", "text", (c) => c.notNull().check(sql`comparator in ('>=', '>')`))
    .addColumn("headline_index", "text", (c) =>
      c.notNull().check(sql`headline_index in ('overall', 'answers', 'comprehensive')`),
    )
    .addColumn("min_sample", "integer", (c) => c.notNull().defaultTo(30))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("sector_targets_year", ["sector_id", "year"])
    .execute();

  await db.schema
    .createTable("agencies")
    .addColumn("id", "integer", autoIncrementId(db))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("parent_id", "integer", (c) => c.references("agencies.id"))
    .addColumn("name_vi", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable("service_points")
    .addColumn("id", "integer", autoIncrementId(db))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("agency_id", "integer", (c) => c.notNull().references("agencies.id"))
    .addColumn("name_vi", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("questionnaire_id", "integer", (c) => c.references("questionnaires.id"))
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable("service_point_sectors")
    .addColumn("service_point_id", "integer", (c) => c.notNull().references("service_points.id"))
    .addColumn("sector_id", "integer", (c) => c.notNull().references("sectors.id"))
    .addPrimaryKeyConstraint("service_point_sectors_pk", ["service_point_id", "sector_id"])
    .execute();

  await db.schema
    .createTable("tickets")
    .addColumn("id", "integer", autoIncrementId(db))
    .addColumn("token", "text", (c) => c.notNull().unique())
    .addColumn("service_point_id", "integer", (c) => c.notNull().references("service_points.id"))
    .addColumn("sector_id", "integer", (c) => c.references("sectors.id"))
    .addColumn("dossier_code", "text")
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("expires_at", "text")
    .addColumn("used_at", "text")
    .execute();

  await db.schema
    .createTable("responses")
    .addColumn("id", "integer", autoIncrementId(db))
    .addColumn("client_id", "text", (c) => c.notNull().unique())
    .addColumn("service_point_id", "integer", (c) => c.notNull().references("service_points.id"))
    .addColumn("questionnaire_version_id", "integer", (c) =>
      c.notNull().references("questionnaire_versions.id"),
    )
    .addColumn("sector_id", "integer", (c) => c.notNull().references("sectors.id"))
    .addColumn("channel", "text", (c) =>
      c.notNull().check(sql`channel in ('qr', 'ticket', 'kiosk', 'api')`),
    )
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("answered_at", "text", (c) => c.notNull())
    .addColumn("answered_date", "text", (c) => c.notNull())
    .addColumn("received_at", "text", (c) => c.notNull())
    .addColumn("ip_hash", "text")
    .addColumn("device_hash", "text")
    .addColumn("flagged", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("flag_reason", "text")
    .addColumn("ticket_id", "integer", (c) => c.unique().references("tickets.id"))
    .addColumn("content_hash", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("responses_point_date")
    .on("responses")
    .columns(["service_point_id", "answered_date"])
    .execute();
  await db.schema
    .createIndex("responses_sector_date")
    .on("responses")
    .columns(["sector_id", "answered_date"])
    .execute();

  await db.schema
    .createTable("answers")
    .addColumn("id", "integer", autoIncrementId(db))
    .addColumn("response_id", "integer", (c) => c.notNull().references("responses.id"))
    .addColumn("question_id", "integer", (c) => c.notNull().references("questions.id"))
    .addColumn("score", "integer", (c) => c.check(sql`score between 1 and 5`))
    .addColumn("is_na", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("choice_value", "text")
    .addColumn("number_value", realType(db))
    .addColumn("text_value", "text")
    .addUniqueConstraint("answers_one_per_question", ["response_id", "question_id"])
    .execute();
  await db.schema.createIndex("answers_question").on("answers").column("question_id").execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "integer", autoIncrementId(db))
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) =>
      c.notNull().check(sql`role in ('administrator', 'manager', 'viewer')`),
    )
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("must_change_password", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable("user_sectors")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("sector_id", "integer", (c) => c.notNull().references("sectors.id"))
    .addPrimaryKeyConstraint("user_sectors_pk", ["user_id", "sector_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "user_sectors",
    "users",
    "answers",
    "responses",
    "tickets",
    "service_point_sectors",
    "service_points",
    "agencies",
    "sector_targets",
    "sectors",
    "questions",
    "criterion_groups",
    "questionnaire_versions",
    "questionnaires",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
