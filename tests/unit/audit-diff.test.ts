import { describe, expect, test } from "vitest";
import { changedFields } from "~/domain/audit-diff";

describe("what an audit entry changed", () => {
  test("an edit lists only the fields that differ, nested ones by path", () => {
    const before = JSON.stringify({ code: "TT-01", name: { vi: "Quầy 1", en: "Desk 1" }, sectors: ["land"], active: true });
    const after = JSON.stringify({ code: "TT-01", name: { vi: "Quầy số 1", en: "Desk 1" }, sectors: ["land", "investment"], active: true });
    expect(changedFields(before, after)).toEqual([
      { field: "name.vi", before: "Quầy 1", after: "Quầy số 1" },
      { field: "sectors", before: '["land"]', after: '["land","investment"]' },
    ]);
  });

  test("a creation has no before, a removal no after", () => {
    expect(changedFields(null, JSON.stringify({ code: "X", active: true }))).toEqual([
      { field: "code", before: null, after: "X" },
      { field: "active", before: null, after: "true" },
    ]);
    expect(changedFields(JSON.stringify({ code: "X" }), null)).toEqual([{ field: "code", before: "X", after: null }]);
  });

  test("nothing changed, nothing listed; text that is not JSON is shown whole", () => {
    expect(changedFields('{"a":1}', '{"a":1}')).toEqual([]);
    expect(changedFields(null, null)).toEqual([]);
    expect(changedFields("not json", null)).toEqual([{ field: "", before: "not json", after: null }]);
  });
});
