import { type Kysely, sql } from "kysely";
import { autoIncrementId, currentTimestampText } from "./dialect";

// Frozen in time: never import app code here, never edit after it has shipped.
// A counter tablet paired to one service point (docs/decisions/025-kiosk-pairing.md).
// Its device token is an ordinary api_tokens row with role `kiosk`: only its
// hash is stored, there, and revoking it is revoking that row.
export async function up(db: Kysely<any>): Promise<void> {
  const now = currentTimestampText(db);
  await db.schema
    .createTable("kiosks")
    .addColumn("id", "integer", autoIncrementId(db))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("service_point_id", "integer", (c) => c.notNull().references("service_points.id"))
    .addColumn("reset_seconds", "integer", (c) => c.notNull().defaultTo(20).check(sql`reset_seconds between 5 and 300`))
    // HMAC of the one-time pairing code; null once it was used (or never issued).
    .addColumn("pairing_code_hash", "text", (c) => c.unique())
    .addColumn("pairing_expires_at", "text")
    // The device token the pairing gave the tablet (api_tokens.role = 'kiosk').
    .addColumn("api_token_id", "integer", (c) => c.references("api_tokens.id").unique())
    .addColumn("paired_at", "text")
    .addColumn("revoked_at", "text")
    .addColumn("last_contact_at", "text")
    .addColumn("last_queued", "integer")
    .addColumn("last_app_version", "text")
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex("kiosks_service_point").on("kiosks").column("service_point_id").execute();

  // Which paired kiosk sent a response: the kiosk burst rule counts a kiosk's
  // responses by when they were answered.
  await db.schema.alterTable("responses").addColumn("kiosk_id", "integer", (c) => c.references("kiosks.id")).execute();
  await db.schema.createIndex("responses_kiosk_answered").on("responses").columns(["kiosk_id", "answered_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("responses_kiosk_answered").execute();
  await db.schema.alterTable("responses").dropColumn("kiosk_id").execute();
  await db.schema.dropTable("kiosks").execute();
}
