import { describe, expect, test } from "vitest";
import { builderQuestionOf, questionRowToQuestion, type QuestionRow } from "~/modules/questionnaires/question-rows.server";

const row = (over: Partial<QuestionRow>): QuestionRow => ({
  id: 7,
  questionnaire_version_id: 2,
  key: "courtesy",
  position: 3,
  type: "scale",
  criterion_group_id: 4,
  group_key: "attitude",
  is_overall: 0,
  required: 1,
  allow_na: 1,
  text_vi: "Công chức lịch sự",
  text_en: "Courteous staff",
  options_json: null,
  min_value: null,
  max_value: null,
  max_length: null,
  ...over,
});

describe("one mapping of a stored question", () => {
  test("the survey reads a scale question with its texts, group and flags", () => {
    expect(questionRowToQuestion(row({}))).toEqual({
      id: 7,
      position: 3,
      key: "courtesy",
      type: "scale",
      required: true,
      allowNA: true,
      overall: false,
      text: { vi: "Công chức lịch sự", en: "Courteous staff" },
      group: "attitude",
      groupId: 4,
    });
  });

  test("choice options come from their JSON; number and text get their bounds, or the defaults", () => {
    const options = [{ value: "1", text: { vi: "Một", en: "One" } }];
    expect(questionRowToQuestion(row({ type: "choice", options_json: JSON.stringify(options) }))).toMatchObject({ type: "choice", options });
    expect(questionRowToQuestion(row({ type: "number", min_value: null, max_value: null }))).toMatchObject({ type: "number", min: 0, max: 100 });
    expect(questionRowToQuestion(row({ type: "text", max_length: null }))).toMatchObject({ type: "text", maxLength: 2000 });
  });

  test("the builder sees the same question as its form's fields", () => {
    expect(builderQuestionOf(questionRowToQuestion(row({ is_overall: 1, group_key: null, criterion_group_id: null })))).toEqual({
      id: 7,
      position: 3,
      key: "courtesy",
      type: "scale",
      textVi: "Công chức lịch sự",
      textEn: "Courteous staff",
      groupKey: null,
      required: true,
      allowNA: true,
      overall: true,
    });
  });
});
