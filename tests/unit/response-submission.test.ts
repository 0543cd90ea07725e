import { describe, expect, test } from "vitest";
import { answeredAtError, ResponseSubmissionSchema } from "~/domain/response-submission";

const valid = {
  id: "6f1c1b8e-3c3a-4c52-9a57-0c1f6f7b8a11",
  servicePoint: "TT-DD-01",
  answers: { overall: 5, feedback: "na" },
};

describe("the JSON submission body", () => {
  test("accepts the documented shape and defaults the locale to Vietnamese", () => {
    const parsed = ResponseSubmissionSchema.parse({ ...valid, extra: "ignored" });
    expect(parsed.locale).toBe("vi");
    expect(parsed.answers).toEqual({ overall: 5, feedback: "na" });
    expect("extra" in parsed).toBe(false);
  });
  test.each([
    ["id", { ...valid, id: "not-a-uuid" }],
    ["id", { ...valid, id: undefined }],
    ["servicePoint", { ...valid, servicePoint: "" }],
    ["servicePoint", { ...valid, servicePoint: "x".repeat(65) }],
    ["locale", { ...valid, locale: "fr" }],
    ["answeredAt", { ...valid, answeredAt: "yesterday" }],
    ["answers", { ...valid, answers: [5] }],
    ["answers", { ...valid, answers: "5" }],
    ["answers", { ...valid, answers: null }],
    ["answers", { ...valid, answers: { overall: { nested: 1 } } }],
    ["answers", { ...valid, answers: { overall: true } }],
    ["answers", { ...valid, answers: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 1])) }],
  ])("refuses a bad %s", (field, body) => {
    const result = ResponseSubmissionSchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(String(result.error?.issues[0]?.path[0])).toBe(field);
  });
  test("keeps an answer key named __proto__ so it can be refused as unknown", () => {
    const parsed = ResponseSubmissionSchema.parse(JSON.parse(`{"id":"${valid.id}","servicePoint":"P","answers":{"__proto__":5}}`));
    expect(Object.keys(parsed.answers)).toEqual(["__proto__"]);
  });
});

describe("the capture time of a submission", () => {
  const now = new Date("2026-11-26T03:00:00Z");
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const day = 24 * 3600_000;
  test("from a kiosk or an integration is accepted from 30 days back up to 5 minutes ahead", () => {
    expect(answeredAtError(ago(30 * day), now, true)).toBeNull();
    expect(answeredAtError(ago(-5 * 60_000), now, true)).toBeNull();
    expect(answeredAtError(ago(2 * day), now, true)).toBeNull();
  });
  test("from a kiosk or an integration is refused beyond either limit", () => {
    expect(answeredAtError(ago(30 * day + 1), now, true)).toBe("answered_at_too_old");
    expect(answeredAtError(ago(-5 * 60_000 - 1), now, true)).toBe("answered_at_ahead");
  });
  test("from anyone else is accepted only from 24 hours back", () => {
    expect(answeredAtError(ago(day), now, false)).toBeNull();
    expect(answeredAtError(ago(-5 * 60_000), now, false)).toBeNull();
    expect(answeredAtError(ago(day + 1), now, false)).toBe("answered_at_needs_trusted_device");
    expect(answeredAtError(ago(2 * day), now, false)).toBe("answered_at_needs_trusted_device");
    expect(answeredAtError(ago(31 * day), now, false)).toBe("answered_at_too_old");
    expect(answeredAtError(ago(-5 * 60_000 - 1), now, false)).toBe("answered_at_ahead");
  });
});
