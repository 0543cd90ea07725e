import { type Kysely, sql } from "kysely";
import { autoIncrementId, currentTimestampText } from "./dialect";

// Frozen in time: never import app code here, never edit after it has shipped.
export async function up(db: Kysely<any>): Promise<void> {
  const now = currentTimestampText(db);

  // Messages to citizens (an apology sent, a case answered), written in the same
  // transaction as the change they tell of, delivered later by a worker.
  await db.schema
    .createTable("outbox_messages")
    .addColumn("id", "integer", autoIncrementId(db))
    // Unique: what makes a retried change enqueue one message, and what the
    // provider is given so that a delivery repeated after a crash is dropped there.
    .addColumn("idempotency_key", "text", (c) => c.notNull().unique())
    // `email` or `sms`.
    .addColumn("channel", "text", (c) => c.notNull())
    // What it tells of: `apology_sent`, `case_answered`…
    .addColumn("kind", "text", (c) => c.notNull())
    // The address: an e-mail address or a Vietnamese phone number.
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("subject", "text")
    .addColumn("body", "text", (c) => c.notNull())
    // `pending` → `sending` (claimed) → `sent`; `failed` after the last attempt.
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    // When the next attempt may start (backoff), or when a claim expires.
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    // Which worker holds it while `sending`.
    .addColumn("claimed_by", "text")
    .addColumn("last_error", "text")
    .addColumn("sent_at", "text")
    // What it is about, for the admin page and for tests: `apology`/`case` and its id.
    .addColumn("subject_type", "text")
    .addColumn("subject_id", "integer")
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();
  // The worker's question: what is due now.
  await sql`create index outbox_due on outbox_messages (next_attempt_at) where status in ('pending', 'sending')`.execute(db);
  await db.schema.createIndex("outbox_status_created").on("outbox_messages").columns(["status", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("outbox_messages").execute();
}
