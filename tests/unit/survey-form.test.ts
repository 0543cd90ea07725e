import { describe, expect, test } from "vitest";
import { decodeFormBody, MalformedFormError, parseSurveyForm } from "~/domain/survey-form";

describe("decoding a posted form body", () => {
  test("decodes UTF-8 percent-escapes and pluses", () => {
    expect(decodeFormBody("q.comment=T%E1%BB%91t+l%E1%BA%AFm&id=1")).toEqual([
      ["q.comment", "Tốt lắm"],
      ["id", "1"],
    ]);
  });
  test("keeps a field without a value as empty", () => {
    expect(decodeFormBody("website=&flag")).toEqual([
      ["website", ""],
      ["flag", ""],
    ]);
  });
  test.each(["q.comment=%E0%A4%A", "q.comment=%FF", "%C3%28=1", "q.x=%"])("refuses malformed escapes in %s", (body) => {
    expect(() => decodeFormBody(body)).toThrow(MalformedFormError);
  });
  test("an empty body has no fields", () => {
    expect(decodeFormBody("")).toEqual([]);
  });
});

describe("reading the survey form", () => {
  test("reads the optional contact apart from the answers: consent only when the box sent 1", () => {
    expect(parseSurveyForm([["contact_phone", "0912345678"], ["contact_consent", "1"], ["q.overall", "2"]])).toMatchObject({
      contact: { phone: "0912345678", email: null, consent: true },
      answers: { overall: "2" },
    });
    expect(parseSurveyForm([["contact_email", "a@b.vn"], ["contact_consent", "on"]]).contact).toEqual({ phone: null, email: "a@b.vn", consent: false });
    expect(parseSurveyForm([["q.overall", "5"]]).contact).toEqual({ phone: null, email: null, consent: false });
  });

  test("separates the envelope from the answers", () => {
    const form = parseSurveyForm([
      ["id", "abc"],
      ["started", "1.x"],
      ["lang", "en"],
      ["sector", "land"],
      ["website", ""],
      ["q.overall", "5"],
      ["q.comment", "ok"],
    ]);
    expect(form).toMatchObject({
      clientId: "abc",
      started: "1.x",
      locale: "en",
      sector: "land",
      ticket: null,
      honeypot: "",
      answers: { overall: "5", comment: "ok" },
      repeated: [],
    });
  });
  test("names every field that was sent twice, keeping the first value", () => {
    const form = parseSurveyForm([
      ["q.overall", "5"],
      ["q.overall", "1"],
      ["id", "a"],
      ["id", "b"],
    ]);
    expect(form.repeated.sort()).toEqual(["id", "q.overall"]);
    expect(form.answers.overall).toBe("5");
  });
  test("keeps an answer field named q.__proto__ as an answer key", () => {
    const form = parseSurveyForm([["q.__proto__", "5"]]);
    expect(Object.keys(form.answers)).toEqual(["__proto__"]);
  });
});
