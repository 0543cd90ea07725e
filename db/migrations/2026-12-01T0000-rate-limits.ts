import type { Kysely } from "kysely";

// Frozen in time: never import app code here, never edit after it has shipped.
// Plain text and integer columns only: the same table on SQLite and PostgreSQL.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("rate_limits")
    // A policy's name and what it counts, such as `login-ip:203.0.113.5`.
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("points", "integer", (c) => c.notNull())
    // ISO-8601 UTC, as every time in the schema: the window's end.
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rate_limits").execute();
}
