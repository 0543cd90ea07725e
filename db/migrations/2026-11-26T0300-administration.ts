import { type Kysely, sql } from "kysely";
import { autoIncrementId, currentTimestampText } from "./dialect";

// Frozen in time: never import app code here, never edit after it has shipped.
export async function up(db: Kysely<any>): Promise<void> {
  const now = currentTimestampText(db);

  // Every administrative change, written in the transaction that makes it.
  await db.schema
    .createTable("audit_log")
    .addColumn("id", "integer", autoIncrementId(db))
    .addColumn("at", "text", (c) => c.notNull())
    // Kept as text too, so the record survives renaming or removing the account.
    .addColumn("actor_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("actor_name", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("entity_type", "text", (c) => c.notNull())
    .addColumn("entity_id", "integer")
    .addColumn("entity_label", "text", (c) => c.notNull())
    .addColumn("before_json", "text")
    .addColumn("after_json", "text")
    .execute();
  await db.schema.createIndex("audit_log_at").on("audit_log").column("at").execute();
  await db.schema.createIndex("audit_log_entity").on("audit_log").columns(["entity_type", "entity_id"]).execute();

  // A batch of per-dossier tickets minted together, printed as one sheet.
  await db.schema
    .createTable("ticket_batches")
    .addColumn("id", "integer", autoIncrementId(db))
    .addColumn("service_point_id", "integer", (c) => c.notNull().references("service_points.id"))
    .addColumn("sector_id", "integer", (c) => c.references("sectors.id"))
    .addColumn("count", "integer", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.alterTable("tickets").addColumn("batch_id", "integer", (c) => c.references("ticket_batches.id")).execute();
  await db.schema.createIndex("tickets_batch").on("tickets").column("batch_id").execute();

  // At most one draft per questionnaire: the builder edits that one.
  await sql`create unique index questionnaire_versions_one_draft on questionnaire_versions (questionnaire_id) where status = 'draft'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index questionnaire_versions_one_draft`.execute(db);
  await db.schema.dropIndex("tickets_batch").execute();
  await db.schema.alterTable("tickets").dropColumn("batch_id").execute();
  await db.schema.dropTable("ticket_batches").execute();
  await db.schema.dropTable("audit_log").execute();
}
