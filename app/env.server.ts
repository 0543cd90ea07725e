import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { z } from "zod";

const flag = z.enum(["0", "1"]).transform((v) => v === "1");
const positiveInt = z.coerce.number().int().positive();

/** How many proxies, or which ones, may say who the client is (Express's `trust proxy`). */
export type TrustProxy = false | number | string[];

/** An address (`10.0.0.1`, `::1`) or a subnet (`10.0.0.0/8`, `fd00::/8`). */
function isAddressOrSubnet(value: string): boolean {
  const [address = "", prefix, ...rest] = value.split("/");
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Unset: nobody (the socket address is the client); `N`: that many hops; `a,b`: those proxies. */
const trustProxy = z
  .string()
  .optional()
  .transform((v, ctx): TrustProxy => {
    const value = v?.trim() ?? "";
    if (value === "") return false;
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops <= 32) return hops === 0 ? false : hops;
    } else {
      const list = value.split(",").map((a) => a.trim());
      if (list.every(isAddressOrSubnet)) return list;
    }
    ctx.addIssue({ code: "custom", message: "must be a number of proxy hops (0–32) or a comma-separated list of proxy addresses or subnets" });
    return z.NEVER;
  });

/** pino's levels, most severe first; `silent` writes nothing. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .min(1)
    .default("file:data/app.db")
    .refine((v) => v === ":memory:" || v.startsWith("file:") || /^postgres(ql)?:\/\/./.test(v), {
      message: "must be file:PATH, :memory: or postgres://USER:PASSWORD@HOST:PORT/DATABASE",
    }),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  DEMO_SEED: flag.optional(),
  /** Below this many seconds from opening the form, a response is flagged "too fast". */
  SURVEY_MIN_FILL_SECONDS: positiveInt.default(8),
  /** Responses one device may send to one service point per hour before a 429. */
  RATE_LIMIT_DEVICE_PER_HOUR: positiveInt.default(6),
  /** Responses one IP address may send to one service point per hour before a 429. */
  RATE_LIMIT_IP_PER_HOUR: positiveInt.default(600),
  /** More responses than this answered within one minute on one paired kiosk are flagged `kiosk_burst`. */
  KIOSK_BURST_PER_MINUTE: positiveInt.default(6),
  /** Which reverse proxies' X-Forwarded-For (and -Proto, -Host) to believe. */
  TRUST_PROXY: trustProxy,
  /** Days after which a response's IP and device hashes are cleared. */
  HASH_RETENTION_DAYS: positiveInt.default(30),
  /** Hours a late dossier's apology may take, from the moment it became late. */
  APOLOGY_DUE_HOURS: positiveInt.default(24),
  /** Days a follow-up case may take from the response that opened it. */
  CASE_DUE_DAYS: positiveInt.default(5),
  /** Days after a case closes when its contact details are cleared. */
  CONTACT_RETENTION_DAYS: positiveInt.default(90),
  /** Where e-mail goes: `smtp://[user:pass@]host:port` (or smtps://); unset keeps e-mail in the outbox. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** The sender of outgoing e-mail. */
  SMTP_FROM: z.string().min(3).default("Hài Lòng <no-reply@hailong.local>"),
  /** The SMS/Zalo provider's endpoint (signed JSON POST); unset keeps SMS in the outbox. */
  SMS_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Days after a month, quarter or year closes when it is published automatically. */
  PUBLISH_AFTER_DAYS: z.coerce.number().int().min(0).max(366).default(5),
  /** The least severe log line written (JSON on stdout). */
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
});

export type Env = {
  nodeEnv: "development" | "production" | "test";
  databaseUrl: string;
  port: number;
  host: string;
  sessionSecret: string;
  publicBaseUrl: string;
  demoSeed: boolean;
  surveyMinFillSeconds: number;
  rateLimitDevicePerHour: number;
  rateLimitIpPerHour: number;
  kioskBurstPerMinute: number;
  trustProxy: TrustProxy;
  hashRetentionDays: number;
  apologyDueHours: number;
  caseDueDays: number;
  contactRetentionDays: number;
  smtpUrl: string | null;
  smtpFrom: string;
  smsWebhookUrl: string | null;
  publishAfterDays: number;
  logLevel: LogLevel;
};

export class EnvError extends Error {}

/** Validates the environment; a bad value throws an EnvError naming the variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = issue.path.join(".");
    throw new EnvError(`Invalid environment variable ${name}: ${issue.message}`);
  }
  const e = result.data;
  const production = e.NODE_ENV === "production";
  if (production && !e.SESSION_SECRET) {
    throw new EnvError("Invalid environment variable SESSION_SECRET: required in production");
  }
  return {
    nodeEnv: e.NODE_ENV,
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    host: e.HOST,
    sessionSecret: e.SESSION_SECRET ?? localSecret(e.DATABASE_URL),
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    demoSeed: e.DEMO_SEED ?? !production,
    surveyMinFillSeconds: e.SURVEY_MIN_FILL_SECONDS,
    rateLimitDevicePerHour: e.RATE_LIMIT_DEVICE_PER_HOUR,
    rateLimitIpPerHour: e.RATE_LIMIT_IP_PER_HOUR,
    kioskBurstPerMinute: e.KIOSK_BURST_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
    hashRetentionDays: e.HASH_RETENTION_DAYS,
    apologyDueHours: e.APOLOGY_DUE_HOURS,
    caseDueDays: e.CASE_DUE_DAYS,
    contactRetentionDays: e.CONTACT_RETENTION_DAYS,
    smtpUrl: e.SMTP_URL ?? null,
    smtpFrom: e.SMTP_FROM,
    smsWebhookUrl: e.SMS_WEBHOOK_URL ?? null,
    publishAfterDays: e.PUBLISH_AFTER_DAYS,
    logLevel: e.LOG_LEVEL,
  };
}

/**
 * Outside production a secret is made once and kept in a file, so sessions,
 * form start times and the keyed hashes survive a restart: beside a SQLite
 * database, and for PostgreSQL in `data/` under the working directory, where
 * the default SQLite database lives. An in-memory database gets a new one
 * each start.
 */
function localSecret(databaseUrl: string): string {
  const file = localSecretFile(databaseUrl);
  if (file === null) return crypto.randomBytes(32).toString("hex");
  const kept = readSecret(file);
  if (kept !== null) return kept;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written whole under another name, then linked into place: a process
  // starting at the same moment either links first (and this one reads its
  // secret) or finds no file; never a half-written one.
  const secret = crypto.randomBytes(32).toString("hex");
  const draft = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}`;
  fs.writeFileSync(draft, secret, { mode: 0o600, flag: "wx" });
  try {
    fs.linkSync(draft, file);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return readSecret(file)!;
  } finally {
    fs.rmSync(draft, { force: true });
  }
}

function localSecretFile(databaseUrl: string): string | null {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return path.resolve("data", "local-session-secret");
  const dbFile = databaseUrl.startsWith("file:") ? databaseUrl.slice("file:".length) : "";
  if (!dbFile || dbFile === ":memory:") return null;
  return path.join(path.dirname(path.resolve(dbFile)), "session-secret");
}

/** The kept secret, or null when there is none yet. */
function readSecret(file: string): string | null {
  let secret: string;
  try {
    secret = fs.readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  if (secret.length < 32) throw new EnvError(`${file} holds no usable session secret: remove it (a new one is made) or set SESSION_SECRET`);
  return secret;
}

let cached: Env | undefined;
/** The validated environment of this process. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
