import { type Kysely, sql } from "kysely";
import { autoIncrementId, currentTimestampText } from "./dialect";

// Frozen in time: never import app code here, never edit after it has shipped.
// Times are ISO-8601 UTC text, like every table: the same columns on SQLite and PostgreSQL.
export async function up(db: Kysely<any>): Promise<void> {
  const now = currentTimestampText(db);

  // A follow-up case: a response whose citizen left contact details with consent.
  await db.schema
    .createTable("cases")
    .addColumn("id", "integer", autoIncrementId(db))
    // The citizen's tracking code (10 Crockford base32 characters); unique, so a
    // collision of the random code is retried rather than shared.
    .addColumn("code", "text", (c) => c.notNull().unique())
    // Unique: one case per response however often the response is resent.
    .addColumn("response_id", "integer", (c) => c.notNull().unique().references("responses.id"))
    .addColumn("agency_id", "integer", (c) => c.notNull().references("agencies.id"))
    .addColumn("service_point_id", "integer", (c) => c.notNull().references("service_points.id"))
    .addColumn("sector_id", "integer", (c) => c.notNull().references("sectors.id"))
    // `open` → `answered` → `closed`; reopened back to `open`.
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open"))
    .addColumn("due_at", "text", (c) => c.notNull())
    // Given with consent; cleared CONTACT_RETENTION_DAYS after the case closes.
    .addColumn("contact_phone", "text")
    .addColumn("contact_email", "text")
    .addColumn("contact_cleared_at", "text")
    // What the citizen reads at /tra-cuu.
    .addColumn("public_answer", "text")
    .addColumn("answered_at", "text")
    // How many times it was answered: the n of the answer's outbox key `case:<id>:answered:<n>`.
    .addColumn("answer_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("closed_at", "text")
    .addColumn("reopened_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("reopened_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();
  // The staff list, overdue first: by sector (a manager's scope) or agency, status, due time.
  await db.schema.createIndex("cases_sector_status_due").on("cases").columns(["sector_id", "status", "due_at"]).execute();
  await db.schema.createIndex("cases_agency_status_due").on("cases").columns(["agency_id", "status", "due_at"]).execute();
  // Retention: closed cases that still hold a contact, by when they closed.
  await sql`create index cases_contact_retention on cases (closed_at) where status = 'closed' and (contact_phone is not null or contact_email is not null)`.execute(db);

  // Staff's internal notes on a case; never shown to the citizen.
  await db.schema
    .createTable("case_notes")
    .addColumn("id", "integer", autoIncrementId(db))
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("author_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("author_name", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("case_notes_case").on("case_notes").columns(["case_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("case_notes").execute();
  await db.schema.dropTable("cases").execute();
}
