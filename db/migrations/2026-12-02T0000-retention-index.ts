import { type Kysely, sql } from "kysely";

// Frozen in time: never import app code here, never edit after it has shipped.
// The hourly hash retention clears `ip_hash` and `device_hash` of responses
// received before a cutoff. Only rows still holding a hash are in this index,
// so the job reads the few it clears instead of every response. Its query's
// WHERE must name this predicate as it stands, for both planners to use it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index responses_hashed_received_at on responses (received_at) where ip_hash is not null or device_hash is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("responses_hashed_received_at").execute();
}
