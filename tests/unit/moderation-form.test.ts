import { describe, expect, test } from "vitest";
import { CommentDecisionForm, COMMENTS_PER_MODERATION_PAGE, queueQueryOf } from "~/domain/moderation";

const query = (search: string) => queueQueryOf(new URLSearchParams(search));

describe("the moderation page's address", () => {
  test("defaults to the first page of pending comments in every sector", () => {
    expect(query("")).toEqual({ ok: true, query: { status: "pending", sector: null, page: 1 } });
    expect(query("status=&sector=&page=")).toEqual({ ok: true, query: { status: "pending", sector: null, page: 1 } });
  });

  test("takes a status, a sector code and a page", () => {
    expect(query("status=rejected&sector=land&page=3")).toEqual({ ok: true, query: { status: "rejected", sector: "land", page: 3 } });
  });

  test.each([
    ["status=deleted", "status"],
    ["status=PENDING", "status"],
    ["sector=l%C3%A1nd", "sector"],
    [`sector=${"x".repeat(65)}`, "sector"],
    ["sector=land%27--", "sector"],
    ["page=0", "page"],
    ["page=-2", "page"],
    ["page=2.5", "page"],
    ["page=1e3", "page"],
    ["page=9999999", "page"],
  ])("%s names the parameter at fault (%s)", (search, parameter) => {
    expect(query(search)).toEqual({ ok: false, parameter });
  });
});

describe("the decision form", () => {
  const parse = (input: unknown) => CommentDecisionForm.safeParse(input);

  test("one id or a page's selection, and approve or reject", () => {
    expect(parse({ answerId: ["12"], decision: "approve" })).toMatchObject({ success: true, data: { answerId: [12], decision: "approve" } });
    expect(parse({ answerId: ["1", "2", "3"], decision: "reject" })).toMatchObject({ success: true, data: { answerId: [1, 2, 3] } });
  });

  test.each([
    ["no id", { answerId: [], decision: "approve" }],
    ["an id that is no number", { answerId: ["1; drop table answers"], decision: "approve" }],
    ["a zero or negative id", { answerId: ["0"], decision: "approve" }],
    ["an id past a 32-bit integer", { answerId: ["2147483648"], decision: "approve" }],
    ["more than a page", { answerId: Array.from({ length: COMMENTS_PER_MODERATION_PAGE + 1 }, (_, i) => String(i + 1)), decision: "approve" }],
    ["another decision", { answerId: ["1"], decision: "publish" }],
    ["no decision", { answerId: ["1"] }],
  ])("refuses %s", (_name, input) => {
    expect(parse(input).success).toBe(false);
  });
});
