/** One field an administrative change touched, as text a person can read. */
export type ChangedField = { field: string; before: string | null; after: string | null };

function flatten(value: unknown, prefix: string, into: Map<string, string>): void {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, into);
    return;
  }
  into.set(prefix, typeof value === "string" ? value : JSON.stringify(value));
}

function parse(json: string | null): Map<string, string> {
  const fields = new Map<string, string>();
  if (json === null) return fields;
  try {
    flatten(JSON.parse(json), "", fields);
  } catch {
    fields.set("", json);
  }
  return fields;
}

/**
 * The fields that differ between the JSON before and after a change (nested
 * objects by dotted path; arrays compared whole), in the order they first
 * appear. A creation lists every field with no "before"; a removal the reverse.
 */
export function changedFields(beforeJson: string | null, afterJson: string | null): ChangedField[] {
  const before = parse(beforeJson);
  const after = parse(afterJson);
  const changes: ChangedField[] = [];
  for (const field of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(field) ?? null;
    const a = after.get(field) ?? null;
    if (b !== a) changes.push({ field, before: b, after: a });
  }
  return changes;
}
