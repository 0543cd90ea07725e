import { describe, expect, test } from "vitest";
import {
  builderRefusalOf,
  earlierWordings,
  moveKey,
  NewQuestionnaireSchema,
  optionLinesOf,
  parseOptionLines,
  publishProblemErrors,
  publishProblems,
  questionProblems,
  QuestionFormSchema,
} from "~/domain/questionnaire-draft";
import { fieldErrorsOf } from "~/domain/form-errors";

function errorsOf(input: unknown) {
  const parsed = QuestionFormSchema.safeParse(input, { reportInput: true });
  return parsed.success ? null : fieldErrorsOf(parsed.error);
}

const scale = { type: "scale", key: "courtesy", textVi: "Công chức lịch sự", textEn: "Courteous staff", required: "1" };

describe("a new questionnaire", () => {
  test("has a code of lowercase letters, digits and dashes, and names in both languages", () => {
    expect(NewQuestionnaireSchema.safeParse({ code: "khao-sat-2", nameVi: "Phiếu", nameEn: "Form" }).success).toBe(true);
    for (const code of ["Khao", "khao sat", "-khao", "khao--sat", "khảo", "a".repeat(41), ""]) {
      expect(NewQuestionnaireSchema.safeParse({ code, nameVi: "Phiếu", nameEn: "Form" }).success, code).toBe(false);
    }
    expect(NewQuestionnaireSchema.safeParse({ code: "ok", nameVi: "  ", nameEn: "Form" }).success).toBe(false);
  });
});

describe("option lines", () => {
  test("read `value | Vietnamese | English`, one per line, ignoring blank lines and spaces", () => {
    const parsed = parseOptionLines(" on_time | Đúng hẹn | On time \n\n late|Trễ hẹn|Late\r\n");
    expect(parsed).toEqual({
      ok: true,
      options: [
        { value: "on_time", text: { vi: "Đúng hẹn", en: "On time" } },
        { value: "late", text: { vi: "Trễ hẹn", en: "Late" } },
      ],
    });
    if (parsed.ok) expect(parseOptionLines(optionLinesOf(parsed.options))).toEqual(parsed);
  });

  test.each([
    ["", "required"],
    ["a | A | A", "tooFew"],
    ["a | A | A\nb B B", "format"],
    ["a | A\nb | B | B", "format"],
    ["a | A | A | x\nb | B | B", "format"],
    ["a |  | A\nb | B | B", "format"],
    ["a b | A | A\nc | C | C", "format"],
    ["a | A | A\na | B | B", "duplicate"],
    [Array.from({ length: 21 }, (_, i) => `v${i} | V | V`).join("\n"), "tooMany"],
  ])("refuse %j (%s)", (text, code) => {
    expect(parseOptionLines(text)).toMatchObject({ ok: false, code });
  });
});

describe("the question form", () => {
  test("reads each type with its own settings", () => {
    expect(QuestionFormSchema.parse({ ...scale, allowNA: "1", overall: "1" })).toMatchObject({ type: "scale", allowNA: true, overall: true, required: true, groupKey: null });
    expect(QuestionFormSchema.parse({ ...scale, type: "choice", options: "a | A | A\nb | B | B" })).toMatchObject({ type: "choice", options: [{ value: "a" }, { value: "b" }] });
    expect(QuestionFormSchema.parse({ ...scale, type: "number", min: "0", max: "100" })).toMatchObject({ type: "number", min: 0, max: 100 });
    expect(QuestionFormSchema.parse({ ...scale, type: "text", maxLength: "500", required: undefined })).toMatchObject({ type: "text", maxLength: 500, required: false });
  });

  test("puts each problem beside its field", () => {
    expect(errorsOf({ ...scale, key: "Bad Key", textVi: "" })).toMatchObject({ key: { code: "format" }, textVi: { code: "required" } });
    expect(errorsOf({ ...scale, type: "choice", options: "x" })).toMatchObject({ options: { code: "format" } });
    expect(errorsOf({ ...scale, type: "choice" })).toMatchObject({ options: { code: "required" } });
    expect(errorsOf({ ...scale, type: "number", min: "abc", max: "1e9" })).toMatchObject({ min: { code: "invalid" }, max: { code: "invalid" } });
    expect(errorsOf({ ...scale, type: "number", min: "10", max: "10" })).toMatchObject({ max: { code: "rangeOrder" } });
    expect(errorsOf({ ...scale, type: "number", min: "", max: "99999999999" })).toMatchObject({ min: { code: "required" }, max: { code: "tooBig" } });
    expect(errorsOf({ ...scale, type: "text", maxLength: "0" })).toMatchObject({ maxLength: { code: "tooSmall" } });
    expect(errorsOf({ ...scale, type: "text", maxLength: "12.5" })).toMatchObject({ maxLength: { code: "invalid" } });
    expect(errorsOf({ ...scale, type: "poll" })).toMatchObject({ type: { code: "invalid" } });
    expect(errorsOf({ ...scale, textVi: "x".repeat(501) })).toMatchObject({ textVi: { code: "tooLong" } });
    expect(errorsOf({ ...scale, key: ["a", "b"] })).toMatchObject({ key: { code: "invalid" } });
  });
});

