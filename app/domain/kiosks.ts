/**
 * Counter kiosks (docs/decisions/025-kiosk-pairing.md): the one-time pairing
 * code, a kiosk's status, what the admin form and the JSON API accept, and the
 * kiosk burst rule. Pure: no clock, no randomness of its own, no database.
 */
import { z } from "zod";
import { CONTROL_CHARACTERS } from "./printable-text";

export { PAIRING_ALPHABET, PAIRING_CODE_LENGTH, pairingCodeFromBytes, normalisePairingCode, formatPairingCode } from "./pairing-code";

/** How long a pairing code may wait for its tablet. */
export const PAIRING_CODE_HOURS = 24;

export const RESET_SECONDS_DEFAULT = 20;
export const RESET_SECONDS_MIN = 5;
export const RESET_SECONDS_MAX = 300;

/** The longest app version a heartbeat may report. */
export const APP_VERSION_MAX = 40;

export function pairingExpiry(now: Date): Date {
  return new Date(now.getTime() + PAIRING_CODE_HOURS * 3600_000);
}

export function pairingExpired(expiresAt: string | null, now: Date): boolean {
  return expiresAt === null || expiresAt <= now.toISOString();
}

export type KioskStatus = "waiting" | "paired" | "revoked";

/**
 * Revoked is final — the kiosk itself, or its device token from /admin/tokens;
 * a kiosk with a device token is paired; otherwise it waits for its (new) pairing code.
 */
export function kioskStatus(kiosk: { revokedAt: string | null; apiTokenId: number | null; tokenRevoked?: boolean }): KioskStatus {
  if (kiosk.revokedAt !== null || kiosk.tokenRevoked === true) return "revoked";
  return kiosk.apiTokenId !== null ? "paired" : "waiting";
}

/**
 * The kiosk burst rule: a response is flagged `kiosk_burst` when some window of
 * one minute that holds its `answeredAt` holds more than `perMinute` of the
 * kiosk's responses, itself included. It goes by when citizens answered, not by
 * when the answers arrived: an offline queue synced at once is no burst when
 * its answers were given minutes apart. `others` are the answer times (ms) of
 * the kiosk's stored responses; only those within a minute either side matter.
 */
export function isKioskBurst(answeredAt: number, others: readonly number[], perMinute: number): boolean {
  const WINDOW = 60_000;
  const near = others.filter((t) => Math.abs(t - answeredAt) < WINDOW).concat(answeredAt).sort((a, b) => a - b);
  // Every window [start, start + 1 min) that holds answeredAt starts at one of the times before or at it.
  for (let i = 0; i < near.length && near[i]! <= answeredAt; i++) {
    let count = 0;
    for (let j = i; j < near.length && near[j]! < near[i]! + WINDOW; j++) count++;
    if (count > perMinute) return true;
  }
  return false;
}

const POINT_CODE = /^[A-Za-z0-9_-]+$/;

const kioskName = z
  .string({ message: "must be a string" })
  .trim()
  .min(1, "is required")
  .max(120, "must be at most 120 characters")
  .refine((v) => !CONTROL_CHARACTERS.test(v), { message: "must be printable text" });

const pointCode = z
  .string({ message: "must be a string" })
  .trim()
  .min(1, "is required")
  .max(64, "is too long")
  .regex(POINT_CODE, "must be a service point code (letters, digits, dashes)");

const resetSeconds = z
  .number({ message: "must be a number" })
  .int("must be a whole number of seconds")
  .min(RESET_SECONDS_MIN, `must be at least ${RESET_SECONDS_MIN}`)
  .max(RESET_SECONDS_MAX, `must be at most ${RESET_SECONDS_MAX}`);

/** `POST /api/v1/kiosks`: `{servicePoint, name, resetSeconds?}`. */
export const NewKioskRequest = z.strictObject({
  servicePoint: pointCode,
  name: kioskName,
  resetSeconds: resetSeconds.optional(),
});
export type NewKiosk = { servicePoint: string; name: string; resetSeconds: number };

/** The admin form: the same fields, as text. */
export const NewKioskForm = z.object({
  servicePoint: pointCode,
  name: kioskName,
  resetSeconds: z
    .string()
    .trim()
    .max(6)
    .regex(/^\d*$/, "must be a whole number of seconds")
    .transform((v) => (v === "" ? RESET_SECONDS_DEFAULT : Number(v)))
    .pipe(resetSeconds),
});

/** `POST /api/v1/kiosk/pair`: `{pairingCode}`. */
export const PairRequest = z.strictObject({
  pairingCode: z.string({ message: "must be a string" }).min(1, "is required").max(40, "is too long"),
});

/** `POST /api/v1/kiosk/heartbeat`: `{queued, appVersion}`. */
export const HeartbeatRequest = z.strictObject({
  queued: z.number({ message: "must be a number" }).int("must be an integer").min(0, "must be 0 or more").max(1_000_000, "is too large"),
  appVersion: z
    .string({ message: "must be a string" })
    .trim()
    .min(1, "is required")
    .max(APP_VERSION_MAX, `must be at most ${APP_VERSION_MAX} characters`)
    .refine((v) => !CONTROL_CHARACTERS.test(v), { message: "must be printable text" }),
});
