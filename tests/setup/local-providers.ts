import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/*
 * The outbox's providers, for real, on 127.0.0.1: an SMTP server (the
 * `smtp-server` package) that keeps every message it accepts, and an HTTP
 * server standing in for the SMS/Zalo provider.
 */

export type ReceivedMail = { envelopeTo: string[]; headers: Record<string, string>; subject: string; text: string };

export type LocalSmtp = { url: string; received: ReceivedMail[]; close: () => Promise<void> };

/**
 * An SMTP server that requires `user`/`pass` (over plain text: it is a test)
 * and decodes what it accepts; recipients `rejects` names get a 550.
 */
export async function startSmtpServer({
  user = "mailer",
  pass = "s3cret-pass",
  rejects = () => false,
}: { user?: string; pass?: string; rejects?: (address: string) => boolean } = {}): Promise<LocalSmtp> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === pass) callback(null, { user });
      else callback(new Error("Invalid username or password"));
    },
    onRcptTo(address, _session, callback) {
      if (!rejects(address.address)) return callback();
      callback(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: no such mailbox`), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), ...parseMail(Buffer.concat(chunks).toString("latin1")) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${user}:${pass}@127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** RFC 2047 words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) as text; the space between two words is not part of either. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8"),
    );
}

/** A single-part text message as a reader sees it: headers (lower-case names, unfolded) and the decoded UTF-8 body. */
export function parseMail(raw: string): Omit<ReceivedMail, "envelopeTo"> {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const body = raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.split("\r\n")) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const encoding = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  const bytes =
    encoding === "base64"
      ? Buffer.from(body.replace(/\s+/g, ""), "base64")
      : encoding === "quoted-printable"
        ? Buffer.from(body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1")
        : Buffer.from(body, "latin1");
  return { headers, subject: decodeWords(headers.subject ?? ""), text: bytes.toString("utf8").replace(/\r\n/g, "\n").trimEnd() };
}

export type SmsRequest = { body: string; json: unknown; signature: string | undefined; contentType: string | undefined };

export type LocalSmsProvider = { url: string; requests: SmsRequest[]; close: () => Promise<void> };

/**
 * An HTTP server standing in for the SMS provider: answers each POST with the
 * next of `statuses` (the last one from then on) and keeps what it was sent.
 */
export async function startSmsProvider(statuses: number[] = [200]): Promise<LocalSmsProvider> {
  const requests: SmsRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        // kept as null: the test says what it expected
      }
      requests.push({ body, json, signature: req.headers["x-signature"] as string | undefined, contentType: req.headers["content-type"] });
      const status = statuses[Math.min(requests.length - 1, statuses.length - 1)]!;
      res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify({ status }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sms`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What the provider does with `X-Signature`, from the README's recipe: HMAC-SHA256 of the raw body under the shared key, compared in constant time. */
export function signatureVerifies(key: string, body: string, header: string | undefined): boolean {
  if (!header?.startsWith("sha256=")) return false;
  const expected = Buffer.from(crypto.createHmac("sha256", key).update(body, "utf8").digest("hex"));
  const given = Buffer.from(header.slice("sha256=".length));
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
