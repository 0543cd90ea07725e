import { type Kysely, sql } from "kysely";
import { autoIncrementId, currentTimestampText } from "./dialect";

// Frozen in time: never import app code here, never edit after it has shipped.
// Times are ISO-8601 UTC text, booleans 0/1 integers: the same tables on SQLite and PostgreSQL.
export async function up(db: Kysely<any>): Promise<void> {
  const now = currentTimestampText(db);

  // A dossier as the one-stop software reports it, keyed by its own code.
  await db.schema
    .createTable("dossiers")
    .addColumn("id", "integer", autoIncrementId(db))
    // Unique: what makes a repeated or concurrent post store one dossier.
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("service_point_id", "integer", (c) => c.notNull().references("service_points.id"))
    .addColumn("sector_id", "integer", (c) => c.notNull().references("sectors.id"))
    .addColumn("procedure", "text")
    .addColumn("received_at", "text", (c) => c.notNull())
    // The due time in force: it only moves later, each move kept in dossier_due_changes.
    .addColumn("due_at", "text", (c) => c.notNull())
    .addColumn("returned_at", "text")
    // Only with consent; cleared when a later post withdraws it.
    .addColumn("contact_phone", "text")
    .addColumn("contact_email", "text")
    .addColumn("consent", "integer", (c) => c.notNull().defaultTo(0))
    // When it became late (the due time it passed); null while it is not.
    .addColumn("late_at", "text")
    // The single-use survey ticket minted once when the result is returned.
    .addColumn("ticket_id", "integer", (c) => c.references("tickets.id"))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();
  // The minute's check: unreturned dossiers not yet marked late, by due time.
  await sql`create index dossiers_overdue on dossiers (due_at) where returned_at is null and late_at is null`.execute(db);
  // Returned dossiers by return time: the on-time figures count by the period of return.
  await sql`create index dossiers_returned_at on dossiers (returned_at) where returned_at is not null`.execute(db);
  await db.schema.createIndex("dossiers_point_sector").on("dossiers").columns(["service_point_id", "sector_id"]).execute();

  // Each extension of a dossier's due time: from, to, when and by whom.
  await db.schema
    .createTable("dossier_due_changes")
    .addColumn("id", "integer", autoIncrementId(db))
    .addColumn("dossier_id", "integer", (c) => c.notNull().references("dossiers.id"))
    .addColumn("from_due_at", "text", (c) => c.notNull())
    .addColumn("to_due_at", "text", (c) => c.notNull())
    .addColumn("changed_at", "text", (c) => c.notNull())
    // What moved it: `dossier_api` (the one-stop software), later `apology`.
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("actor_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("actor_name", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("dossier_due_changes_dossier").on("dossier_due_changes").columns(["dossier_id", "changed_at"]).execute();

  // Exactly one apology per late dossier (the unique dossier_id keeps it so under races).
  await db.schema
    .createTable("apologies")
    .addColumn("id", "integer", autoIncrementId(db))
    .addColumn("dossier_id", "integer", (c) => c.notNull().unique().references("dossiers.id"))
    // `required` until the "Phiếu xin lỗi" is sent, then `sent`.
    .addColumn("status", "text", (c) => c.notNull())
    // late_at + APOLOGY_DUE_HOURS.
    .addColumn("due_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .addColumn("reason", "text")
    .addColumn("new_due_at", "text")
    .execute();
  await db.schema.createIndex("apologies_status_due").on("apologies").columns(["status", "due_by"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("apologies").execute();
  await db.schema.dropTable("dossier_due_changes").execute();
  await db.schema.dropTable("dossiers").execute();
}
