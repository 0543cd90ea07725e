import { type Kysely, sql } from "kysely";
import { autoIncrementId, currentTimestampText } from "./dialect";

// Frozen in time: never import app code here, never edit after it has shipped.
export async function up(db: Kysely<any>): Promise<void> {
  const now = currentTimestampText(db);

  await db.schema
    .createTable("sessions")
    .addColumn("id", "integer", autoIncrementId(db))
    // SHA-256 of the token the cookie carries: a leaked table opens no session.
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("api_tokens")
    .addColumn("id", "integer", autoIncrementId(db))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("role", "text", (c) =>
      c.notNull().check(sql`role in ('administrator', 'manager', 'viewer', 'integration', 'kiosk')`),
    )
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("last_used_at", "text")
    .addColumn("revoked_at", "text")
    .execute();

  await db.schema
    .createTable("api_token_sectors")
    .addColumn("token_id", "integer", (c) => c.notNull().references("api_tokens.id"))
    .addColumn("sector_id", "integer", (c) => c.notNull().references("sectors.id"))
    .addPrimaryKeyConstraint("api_token_sectors_pk", ["token_id", "sector_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["api_token_sectors", "api_tokens", "sessions"]) await db.schema.dropTable(table).execute();
}