describe("question keys", () => {
  const context = { draftKeys: ["signage", "overall"], earlierTypes: new Map([["courtesy", "scale"], ["visits", "choice"]]), otherOverall: true, groupKeys: ["sipas-staff"] };
  const q = QuestionFormSchema.parse(scale);

  test("are unique in the draft", () => {
    expect(questionProblems({ ...q, key: "signage" }, context)).toEqual([{ field: "key", code: "duplicate" }]);
  });

  test("may reuse an earlier version's key only for the same type, so indices join across versions", () => {
    expect(questionProblems(q, context)).toEqual([]);
    expect(questionProblems({ ...q, key: "visits" }, context)).toEqual([{ field: "key", code: "invalid" }]);
    expect(questionProblems({ ...q, key: "brand_new" }, context)).toEqual([]);
  });

  test("allow one overall question and known criterion groups only", () => {
    expect(questionProblems({ ...q, type: "scale", allowNA: false, overall: true }, context)).toEqual([{ field: "overall", code: "invalid" }]);
    expect(questionProblems({ ...q, groupKey: "nope" }, context)).toEqual([{ field: "group", code: "notFound" }]);
    expect(questionProblems({ ...q, groupKey: "sipas-staff" }, context)).toEqual([]);
  });
});

describe("moving a question", () => {
  test("swaps it with its neighbour", () => {
    expect(moveKey(["a", "b", "c"], "b", "up")).toEqual(["b", "a", "c"]);
    expect(moveKey(["a", "b", "c"], "b", "down")).toEqual(["a", "c", "b"]);
  });
  test("refuses past either end or for an unknown key", () => {
    expect(moveKey(["a", "b"], "a", "up")).toBeNull();
    expect(moveKey(["a", "b"], "b", "down")).toBeNull();
    expect(moveKey(["a", "b"], "z", "up")).toBeNull();
  });
});

describe("publishing", () => {
  const none = new Map<string, string>();
  test("needs at least one question", () => {
    expect(publishProblems([], null, none)).toEqual([{ code: "noQuestions" }]);
  });
  test("needs an overall question when the previous version had one, not for a first version", () => {
    const previous = [{ key: "overall", type: "scale", overall: true }];
    expect(publishProblems([{ key: "a", type: "scale", overall: false }], previous, none)).toEqual([{ code: "overallMissing" }]);
    expect(publishProblems([{ key: "a", type: "scale", overall: false }], null, none)).toEqual([]);
  });
  test("refuses two overall questions, a key that changed type and a choice with fewer than two options", () => {
    const draft = [
      { key: "a", type: "scale", overall: true },
      { key: "b", type: "scale", overall: true },
      { key: "c", type: "text", overall: false },
      { key: "d", type: "choice", overall: false, optionCount: 1 },
    ];
    expect(publishProblems(draft, null, new Map([["c", "scale"]]))).toEqual([
      { code: "severalOverall" },
      { code: "keyTypeChanged", key: "c" },
      { code: "tooFewOptions", key: "d" },
    ]);
  });
});

describe("earlier wordings", () => {
  test("lists the wordings before the latest that differ from it, newest first, with their versions", () => {
    const w = (version: number, vi: string) => ({ version, text: { vi, en: vi } });
    expect(earlierWordings([w(1, "Cũ"), w(2, "Cũ"), w(3, "Giữa"), w(4, "Mới")], "vi")).toEqual([
      { versions: [3], text: "Giữa" },
      { versions: [1, 2], text: "Cũ" },
    ]);
    expect(earlierWordings([w(1, "Mới"), w(2, "Mới")], "vi")).toEqual([]);
    expect(earlierWordings([], "vi")).toEqual([]);
  });
});

describe("a refused builder form", () => {
  test("keeps the fields' errors, the form's notice and the reasons not to publish apart, as they were given", () => {
    const problems = [{ code: "overallMissing" }, { code: "keyTypeChanged", key: "courtesy" }] as const;
    expect(builderRefusalOf({ ...publishProblemErrors(problems), key: { code: "duplicate" }, _form: { code: "noDraft" } })).toEqual({
      errors: { key: { code: "duplicate" } },
      notice: "noDraft",
      publishProblems: [{ code: "overallMissing" }, { code: "keyTypeChanged", key: "courtesy" }],
    });
    expect(builderRefusalOf({})).toEqual({ errors: {} });
  });
});
