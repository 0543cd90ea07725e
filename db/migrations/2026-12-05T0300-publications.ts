import { type Kysely, sql } from "kysely";
import { autoIncrementId, currentTimestampText } from "./dialect";

// Frozen in time: never import app code here, never edit after it has shipped.
// A published period is a frozen snapshot (DOMAIN.md, "Publishing and ranking"):
// each publication of a period is a new revision; the highest one is current.
export async function up(db: Kysely<any>): Promise<void> {
  const now = currentTimestampText(db);
  await db.schema
    .createTable("publications")
    .addColumn("id", "integer", autoIncrementId(db))
    // `2026-11`, `2026-Q4` or `2026`.
    .addColumn("period", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('month', 'quarter', 'year')`))
    .addColumn("from_date", "text", (c) => c.notNull())
    .addColumn("to_date", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull())
    // null: published automatically PUBLISH_AFTER_DAYS after the period closed.
    .addColumn("published_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("published_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("note", "text")
    // Every figure the public page and its JSON show, as JSON text.
    .addColumn("snapshot_json", "text", (c) => c.notNull())
    // A hash of the snapshot: the public page's and API's ETag.
    .addColumn("etag", "text", (c) => c.notNull())
    .addUniqueConstraint("publications_period_revision", ["period", "revision"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("publications").execute();
}
