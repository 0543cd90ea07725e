/**
 * Every rate limit of the product, by name, in one place. Limits are counted
 * in this process's memory (rate-limiter-flexible); the PostgreSQL issue moves
 * them into the database so several processes share them.
 *
 * Guarded secrets (passwords) are limited consume-before-verify: a try takes
 * its point first, atomically, so concurrent guesses cannot all slip in
 * between a check and a count. A successful try gives its point back, so only
 * failures count and a busy office never locks itself out.
 */
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { Attempt } from "~/domain/attempt";
import type { SubmissionLimits } from "~/domain/trust";
import { env } from "~/env.server";

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/** Seconds a refused caller should wait (at least 1). */
function retryAfter(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/** Takes a point from `key`; the refusal when the limit is already used up. */
async function consume(limiter: RateLimiterMemory, key: string): Promise<RateLimiterRes | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return rejection;
    throw rejection;
  }
}

/**
 * A guarded try: points are taken from every key before the secret is
 * checked. `failed` keeps them; `succeeded` gives them back (and clears the
 * keys named in `clearOnSuccess`).
 */
async function beginAttempt(
  keys: ReadonlyArray<{ limiter: RateLimiterMemory; key: string; clearOnSuccess?: boolean }>,
): Promise<Attempt> {
  const taken: typeof keys[number][] = [];
  for (const k of keys) {
    const refused = await consume(k.limiter, k.key);
    if (refused) {
      // Give back what this refused try took from the other keys.
      await Promise.all(taken.map((t) => t.limiter.reward(t.key, 1)));
      return { allowed: false, retryAfterSeconds: retryAfter(refused) };
    }
    taken.push(k);
  }
  return {
    allowed: true,
    failed: async () => {},
    succeeded: async () => {
      await Promise.all(taken.map((t) => (t.clearOnSuccess ? t.limiter.delete(t.key) : t.limiter.reward(t.key, 1))));
    },
  };
}

/* ---------------------------------------------------------------------------
 * Sign-in: 5 failures per account and address, 30 per address, in 15 minutes.
 * ------------------------------------------------------------------------ */

const LOGIN_WINDOW = 15 * MINUTE;
export const LOGIN_FAILURES_PER_ACCOUNT = 5;
export const LOGIN_FAILURES_PER_ADDRESS = 30;

const loginAccount = new RateLimiterMemory({ keyPrefix: "login-acct", points: LOGIN_FAILURES_PER_ACCOUNT, duration: LOGIN_WINDOW });
const loginAddress = new RateLimiterMemory({ keyPrefix: "login-ip", points: LOGIN_FAILURES_PER_ADDRESS, duration: LOGIN_WINDOW });

export const loginLimits = {
  begin: ({ ip, account }: { ip: string; account: string }): Promise<Attempt> =>
    beginAttempt([
      { limiter: loginAddress, key: ip },
      { limiter: loginAccount, key: `${ip}:${account}`, clearOnSuccess: true },
    ]),
};

/* ---------------------------------------------------------------------------
 * Changing one's own password: 5 wrong current passwords per account in 15 minutes.
 * ------------------------------------------------------------------------ */

export const CURRENT_PASSWORD_GUESSES = 5;
const currentPassword = new RateLimiterMemory({ keyPrefix: "password-change", points: CURRENT_PASSWORD_GUESSES, duration: 15 * MINUTE });

export const currentPasswordLimits = {
  begin: (userId: number): Promise<Attempt> => beginAttempt([{ limiter: currentPassword, key: String(userId), clearOnSuccess: true }]),
};

/* ---------------------------------------------------------------------------
 * Citizen submissions, per service point: a tight limit per device, a loose
 * one per address (a centre's citizens share one Wi-Fi), and two soft limits
 * that flag rather than refuse.
 * ------------------------------------------------------------------------ */

const REPEAT_WINDOW = 10 * MINUTE;
export const IP_BURST_PER_TEN_MINUTES = 30;

type SubmissionLimiters = { deviceHour: RateLimiterMemory; ipHour: RateLimiterMemory; deviceRepeat: RateLimiterMemory; ipBurst: RateLimiterMemory };
let submission: SubmissionLimiters | undefined;

function submissionLimiters(): SubmissionLimiters {
  submission ??= {
    deviceHour: new RateLimiterMemory({ keyPrefix: "dev-h", points: env().rateLimitDevicePerHour, duration: HOUR }),
    ipHour: new RateLimiterMemory({ keyPrefix: "ip-h", points: env().rateLimitIpPerHour, duration: HOUR }),
    deviceRepeat: new RateLimiterMemory({ keyPrefix: "dev-r", points: 1, duration: REPEAT_WINDOW }),
    ipBurst: new RateLimiterMemory({ keyPrefix: "ip-b", points: IP_BURST_PER_TEN_MINUTES, duration: REPEAT_WINDOW }),
  };
  return submission;
}

/**
 * Counts one citizen submission to a service point from a device (when known)
 * and an address. The survey module is handed this by the route for every
 * submitter that is not a trusted device.
 */
export const countSubmission: SubmissionLimits = async (input) => {
  const l = submissionLimiters();
  const deviceKey = input.deviceId ? `${input.servicePointId}:${input.deviceId}` : null;
  const ipKey = `${input.servicePointId}:${input.ip}`;
  const hard = (deviceKey ? await consume(l.deviceHour, deviceKey) : null) ?? (await consume(l.ipHour, ipKey));
  if (hard) return { limited: true, retryAfterSeconds: retryAfter(hard) };
  return {
    limited: false,
    deviceRepeat: deviceKey ? (await consume(l.deviceRepeat, deviceKey)) !== null : false,
    ipBurst: (await consume(l.ipBurst, ipKey)) !== null,
  };
};
