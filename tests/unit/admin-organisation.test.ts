import { describe, expect, test } from "vitest";
import {
  agencyTreeRows,
  fractionToPercent,
  nextServicePointCode,
  percentToFraction,
  ServicePointCreateForm,
  TargetForm,
  wouldCreateCycle,
} from "~/domain/admin-organisation";

describe("a new service point's code", () => {
  test("is the agency's code in capitals and the next free two-digit number", () => {
    expect(nextServicePointCode("so-xd", [])).toBe("SO-XD-01");
    expect(nextServicePointCode("so-xd", ["SO-XD-01", "SO-XD-03", "TT-01"])).toBe("SO-XD-02");
    expect(nextServicePointCode("tt", ["TT-01", "TT-02", "TT-03", "TT-04", "TT-05", "TT-06"])).toBe("TT-07");
  });

  test("goes to three digits after 99 and stays within 32 characters", () => {
    const taken = Array.from({ length: 99 }, (_, i) => `TT-${String(i + 1).padStart(2, "0")}`);
    expect(nextServicePointCode("tt", taken)).toBe("TT-100");
    const long = nextServicePointCode("trung-tam-phuc-vu-hanh-chinh-cong-tinh", []);
    expect(long.length).toBeLessThanOrEqual(32);
    expect(long).toMatch(/^[A-Z0-9](?:[A-Z0-9-]*[A-Z0-9])?$/);
  });

  test("is a valid code even from an odd agency code", () => {
    expect(nextServicePointCode("--", [])).toBe("DV-01");
    expect(ServicePointCreateForm.shape.code.parse(nextServicePointCode("a--b", []))).toBe("A-B-01");
  });
});

describe("targets", () => {
  test("a percent as typed becomes the fraction stored, and back without float noise", () => {
    const parsed = TargetForm.parse({ year: "2026", value: "87,5", comparator: ">", headline: "overall", minSample: "30" });
    expect(percentToFraction(parsed.value)).toBe(0.875);
    expect(percentToFraction(85)).toBe(0.85);
    expect(fractionToPercent(0.07)).toBe(7);
    expect(fractionToPercent(0.875)).toBe(87.5);
  });

  test("values outside 0–100 and years outside 2000–2100 are refused", () => {
    const base = { year: "2026", value: "85", comparator: ">=", headline: "overall", minSample: "30" };
    for (const bad of [{ value: "100.01" }, { value: "-0.5" }, { year: "1999" }, { year: "2101" }, { value: "85%%" }, { minSample: "1.5" }]) {
      expect(TargetForm.safeParse({ ...base, ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
    expect(TargetForm.parse({ ...base, value: "100 %" }).value).toBe(100);
  });
});

describe("the agency tree", () => {
  const agencies = [
    { id: 1, parentId: null },
    { id: 2, parentId: 1 },
    { id: 3, parentId: 2 },
    { id: 4, parentId: null },
  ];

  test("lists each agency followed by those under it, with its depth", () => {
    expect(agencyTreeRows(agencies).map((r) => [r.agency.id, r.depth])).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 0],
    ]);
  });

  test("lists agencies caught in a cycle in bad data rather than losing them", () => {
    const rows = agencyTreeRows([...agencies, { id: 5, parentId: 6 }, { id: 6, parentId: 5 }]);
    expect(rows.map((r) => r.agency.id).sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test("refuses moving an agency under itself or a descendant", () => {
    expect(wouldCreateCycle(agencies, 1, 3)).toBe(true);
    expect(wouldCreateCycle(agencies, 1, 1)).toBe(true);
    expect(wouldCreateCycle(agencies, 2, 4)).toBe(false);
    expect(wouldCreateCycle(agencies, 3, null)).toBe(false);
  });
});
