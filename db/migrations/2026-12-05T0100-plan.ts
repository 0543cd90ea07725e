import { type Kysely, sql } from "kysely";
import { autoIncrementId, currentTimestampText, realType } from "./dialect";

// Frozen in time: never import app code here, never edit after it has shipped.
// The year's plan as data (DOMAIN.md, "The plan as data"): indicators with a
// scope, a measure, a target and its comparator.
export async function up(db: Kysely<any>): Promise<void> {
  const now = currentTimestampText(db);
  await db.schema
    .createTable("plan_indicators")
    .addColumn("id", "integer", autoIncrementId(db))
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("name_vi", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    // `all`: every sector; `sectors`: the ones in plan_indicator_sectors.
    .addColumn("scope", "text", (c) => c.notNull().check(sql`scope in ('all', 'sectors')`))
    .addColumn("measure", "text", (c) =>
      c.notNull().check(sql`measure in ('headline', 'overall', 'answers', 'on_time', 'apology')`),
    )
    .addColumn("target_value", realType(db), (c) => c.notNull().check(sql`target_value >= 0 and target_value <= 1`))
    .addColumn("comparator", "text", (c) => c.notNull().check(sql`comparator in ('>=', '>')`))
    .addColumn("min_sample", "integer", (c) => c.notNull().defaultTo(30))
    .addColumn("sort_order", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("plan_indicators_year_key", ["year", "key"])
    .execute();
  await db.schema
    .createTable("plan_indicator_sectors")
    .addColumn("indicator_id", "integer", (c) => c.notNull().references("plan_indicators.id").onDelete("cascade"))
    .addColumn("sector_id", "integer", (c) => c.notNull().references("sectors.id"))
    .addPrimaryKeyConstraint("plan_indicator_sectors_pk", ["indicator_id", "sector_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("plan_indicator_sectors").execute();
  await db.schema.dropTable("plan_indicators").execute();
}
