export type AgencyNode = { id: number; parentId: number | null };

/** An agency and every agency under it, however deep (the tree is data: merges move units). */
export function agencySubtree(agencies: readonly AgencyNode[], rootId: number): number[] {
  const children = new Map<number, number[]>();
  for (const a of agencies) {
    if (a.parentId === null) continue;
    children.set(a.parentId, [...(children.get(a.parentId) ?? []), a.id]);
  }
  const found: number[] = [];
  const seen = new Set<number>();
  const stack = [rootId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue; // a cycle in bad data must not hang a request
    seen.add(id);
    found.push(id);
    stack.push(...(children.get(id) ?? []));
  }
  return found;
}
