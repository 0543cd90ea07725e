/**
 * Counter kiosks (docs/decisions/025-kiosk-pairing.md): registering one for a
 * service point, its one-time pairing code, pairing a tablet (which receives an
 * ordinary `kiosk` API token, stored as a hash in api_tokens), heartbeats,
 * revoking, and the trust a paired kiosk's submissions get.
 */
import crypto from "node:crypto";
import type { DB } from "#db/client";
import { fieldProblem } from "~/domain/form-errors";
import {
  formatPairingCode,
  isKioskBurst,
  kioskStatus,
  pairingCodeFromBytes,
  pairingExpired,
  pairingExpiry,
  PAIRING_CODE_LENGTH,
  type KioskStatus,
  type NewKiosk,
} from "~/domain/kiosks";
import { problem, refused, succeeded, type Outcome } from "~/domain/problem";
import type { KioskSender } from "~/domain/trust";
import { vietnamMinute } from "~/domain/vietnam-time";
import { env } from "~/env.server";
import { bearerTokenOf, hashToken, newSecretToken } from "~/modules/accounts/sessions.service.server";
import type { Principal } from "~/modules/accounts/types";
import { insertApiToken } from "~/modules/accounts/users.repository.server";
import { recordAudit } from "~/modules/audit/audit.repository.server";
import type { Actor } from "~/modules/audit/types";
import { getActiveServicePoint, type Named } from "~/modules/organisation/organisation.repository.server";
import { qrSvg } from "~/modules/posters/qr.server";
import { inTransaction } from "~/modules/shared/transaction.server";
import * as repo from "./kiosks.repository.server";

export type { KioskRecord } from "./kiosks.repository.server";

/** A pairing code is short (40 bits): stored as an HMAC with the server's secret, so a copied table cannot be tried offline. */
function hashPairingCode(code: string): string {
  return crypto.createHmac("sha256", env().sessionSecret).update(`kiosk-pairing:${code}`).digest("base64url");
}

function newPairingCode(): string {
  return pairingCodeFromBytes(crypto.randomBytes(PAIRING_CODE_LENGTH));
}

/** Where the tablet pairs: `PUBLIC_BASE_URL/kiosk?code=…`. */
export function pairingUrl(code: string): string {
  return `${env().publicBaseUrl}/kiosk?code=${encodeURIComponent(code)}`;
}

/** A fresh pairing code, as the administrator sees it once. */
export type IssuedCode = { id: number; name: string; pairingCode: string; shown: string; expiresAt: string; url: string; qrSvg: string };

async function issued(id: number, name: string, code: string, expiresAt: string): Promise<IssuedCode> {
  const url = pairingUrl(code);
  return { id, name, pairingCode: code, shown: formatPairingCode(code), expiresAt, url, qrSvg: await qrSvg(url, "label") };
}

/** An ISO instant as Vietnam time, to the minute. */
export function shownTime(iso: string | null): string | null {
  return iso ? vietnamMinute(new Date(iso)) : null;
}

/** A fresh code as the administrator's page shows it: grouped, its expiry in Vietnam time, its QR as an image address. */
export function shownPairingCode(issued: IssuedCode) {
  return {
    name: issued.name,
    code: issued.shown,
    expiresAt: shownTime(issued.expiresAt)!,
    url: issued.url,
    qrDataUri: `data:image/svg+xml;base64,${Buffer.from(issued.qrSvg).toString("base64")}`,
  };
}

/** Registers a kiosk for an active service point and gives its one-time pairing code. */
export async function registerKiosk(db: DB, actor: Actor, input: NewKiosk, now = new Date()): Promise<Outcome<IssuedCode>> {
  const point = await getActiveServicePoint(db, input.servicePoint);
  if (!point) return refused(fieldProblem("badRequest", "servicePoint", "notFound"));
  const code = newPairingCode();
  const expiresAt = pairingExpiry(now).toISOString();
  const outcome = await inTransaction(db, async (trx) => {
    const id = await repo.insertKiosk(trx, {
      name: input.name,
      servicePointId: point.id,
      resetSeconds: input.resetSeconds,
      pairingCodeHash: hashPairingCode(code),
      pairingExpiresAt: expiresAt,
      createdBy: actor.userId,
    });
    await recordAudit(trx, actor, {
      action: "create",
      entityType: "kiosk",
      entityId: id,
      label: input.name,
      after: { name: input.name, servicePoint: point.code, resetSeconds: input.resetSeconds, pairingExpiresAt: expiresAt },
    }, now);
    return succeeded(id);
  });
  if (!outcome.ok) return outcome;
  return succeeded(await issued(outcome.value, input.name, code, expiresAt));
}

