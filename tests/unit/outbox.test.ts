import crypto from "node:crypto";
import { describe, expect, test } from "vitest";
import { afterFailedAttempt, conciseError, maskRecipient, OUTBOX_MAX_ATTEMPTS, retryDelayMs } from "~/domain/outbox";
import { messageIdFor, signWebhookBody, smsWebhookKey } from "~/modules/outbox/transports.server";

const MINUTE = 60 * 1000;
const NOW = new Date("2026-12-02T03:00:00.000Z");

describe("the outbox's backoff", () => {
  test("waits 1 minute after the first failure, then doubles, never more than an hour", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => retryDelayMs(n) / MINUTE)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  test("a failed attempt before the last one is tried again after its delay", () => {
    expect(afterFailedAttempt(1, NOW, false)).toEqual({ status: "pending", nextAttemptAt: new Date("2026-12-02T03:01:00.000Z") });
    expect(afterFailedAttempt(3, NOW, false)).toEqual({ status: "pending", nextAttemptAt: new Date("2026-12-02T03:04:00.000Z") });
    expect(afterFailedAttempt(OUTBOX_MAX_ATTEMPTS - 1, NOW, false).status).toBe("pending");
  });

  test("the last attempt's failure, or a provider's permanent refusal at any attempt, fails the message", () => {
    expect(OUTBOX_MAX_ATTEMPTS).toBe(8);
    expect(afterFailedAttempt(OUTBOX_MAX_ATTEMPTS, NOW, false)).toEqual({ status: "failed" });
    expect(afterFailedAttempt(1, NOW, true)).toEqual({ status: "failed" });
  });

  test("eight attempts span about two hours", () => {
    const waited = Array.from({ length: OUTBOX_MAX_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1)).reduce((a, b) => a + b, 0);
    expect(waited / MINUTE).toBe(1 + 2 + 4 + 8 + 16 + 32 + 60);
  });
});

describe("recipients as staff see them", () => {
  test("a phone number keeps its first two and last three digits", () => {
    expect(maskRecipient("sms", "0912345678")).toBe("09•••••678");
    expect(maskRecipient("sms", "02383123456")).toBe("02••••••456");
  });

  test("an e-mail address keeps its first letter and its domain", () => {
    expect(maskRecipient("email", "a@b.vn")).toBe("a•••@b.vn");
    expect(maskRecipient("email", "nguyen.van.an@nghean.gov.vn")).toBe("n•••@nghean.gov.vn");
  });

  test("something that is not an address shows nothing of itself", () => {
    expect(maskRecipient("email", "no-at-sign")).toBe("•••");
    expect(maskRecipient("sms", "123")).toBe("•••");
  });
});

describe("errors as they are kept and logged", () => {
  test("addresses, phone numbers and a URL's password are blanked; the rest stays readable", () => {
    const kept = conciseError("EENVELOPE 550: 550 5.1.1 <nguyen.an@nghean.gov.vn>: Recipient address rejected (call 0912 345 678)");
    expect(kept).toBe("EENVELOPE 550: 550 5.1.1 <•••@•••>: Recipient address rejected (call •••)");
    expect(conciseError("connect ECONNREFUSED 127.0.0.1:2525")).toBe("connect ECONNREFUSED 127.0.0.1:2525");
    expect(conciseError("Invalid login for smtp://mailer:s3cret@mail.example:587")).not.toContain("s3cret");
  });

  test("they are one line of at most 200 characters", () => {
    const kept = conciseError(`first line\n\tsecond ${"x".repeat(500)}`);
    expect(kept).not.toMatch(/\n/);
    expect(kept).toHaveLength(200);
    expect(kept.startsWith("first line second x")).toBe(true);
    expect(conciseError("   ")).toBe("unknown error");
  });
});

describe("what the providers are given", () => {
  test("the SMS signature is the hex HMAC-SHA256 of the exact body under the key derived from SESSION_SECRET, as the README says", () => {
    const secret = "a-session-secret-of-at-least-32-characters";
    const key = smsWebhookKey(secret);
    // The README's recipe, step by step.
    expect(key).toBe(crypto.createHmac("sha256", secret).update("sms-webhook").digest("hex"));
    const body = JSON.stringify({ to: "0912345678", text: "Hồ sơ của ông/bà đã có kết quả.", idempotencyKey: "case:7:sms" });
    const signature = signWebhookBody(key, body);
    expect(signature).toBe(`sha256=${crypto.createHmac("sha256", key).update(Buffer.from(body, "utf8")).digest("hex")}`);
    // Not the session secret itself, and not a signature of another body.
    expect(key).not.toContain(secret);
    expect(signWebhookBody(key, body.replace("7", "8"))).not.toBe(signature);
    expect(signWebhookBody(smsWebhookKey(`${secret}!`), body)).not.toBe(signature);
  });

  test("an e-mail's Message-ID is the same for every attempt at one message, differs between messages, and does not show the key", () => {
    const from = "Hài Lòng <no-reply@hailong.nghean.gov.vn>";
    const id = messageIdFor("apology:42:email", from);
    expect(id).toMatch(/^<outbox\.[0-9a-f]{32}@hailong\.nghean\.gov\.vn>$/);
    expect(messageIdFor("apology:42:email", from)).toBe(id);
    expect(messageIdFor("apology:43:email", from)).not.toBe(id);
    expect(id).not.toContain("apology");
    expect(messageIdFor("x", "no address at all")).toMatch(/@hailong\.local>$/);
  });
});
