import { describe, expect, test } from "vitest";
import type { SurveyQuestion } from "~/domain/questionnaire";
import {
  canonicalSubmission,
  choiceAnswerSchema,
  numberAnswerSchema,
  parseAnswers,
  scaleAnswerSchema,
  textAnswerSchema,
} from "~/domain/survey-answers";

const text = { vi: "Câu hỏi", en: "Question" };
const questions: SurveyQuestion[] = [
  { key: "courtesy", type: "scale", allowNA: false, overall: false, required: true, text, group: "sipas-staff" },
  { key: "feedback", type: "scale", allowNA: true, overall: false, required: true, text, group: "sipas-feedback" },
  { key: "overall", type: "scale", allowNA: false, overall: true, required: true, text, group: null },
  {
    key: "visits",
    type: "choice",
    required: true,
    text,
    group: null,
    options: [
      { value: "1", text },
      { value: "2", text },
      { value: "3+", text },
    ],
  },
  { key: "expectation", type: "number", min: 0, max: 100, required: false, text, group: null },
  { key: "comment", type: "text", maxLength: 20, required: false, text, group: null },
];

const valid = { courtesy: "5", feedback: "na", overall: 4, visits: "3+", expectation: "80", comment: "  Tốt lắm  " };

describe("a scale answer", () => {
  test.each([["1", 1], ["5", 5], [3, 3], [" 4 ", 4]])("accepts %j as level %i", (raw, level) => {
    expect(scaleAnswerSchema(false).parse(raw)).toBe(level);
  });
  test.each([0, 6, 4.5, "4.5", "5x", "", "abc", true, null, [], {}, -1, Number.NaN, Infinity])(
    "refuses %j",
    (raw) => {
      expect(scaleAnswerSchema(true).safeParse(raw).success).toBe(false);
    },
  );
  test("takes 'na' only where the question allows it", () => {
    expect(scaleAnswerSchema(true).parse("na")).toBe("na");
    const refused = scaleAnswerSchema(false).safeParse("na");
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe("na_not_allowed");
  });
});

describe("a choice answer", () => {
  const schema = choiceAnswerSchema(["1", "2", "3+"]);
  test("accepts one of the options, from a form or as a JSON number", () => {
    expect(schema.parse("3+")).toBe("3+");
    expect(schema.parse(2)).toBe("2");
  });
  test.each(["4", "3", "", "1 ", "__proto__", null, true])("refuses %j", (raw) => {
    const result = schema.safeParse(raw);
    if (raw === "1 ") expect(result.success).toBe(true);
    else expect(result.success).toBe(false);
  });
});

describe("a number answer", () => {
  const schema = numberAnswerSchema(0, 100);
  test.each([["0", 0], ["100", 100], [55.5, 55.5], ["42", 42]])("accepts %j", (raw, value) => {
    expect(schema.parse(raw)).toBe(value);
  });
  test.each([
    ["101", "out_of_range"],
    [-1, "out_of_range"],
    ["abc", "not_a_number"],
    ["1e3", "not_a_number"],
    [Infinity, "not_a_number"],
    [true, "not_a_number"],
  ])("refuses %j as %s", (raw, code) => {
    expect(schema.safeParse(raw).error?.issues[0]?.message).toBe(code);
  });
});

describe("a text answer", () => {
  test("is trimmed and its line endings made plain", () => {
    expect(textAnswerSchema(100).parse("  một\r\nhai  ")).toBe("một\nhai");
  });
  test("counts characters, not bytes or UTF-16 units", () => {
    expect(textAnswerSchema(3).safeParse("Đặt").success).toBe(true);
    expect(textAnswerSchema(2).safeParse("😀😀").success).toBe(true);
    expect(textAnswerSchema(3).safeParse("Đặte").error?.issues[0]?.message).toBe("too_long");
  });
  test("refuses what is not a string", () => {
    expect(textAnswerSchema(10).safeParse(5).error?.issues[0]?.message).toBe("not_text");
  });
});