/**
 * A new pairing code for a kiosk that is not revoked (a replaced or reset
 * tablet): the device token it had stops at once, and it waits for pairing.
 */
export async function issueNewPairingCode(db: DB, actor: Actor, id: number, now = new Date()): Promise<Outcome<IssuedCode>> {
  const code = newPairingCode();
  const expiresAt = pairingExpiry(now).toISOString();
  const outcome = await inTransaction(db, async (trx) => {
    const kiosk = await repo.findKiosk(trx, id);
    if (!kiosk) return refused(problem("notFound", "no kiosk has that id"));
    if (kioskStatus(kiosk) === "revoked") return refused(problem("conflict", "the kiosk was revoked; register a new one"));
    if (kiosk.apiTokenId !== null) await repo.revokeTokenRow(trx, kiosk.apiTokenId, now.toISOString());
    await repo.setPairingCode(trx, id, hashPairingCode(code), expiresAt);
    await recordAudit(trx, actor, {
      action: "new_pairing_code",
      entityType: "kiosk",
      entityId: id,
      label: kiosk.name,
      before: { status: kioskStatus(kiosk) },
      after: { status: "waiting", pairingExpiresAt: expiresAt },
    }, now);
    return succeeded(kiosk.name);
  });
  if (!outcome.ok) return outcome;
  return succeeded(await issued(id, outcome.value, code, expiresAt));
}

/** Revokes a kiosk: its device token answers 401 `revoked` from the next request on. Revoking twice changes nothing. */
export function revokeKiosk(db: DB, actor: Actor, id: number, now = new Date()): Promise<Outcome<string>> {
  return inTransaction(db, async (trx) => {
    const kiosk = await repo.findKiosk(trx, id);
    if (!kiosk) return refused(problem("notFound", "no kiosk has that id"));
    if (kiosk.revokedAt !== null) return succeeded(kiosk.name);
    const at = now.toISOString();
    await repo.markKioskRevoked(trx, id, at);
    if (kiosk.apiTokenId !== null) await repo.revokeTokenRow(trx, kiosk.apiTokenId, at);
    await recordAudit(trx, actor, {
      action: "revoke",
      entityType: "kiosk",
      entityId: id,
      label: kiosk.name,
      before: { status: kioskStatus(kiosk), revokedAt: null },
      after: { status: "revoked", revokedAt: at },
    }, now);
    return succeeded(kiosk.name);
  });
}

/** What a tablet is told about itself when it pairs and at every heartbeat. */
export type KioskView = { id: number; name: string; servicePoint: { code: string; name: string; nameEn: string }; resetSeconds: number };

function viewOf(k: repo.KioskRecord): KioskView {
  return { id: k.id, name: k.name, servicePoint: { code: k.servicePoint.code, name: k.servicePoint.name.vi, nameEn: k.servicePoint.name.en }, resetSeconds: k.resetSeconds };
}

export type PairOutcome = { kind: "paired"; token: string; kiosk: KioskView } | { kind: "unknown" } | { kind: "expired" };

/**
 * Pairs a tablet with a one-time code (already normalised): it receives a
 * `kiosk` device token, of which only the hash is kept. The code is spent by
 * the one transaction that still finds it; any other use of it is `unknown`.
 */
