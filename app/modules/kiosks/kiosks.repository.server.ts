/** The kiosks table and the device tokens it points at (docs/decisions/025-kiosk-pairing.md). */
import type { DB } from "#db/client";
import type { Named } from "~/modules/organisation/organisation.repository.server";

export type KioskRecord = {
  id: number;
  name: string;
  servicePoint: { id: number; code: string; name: Named };
  resetSeconds: number;
  pairingExpiresAt: string | null;
  hasPairingCode: boolean;
  apiTokenId: number | null;
  pairedAt: string | null;
  revokedAt: string | null;
  /** Its device token was revoked (from /admin/tokens): the kiosk counts as revoked. */
  tokenRevoked: boolean;
  lastContactAt: string | null;
  lastQueued: number | null;
  lastAppVersion: string | null;
  createdAt: string;
};

function kioskQuery(db: DB) {
  return db
    .selectFrom("kiosks as k")
    .innerJoin("service_points as p", "p.id", "k.service_point_id")
    // Its device token, revoked perhaps from /admin/tokens: that revokes the kiosk too.
    .leftJoin("api_tokens as t", "t.id", "k.api_token_id")
    .select([
      "t.revoked_at as token_revoked_at",
      "k.id",
      "k.name",
      "k.reset_seconds",
      "k.pairing_code_hash",
      "k.pairing_expires_at",
      "k.api_token_id",
      "k.paired_at",
      "k.revoked_at",
      "k.last_contact_at",
      "k.last_queued",
      "k.last_app_version",
      "k.created_at",
      "p.id as point_id",
      "p.code as point_code",
      "p.name_vi as point_name_vi",
      "p.name_en as point_name_en",
    ]);
}

type KioskRow = Awaited<ReturnType<ReturnType<typeof kioskQuery>["executeTakeFirstOrThrow"]>>;

function recordOf(r: KioskRow): KioskRecord {
  return {
    id: r.id,
    name: r.name,
    servicePoint: { id: r.point_id, code: r.point_code, name: { vi: r.point_name_vi, en: r.point_name_en } },
    resetSeconds: r.reset_seconds,
    pairingExpiresAt: r.pairing_expires_at,
    hasPairingCode: r.pairing_code_hash !== null,
    apiTokenId: r.api_token_id,
    pairedAt: r.paired_at,
    revokedAt: r.revoked_at,
    tokenRevoked: r.token_revoked_at !== null,
    lastContactAt: r.last_contact_at,
    lastQueued: r.last_queued,
    lastAppVersion: r.last_app_version,
    createdAt: r.created_at,
  };
}

export async function listKiosks(db: DB): Promise<KioskRecord[]> {
  const rows = await kioskQuery(db).orderBy("p.code").orderBy("k.name").orderBy("k.id").execute();
  return rows.map(recordOf);
}

export async function findKiosk(db: DB, id: number): Promise<KioskRecord | null> {
  const row = await kioskQuery(db).where("k.id", "=", id).executeTakeFirst();
  return row ? recordOf(row) : null;
}

/** The kiosk whose current device token this is (a paired, unrevoked kiosk), or null. */
export async function findKioskByToken(db: DB, apiTokenId: number): Promise<KioskRecord | null> {
  const row = await kioskQuery(db).where("k.api_token_id", "=", apiTokenId).where("k.revoked_at", "is", null).executeTakeFirst();
  return row ? recordOf(row) : null;
}

/** The kiosk waiting with this pairing code (its hash), or null. */
export async function findKioskByPairingHash(db: DB, codeHash: string): Promise<KioskRecord | null> {
  const row = await kioskQuery(db).where("k.pairing_code_hash", "=", codeHash).where("k.revoked_at", "is", null).executeTakeFirst();
  return row ? recordOf(row) : null;
}

/** Whether a kiosk token with this hash was revoked (so the tablet can be told, not just refused). */
export async function isRevokedKioskToken(db: DB, tokenHash: string): Promise<boolean> {
  const row = await db
    .selectFrom("api_tokens")
    .select("id")
    .where("token_hash", "=", tokenHash)
    .where("role", "=", "kiosk")
    .where("revoked_at", "is not", null)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertKiosk(
  trx: DB,
  row: { name: string; servicePointId: number; resetSeconds: number; pairingCodeHash: string; pairingExpiresAt: string; createdBy: number | null },
): Promise<number> {
  const { id } = await trx
    .insertInto("kiosks")
    .values({
      name: row.name,
      service_point_id: row.servicePointId,
      reset_seconds: row.resetSeconds,
      pairing_code_hash: row.pairingCodeHash,
      pairing_expires_at: row.pairingExpiresAt,
      created_by: row.createdBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * Spends the pairing code: only the one transaction whose update finds the
 * hash still there wins (a second pairing with the same code, even at the same
 * moment, updates nothing). False when it was already spent.
 */
export async function spendPairingCode(trx: DB, kioskId: number, codeHash: string, apiTokenId: number, at: string): Promise<boolean> {
  const result = await trx
    .updateTable("kiosks")
    .set({ pairing_code_hash: null, pairing_expires_at: null, api_token_id: apiTokenId, paired_at: at, last_contact_at: at })
    .where("id", "=", kioskId)
    .where("pairing_code_hash", "=", codeHash)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A new pairing code; the kiosk no longer has a device token (the caller revokes the old one). */
export async function setPairingCode(trx: DB, kioskId: number, codeHash: string, expiresAt: string): Promise<void> {
  await trx
    .updateTable("kiosks")
    .set({ pairing_code_hash: codeHash, pairing_expires_at: expiresAt, api_token_id: null, paired_at: null })
    .where("id", "=", kioskId)
    .execute();
}

export async function markKioskRevoked(trx: DB, kioskId: number, at: string): Promise<void> {
  await trx.updateTable("kiosks").set({ revoked_at: at, pairing_code_hash: null, pairing_expires_at: null }).where("id", "=", kioskId).execute();
}

export async function revokeTokenRow(trx: DB, apiTokenId: number, at: string): Promise<void> {
  await trx.updateTable("api_tokens").set({ revoked_at: at }).where("id", "=", apiTokenId).where("revoked_at", "is", null).execute();
}

export async function recordHeartbeat(db: DB, kioskId: number, input: { at: string; queued: number; appVersion: string }): Promise<void> {
  await db
    .updateTable("kiosks")
    .set({ last_contact_at: input.at, last_queued: input.queued, last_app_version: input.appVersion })
    .where("id", "=", kioskId)
    .execute();
}

/** Records contact (a response sent), at most once a minute: a write per response would compete with the submissions. */
export async function recordContact(db: DB, kioskId: number, now: Date): Promise<void> {
  const stale = new Date(now.getTime() - 60_000).toISOString();
  await db
    .updateTable("kiosks")
    .set({ last_contact_at: now.toISOString() })
    .where("id", "=", kioskId)
    .where((eb) => eb.or([eb("last_contact_at", "is", null), eb("last_contact_at", "<", stale)]))
    .execute();
}

/** When the kiosk's stored responses within a minute either side of `answeredAt` were answered (ms). */
export async function answerTimesNear(trx: DB, kioskId: number, answeredAt: Date): Promise<number[]> {
  const rows = await trx
    .selectFrom("responses")
    .select("answered_at")
    .where("kiosk_id", "=", kioskId)
    .where("answered_at", ">", new Date(answeredAt.getTime() - 60_000).toISOString())
    .where("answered_at", "<", new Date(answeredAt.getTime() + 60_000).toISOString())
    .execute();
  return rows.map((r) => Date.parse(r.answered_at));
}
