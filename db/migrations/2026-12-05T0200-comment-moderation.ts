import { type Kysely, sql } from "kysely";
import { currentTimestampText } from "./dialect";

// Frozen in time: never import app code here, never edit after it has shipped.
// A staff decision on one free-text answer: approved (its masked text may be
// published) or rejected. A text answer without a row is waiting in the queue.
export async function up(db: Kysely<any>): Promise<void> {
  const now = currentTimestampText(db);
  await db.schema
    .createTable("comment_moderations")
    .addColumn("answer_id", "integer", (c) => c.primaryKey().references("answers.id"))
    .addColumn("response_id", "integer", (c) => c.notNull().references("responses.id"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('approved', 'rejected')`))
    // The text as it may be published: phone numbers, e-mail addresses and ID numbers masked.
    .addColumn("masked_text", "text", (c) => c.notNull())
    .addColumn("decided_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("decided_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex("comment_moderations_status").on("comment_moderations").columns(["status", "response_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("comment_moderations").execute();
}