describe("parsing a submission's answers", () => {
  test("returns every valid answer, typed", () => {
    const result = parseAnswers(questions, valid);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.fromEntries(result.answers)).toEqual({
      courtesy: { type: "scale", score: 5 },
      feedback: { type: "scale", score: null, notApplicable: true },
      overall: { type: "scale", score: 4 },
      visits: { type: "choice", value: "3+" },
      expectation: { type: "number", value: 80 },
      comment: { type: "text", value: "Tốt lắm" },
    });
  });

  test("leaves out blank optional answers", () => {
    const result = parseAnswers(questions, { ...valid, expectation: "", comment: "   " });
    expect(result.ok && [...result.answers.keys()]).toEqual(["courtesy", "feedback", "overall", "visits"]);
  });

  test("reports every missing required answer and every invalid one by key", () => {
    const result = parseAnswers(questions, { courtesy: "", overall: "7", visits: "9", expectation: "200" });
    expect(result).toEqual({
      ok: false,
      errors: { courtesy: "required", feedback: "required", overall: "invalid_scale", visits: "invalid_option", expectation: "out_of_range" },
    });
  });

  test("refuses answers to questions that are not in this version", () => {
    const result = parseAnswers(questions, { ...valid, staff: "5", __proto__: "1" } as Record<string, unknown>);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.staff).toBe("unknown_question");
  });

  test("refuses a key named __proto__ without touching any prototype", () => {
    const raw = JSON.parse('{"courtesy":5,"feedback":"na","overall":4,"visits":"1","__proto__":{"polluted":true}}') as Record<string, unknown>;
    const result = parseAnswers(questions, raw);
    expect(result.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("the canonical text of a submission", () => {
  const answers = (order: string[]) => {
    const parsed = parseAnswers(questions, valid);
    if (!parsed.ok) throw new Error("fixture");
    return new Map(order.map((k) => [k, parsed.answers.get(k)!]));
  };
  test("does not depend on the order answers arrived in", () => {
    const a = canonicalSubmission({ servicePoint: "P", sector: "land", ticket: null, answers: answers(["courtesy", "overall", "visits"]) });
    const b = canonicalSubmission({ servicePoint: "P", sector: "land", ticket: null, answers: answers(["visits", "courtesy", "overall"]) });
    expect(a).toBe(b);
  });
  test("differs when an answer, the sector or the ticket differs", () => {
    const base = { servicePoint: "P", sector: "land", ticket: null, answers: answers(["courtesy", "overall"]) };
    const text = canonicalSubmission(base);
    expect(canonicalSubmission({ ...base, sector: "admin" })).not.toBe(text);
    expect(canonicalSubmission({ ...base, ticket: "abc" })).not.toBe(text);
    expect(canonicalSubmission({ ...base, answers: answers(["courtesy"]) })).not.toBe(text);
  });
});

describe("a partial submission (a counter kiosk: one tap on the faces is an answer)", () => {
  test("needs only the overall question; what else is given is still checked", () => {
    expect(parseAnswers(questions, { overall: 2 }, { partial: true })).toMatchObject({ ok: true });
    const some = parseAnswers(questions, { overall: 2, visits: "2" }, { partial: true });
    expect(some.ok && [...some.answers.keys()].sort()).toEqual(["overall", "visits"]);
    expect(parseAnswers(questions, { overall: 2, courtesy: 7 }, { partial: true })).toEqual({ ok: false, errors: { courtesy: "invalid_scale" } });
    expect(parseAnswers(questions, { overall: 2, nope: 1 }, { partial: true })).toEqual({ ok: false, errors: { nope: "unknown_question" } });
    expect(parseAnswers(questions, { courtesy: 5 }, { partial: true })).toEqual({ ok: false, errors: { overall: "required" } });
  });
  test("not partial, or a version without an overall question: every required question is required", () => {
    expect(parseAnswers(questions, { overall: 2 })).toMatchObject({ ok: false, errors: { courtesy: "required", feedback: "required", visits: "required" } });
    const noOverall = questions.filter((q) => q.key !== "overall");
    expect(parseAnswers(noOverall, { courtesy: 5 }, { partial: true })).toMatchObject({ ok: false, errors: { feedback: "required", visits: "required" } });
  });
});
