import crypto from "node:crypto";
import nodemailer from "nodemailer";
import { conciseError } from "~/domain/outbox";
import type { Deliver, DeliveryResult, Transports } from "./types";

/*
 * The providers the outbox hands messages to (docs/decisions/019-outbox.md).
 * Each is given the message's idempotency key, so a delivery repeated after a
 * worker stopped mid-send is one the provider can drop: e-mail as a
 * Message-ID derived from it, SMS as the `idempotencyKey` field.
 */

const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };
const SMS_TIMEOUT_MS = 10_000;

/** `<outbox.3f2a…@hailong.local>`: the same for every attempt at one message, never showing its key. */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = /@([^\s<>@]+)>?\s*$/.exec(from)?.[1] ?? "hailong.local";
  return `<outbox.${crypto.createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 32)}@${domain}>`;
}

/** SMTP errors nodemailer gives that are about the message (a 5xx to the recipient or the data), not the server. */
const MESSAGE_REFUSALS = new Set(["EENVELOPE", "EMESSAGE"]);

function smtpFailure(error: unknown): DeliveryResult {
  const e = error as { code?: string; responseCode?: number; message?: string };
  const permanent = MESSAGE_REFUSALS.has(e.code ?? "") && typeof e.responseCode === "number" && e.responseCode >= 500 && e.responseCode < 600;
  const code = [e.code, e.responseCode].filter(Boolean).join(" ");
  return { ok: false, permanent, error: conciseError(`${code ? `${code}: ` : ""}${e.message ?? String(error)}`) };
}

/** E-mail through the SMTP server of `SMTP_URL` (smtp:// or smtps://, optional user:pass), UTF-8 plain text. */
export function smtpTransport(smtpUrl: string, from: string): { deliver: Deliver; close: () => void } {
  const transporter = nodemailer.createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS, disableFileAccess: true, disableUrlAccess: true });
  return {
    deliver: async (message) => {
      try {
        await transporter.sendMail({
          from,
          to: message.recipient,
          subject: message.subject ?? "",
          text: message.body,
          messageId: messageIdFor(message.idempotencyKey, from),
        });
        return { ok: true };
      } catch (error) {
        return smtpFailure(error);
      }
    },
    close: () => transporter.close(),
  };
}

/**
 * The key SMS webhook bodies are signed with: HMAC-SHA256 of "sms-webhook"
 * under SESSION_SECRET, as hex. Derived, so the provider can be given it
 * without being given the secret that signs sessions.
 */
export function smsWebhookKey(sessionSecret: string): string {
  return crypto.createHmac("sha256", sessionSecret).update("sms-webhook").digest("hex");
}

/** `X-Signature`'s value for a body: `sha256=` and the hex HMAC-SHA256 of its exact bytes under the key. */
export function signWebhookBody(key: string, body: string): string {
  return `sha256=${crypto.createHmac("sha256", key).update(body, "utf8").digest("hex")}`;
}

/** Statuses worth another attempt; any other 4xx says this message will never be taken. */
const RETRYABLE_STATUSES = new Set([408, 425, 429]);

/**
 * SMS/Zalo through the provider's webhook: a signed JSON POST `{to, text,
 * idempotencyKey}`; any 2xx is delivered, no answer within `timeoutMs` is a
 * failed attempt.
 */
export function smsWebhookTransport(url: string, key: string, timeoutMs = SMS_TIMEOUT_MS): { deliver: Deliver; close: () => void } {
  return {
    deliver: async (message) => {
      const body = JSON.stringify({ to: message.recipient, text: message.body, idempotencyKey: message.idempotencyKey });
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json; charset=utf-8", "X-Signature": signWebhookBody(key, body) },
          body,
          redirect: "error",
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.body?.cancel();
        if (response.ok) return { ok: true };
        const permanent = response.status >= 400 && response.status < 500 && !RETRYABLE_STATUSES.has(response.status);
        return { ok: false, permanent, error: `HTTP ${response.status}` };
      } catch (error) {
        // fetch says only "fetch failed"; why (ECONNREFUSED, a bad certificate) is in its cause.
        const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
        const why = e.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message ?? String(error));
        return { ok: false, permanent: false, error: conciseError(why) };
      }
    },
    close: () => {},
  };
}

/** The providers the settings name; a channel whose provider is not set is left out (its messages wait). */
export function transportsFromSettings(settings: {
  smtpUrl: string | null;
  smtpFrom: string;
  smsWebhookUrl: string | null;
  sessionSecret: string;
}): { transports: Transports; close: () => void } {
  const email = settings.smtpUrl ? smtpTransport(settings.smtpUrl, settings.smtpFrom) : null;
  const sms = settings.smsWebhookUrl ? smsWebhookTransport(settings.smsWebhookUrl, smsWebhookKey(settings.sessionSecret)) : null;
  const transports: Transports = {};
  if (email) transports.email = email.deliver;
  if (sms) transports.sms = sms.deliver;
  return {
    transports,
    close: () => {
      email?.close();
      sms?.close();
    },
  };
}
