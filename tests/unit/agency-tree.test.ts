import { describe, expect, test } from "vitest";
import { agencySubtree } from "~/domain/agency-tree";

describe("an agency's subtree", () => {
  const tree = [
    { id: 1, parentId: null },
    { id: 2, parentId: 1 },
    { id: 3, parentId: 2 },
    { id: 4, parentId: null },
  ];
  test("holds the agency and every unit under it, however deep", () => {
    expect(agencySubtree(tree, 1).sort()).toEqual([1, 2, 3]);
    expect(agencySubtree(tree, 3)).toEqual([3]);
    expect(agencySubtree(tree, 4)).toEqual([4]);
  });
  test("ends even when bad data makes a cycle", () => {
    expect(agencySubtree([{ id: 1, parentId: 2 }, { id: 2, parentId: 1 }], 1).sort()).toEqual([1, 2]);
  });
});