export async function pairKiosk(db: DB, code: string, now = new Date()): Promise<PairOutcome> {
  const codeHash = hashPairingCode(code);
  const kiosk = await repo.findKioskByPairingHash(db, codeHash);
  if (!kiosk) return { kind: "unknown" };
  if (pairingExpired(kiosk.pairingExpiresAt, now)) return { kind: "expired" };
  const token = newSecretToken("hlk");
  const at = now.toISOString();
  const outcome = await inTransaction(db, async (trx) => {
    const tokenId = await insertApiToken(trx, { name: `kiosk: ${kiosk.name}`, tokenHash: hashToken(token), role: "kiosk", sectorIds: [], createdBy: null });
    if (!(await repo.spendPairingCode(trx, kiosk.id, codeHash, tokenId, at))) return refused(problem("notFound", "already used"));
    await recordAudit(trx, { userId: null, name: `kiosk: ${kiosk.name}` }, {
      action: "pair",
      entityType: "kiosk",
      entityId: kiosk.id,
      label: kiosk.name,
      before: { status: "waiting" },
      after: { status: "paired", pairedAt: at },
    }, now);
    return succeeded(null);
  });
  if (!outcome.ok) return { kind: "unknown" };
  return { kind: "paired", token, kiosk: viewOf(kiosk) };
}

/**
 * Who a kiosk endpoint is talking to: a paired kiosk (its current token), a
 * revoked kiosk token (told so, so the tablet can say it to staff), another
 * caller (including a `kiosk` token made with `npm run token:create`), or no one.
 */
export type KioskCaller =
  | { kind: "paired"; kiosk: repo.KioskRecord }
  | { kind: "revoked" }
  | { kind: "other" }
  | { kind: "none" };

export async function kioskCallerOf(db: DB, request: Request, principal: Principal | null): Promise<KioskCaller> {
  if (principal) {
    if (principal.kind !== "token" || principal.role !== "kiosk") return { kind: "other" };
    const kiosk = await repo.findKioskByToken(db, principal.id);
    return kiosk ? { kind: "paired", kiosk } : { kind: "other" };
  }
  const bearer = bearerTokenOf(request);
  if (bearer && (await repo.isRevokedKioskToken(db, hashToken(bearer)))) return { kind: "revoked" };
  return { kind: "none" };
}

/** A heartbeat: when the tablet last called, how many answers it still holds, which app version it runs. */
export async function recordKioskHeartbeat(db: DB, kiosk: repo.KioskRecord, input: { queued: number; appVersion: string }, now = new Date()): Promise<KioskView> {
  await repo.recordHeartbeat(db, kiosk.id, { at: now.toISOString(), queued: input.queued, appVersion: input.appVersion });
  return viewOf(kiosk);
}

/** A response from the kiosk counts as contact too. */
export function noteKioskContact(db: DB, kiosk: repo.KioskRecord, now = new Date()): Promise<void> {
  return repo.recordContact(db, kiosk.id, now);
}

/** How the survey module treats this paired kiosk's submissions: its own point only, and the kiosk burst rule. */
export function kioskSender(kiosk: repo.KioskRecord): KioskSender<DB> {
  const perMinute = env().kioskBurstPerMinute;
  return {
    id: kiosk.id,
    servicePointId: kiosk.servicePoint.id,
    burst: async (trx, answeredAt) => isKioskBurst(answeredAt.getTime(), await repo.answerTimesNear(trx, kiosk.id, answeredAt), perMinute),
  };
}

/** A kiosk as the administrators' list shows it. */
export type KioskListing = {
  id: number;
  name: string;
  servicePoint: { code: string; name: Named };
  resetSeconds: number;
  status: KioskStatus;
  pairingExpired: boolean;
  pairingExpiresAt: string | null;
  lastContactAt: string | null;
  lastQueued: number | null;
  lastAppVersion: string | null;
};

export async function listKioskListings(db: DB, now = new Date()): Promise<KioskListing[]> {
  const kiosks = await repo.listKiosks(db);
  return kiosks.map((k) => ({
    id: k.id,
    name: k.name,
    servicePoint: { code: k.servicePoint.code, name: k.servicePoint.name },
    resetSeconds: k.resetSeconds,
    status: kioskStatus(k),
    pairingExpired: kioskStatus(k) === "waiting" && pairingExpired(k.pairingExpiresAt, now),
    pairingExpiresAt: k.pairingExpiresAt,
    lastContactAt: k.lastContactAt,
    lastQueued: k.lastQueued,
    lastAppVersion: k.lastAppVersion,
  }));
}

/** Active service points an administrator may register a kiosk for. */
export { listServicePoints as listPointChoices } from "~/modules/organisation/organisation.repository.server";
