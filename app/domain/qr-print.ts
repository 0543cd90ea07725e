/*
 * What a printed QR needs, without I/O: the address it encodes, how that
 * address reads for a person typing it, and how labels fall onto A4 sheets.
 */

/** The survey of a service point, or of one ticket at it: `BASE/s/CODE[?t=TICKET]`. */
export function surveyUrl(baseUrl: string, pointCode: string, ticket?: string | null): string {
  const base = baseUrl.replace(/\/+$/, "");
  const path = `${base}/s/${encodeURIComponent(pointCode)}`;
  return ticket ? `${path}?t=${encodeURIComponent(ticket)}` : path;
}

/** The address as a person types it: no `https://`, no trailing slash. */
export function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//i, "").replace(/\/+$/, "");
}

/** Labels on one A4 sheet: 3 across, 7 down (a common 63.5 × 38.1 mm label stock). */
export const LABEL_COLUMNS = 3;
export const LABEL_ROWS = 7;
export const LABELS_PER_PAGE = LABEL_COLUMNS * LABEL_ROWS;

/** Splits items into printed pages of `perPage`; no empty page, not even for no items. */
export function paginate<T>(items: readonly T[], perPage: number = LABELS_PER_PAGE): T[][] {
  if (!Number.isInteger(perPage) || perPage < 1) throw new RangeError("perPage must be a positive integer");
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += perPage) pages.push(items.slice(i, i + perPage));
  return pages;
}

export type PosterAgency = { id: number; code: string; parentId: number | null; name: string; active: boolean };
export type PosterPoint = { code: string; name: string; agencyId: number; active: boolean };
export type PosterGroup = {
  agency: { code: string; name: string; active: boolean; depth: number };
  /** Its own points: active first, then by code. */
  points: PosterPoint[];
  /** Active points here and in every sub-agency: what "print the whole agency" prints. */
  printable: number;
};

/**
 * The poster list: agencies in tree order (a centre, then its desks), each
 * with its own points, active before inactive. Agencies with nothing to show
 * in their whole subtree are left out.
 */
export function groupPostersByAgency(agencies: readonly PosterAgency[], points: readonly PosterPoint[]): PosterGroup[] {
  const ids = new Set(agencies.map((a) => a.id));
  const children = new Map<number | null, PosterAgency[]>();
  for (const a of agencies) {
    const parent = a.parentId !== null && ids.has(a.parentId) && a.parentId !== a.id ? a.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), a]);
  }
  for (const list of children.values()) list.sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, "vi"));
  const own = new Map<number, PosterPoint[]>();
  for (const p of points) own.set(p.agencyId, [...(own.get(p.agencyId) ?? []), p]);
  for (const list of own.values()) list.sort((a, b) => Number(b.active) - Number(a.active) || a.code.localeCompare(b.code));

  const groups: PosterGroup[] = [];
  const seen = new Set<number>();
  const visit = (agency: PosterAgency, depth: number): { total: number; printable: number } => {
    if (seen.has(agency.id)) return { total: 0, printable: 0 };
    seen.add(agency.id);
    const mine = own.get(agency.id) ?? [];
    const index = groups.length;
    groups.push({ agency: { code: agency.code, name: agency.name, active: agency.active, depth }, points: mine, printable: 0 });
    let total = mine.length;
    let printable = mine.filter((p) => p.active).length;
    for (const child of children.get(agency.id) ?? []) {
      const sub = visit(child, depth + 1);
      total += sub.total;
      printable += sub.printable;
    }
    if (total === 0) groups.splice(index, 1);
    else groups[index]!.printable = printable;
    return { total, printable };
  };
  for (const root of children.get(null) ?? []) visit(root, 0);
  return groups;
}

/** A download's file name: `poster-CODE.svg`, with anything but letters, digits, `-` and `_` made `_`. */
export function downloadFileName(prefix: string, code: string, extension: string): string {
  return `${prefix}-${code.replace(/[^A-Za-z0-9_-]/g, "_")}.${extension}`;
}
