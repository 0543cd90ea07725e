import crypto from "node:crypto";
import { createCookie } from "@remix-run/node";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
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

const HOUR = 60 * 60;
const TEN_MINUTES = 10 * 60;

type Limiters = {
  deviceHour: RateLimiterMemory;
  ipHour: RateLimiterMemory;
  deviceRepeat: RateLimiterMemory;
  ipBurst: RateLimiterMemory;
};
let limiters: Limiters | undefined;

function getLimiters(): Limiters {
  limiters ??= {
    deviceHour: new RateLimiterMemory({ keyPrefix: "dev-h", points: env().rateLimitDevicePerHour, duration: HOUR }),
    ipHour: new RateLimiterMemory({ keyPrefix: "ip-h", points: env().rateLimitIpPerHour, duration: HOUR }),
    // Soft limits: exceeding them flags the response instead of refusing it.
    deviceRepeat: new RateLimiterMemory({ keyPrefix: "dev-r", points: 1, duration: TEN_MINUTES }),
    ipBurst: new RateLimiterMemory({ keyPrefix: "ip-b", points: 30, duration: TEN_MINUTES }),
  };
  return limiters;
}

async function exceeds(limiter: RateLimiterMemory, key: string): Promise<RateLimiterRes | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return rejection;
    throw rejection;
  }
}

export type RateCheck =
  | { limited: true; retryAfterSeconds: number }
  | { limited: false; deviceRepeat: boolean; ipBurst: boolean };

/**
 * Counts one submission to a service point from a device and an address.
 * A device is held to a tight limit; an address to a loose one, because a busy
 * centre's citizens share one Wi-Fi address.
 */
export async function checkSubmissionRate(input: {
  servicePointId: number;
  deviceId: string | null;
  ip: string;
}): Promise<RateCheck> {
  const l = getLimiters();
  const deviceKey = input.deviceId ? `${input.servicePointId}:${input.deviceId}` : null;
  const ipKey = `${input.servicePointId}:${input.ip}`;

  const hard = (deviceKey ? await exceeds(l.deviceHour, deviceKey) : null) ?? (await exceeds(l.ipHour, ipKey));
  if (hard) return { limited: true, retryAfterSeconds: Math.ceil(hard.msBeforeNext / 1000) };

  return {
    limited: false,
    deviceRepeat: deviceKey ? (await exceeds(l.deviceRepeat, deviceKey)) !== null : false,
    ipBurst: (await exceeds(l.ipBurst, ipKey)) !== null,
  };
}
