/**
 * The survey's own trust signals: the device cookie, salted hashes of the
 * address and device, and the signed form-start time. The rate limits they
 * feed live in app/http/rate-limits.server.ts.
 */
import crypto from "node:crypto";
import { createCookie } from "@remix-run/node";
import { env } from "~/env.server";

function hmac(label: string, value: string): string {
  return crypto.createHmac("sha256", env().sessionSecret).update(`${label}:${value}`).digest("base64url");
}

/** IP addresses are only ever stored as salted hashes. */
export function hashIp(ip: string): string {
  return hmac("ip", ip).slice(0, 22);
}

export function hashDevice(deviceId: string): string {
  return hmac("device", deviceId).slice(0, 22);
}

/** A random per-browser id, so one phone can be limited without limiting a shared Wi-Fi. */
export const deviceCookie = createCookie("hl_device", {
  path: "/s",
  httpOnly: true,
  sameSite: "lax",
  maxAge: 60 * 60 * 24 * 365,
  secure: process.env.NODE_ENV === "production",
});

export function newDeviceId(): string {
  return crypto.randomBytes(16).toString("base64url");
}

export async function readDeviceId(request: Request): Promise<string | null> {
  const value: unknown = await deviceCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && /^[\w-]{16,64}$/.test(value) ? value : null;
}

/** When the form was opened, signed so the fill time cannot be forged. */
export function signFormStart(now: Date): string {
  const ms = String(now.getTime());
  return `${ms}.${hmac("started", ms).slice(0, 16)}`;
}

/** Seconds since the form was opened, or null when the token is missing or forged. */
export function secondsSinceFormStart(token: string | null, now: Date): number | null {
  if (!token) return null;
  const [ms, signature] = token.split(".");
  if (!ms || !signature || !/^\d{1,15}$/.test(ms)) return null;
  const expected = hmac("started", ms).slice(0, 16);
  if (signature.length !== expected.length) return null;
  if (!crypto.timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) return null;
  return (now.getTime() - Number(ms)) / 1000;
}
