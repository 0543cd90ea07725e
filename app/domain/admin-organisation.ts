import { z } from "zod";
import { agencySubtree, type AgencyNode } from "./agency-tree";

/*
 * The administrators' organisation forms: sectors and their yearly targets,
 * agencies, service points. Every field arrives as text (or a list of texts,
 * for checkbox groups) and is capped, so no input can reach the database
 * unchecked or make a request fail.
 */

export const NAME_MAX = 200;
export const CODE_MAX = 32;
export const SERVICE_POINT_CODE_MIN = 2;

/** Sector and agency codes: lowercase letters, digits and dashes (`land`, `so-xd`). */
export const UNIT_CODE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
/** Service point codes, printed on QR posters: uppercase letters, digits and dashes (`TT-DD-01`). */
export const SERVICE_POINT_CODE = /^[A-Z0-9](?:[A-Z0-9-]*[A-Z0-9])?$/;

/** `/admin/…/new` is a page of its own, so "new" cannot name anything. */
const RESERVED_CODES = new Set(["new"]);

const custom = (message: string) => ({ message });

/** A text field a person must fill, trimmed and capped. */
function requiredText(max: number) {
  return z.string().trim().min(1).max(max);
}

/** A text field that may be left empty (then null). */
function optionalText(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : null));
}

function unitCode() {
  return z
    .string()
    .trim()
    .min(1)
    .max(CODE_MAX)
    .transform((v) => v.toLowerCase())
    .refine((v) => UNIT_CODE.test(v), custom("format"))
    .refine((v) => !RESERVED_CODES.has(v), custom("format"));
}

/** A whole number typed as text, within bounds; "abc", "1e3" and "2.5" are refused. */
export function integerText(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(12)
    .regex(/^-?\d+$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** A database id chosen in a select or a checkbox; its existence is checked by the model (notFound). */
const idText = z
  .string()
  .trim()
  .min(1)
  .refine((v) => /^\d{1,9}$/.test(v), custom("notFound"))
  .transform(Number);

/** An optional select: empty means "none". */
const optionalId = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || /^\d{1,9}$/.test(v), custom("notFound"))
  .transform((v) => (v === null ? null : Number(v)));

/* ---------------------------------------------------------------- sectors */

const sectorFields = {
  nameVi: requiredText(NAME_MAX),
  /** Empty: the Vietnamese name is used. */
  nameEn: optionalText(NAME_MAX),
  sortOrder: z
    .string()
    .trim()
    .max(12)
    .optional()
    .transform((v) => (v ? v : "0"))
    .pipe(integerText(0, 9999)),
  questionnaireId: optionalId,
};

export const SectorUpdateForm = z.object(sectorFields);
export const SectorCreateForm = z.object({ code: unitCode(), ...sectorFields });
export type SectorInput = z.output<typeof SectorUpdateForm>;
export type SectorCreateInput = z.output<typeof SectorCreateForm>;

/* ---------------------------------------------------------- yearly targets */

export const COMPARATORS = [">=", ">"] as const;
export const HEADLINE_INDICES = ["overall", "answers", "comprehensive"] as const;
export const YEAR_MIN = 2000;
export const YEAR_MAX = 2100;

/** A percent as typed: `85`, `87.5`, `87,5` (Vietnamese decimal comma), at most two decimals. */
export const percentText = z
  .string()
  .trim()
  .min(1)
  .max(12)
  .transform((v) => v.replace(/\s*%$/, "").replace(",", "."))
  .pipe(z.string().regex(/^-?\d{1,6}(?:\.\d{1,2})?$/))
  .transform(Number)
  .pipe(z.number().min(0).max(100));

export const TargetForm = z.object({
  year: integerText(YEAR_MIN, YEAR_MAX),
  value: percentText,
  comparator: z.enum(COMPARATORS),
  headline: z.enum(HEADLINE_INDICES),
  minSample: integerText(1, 1_000_000),
});
export type TargetInput = z.output<typeof TargetForm>;

/** 87.5 (percent, as typed) → 0.875 (a fraction, as stored and compared). */
export function percentToFraction(percent: number): number {
  return Number((percent / 100).toFixed(6));
}

/** 0.875 → 87.5, without the float noise of `0.07 * 100`. */
export function fractionToPercent(fraction: number): number {
  return Number((fraction * 100).toFixed(4));
}

/* ---------------------------------------------------------------- agencies */

const agencyFields = {
  nameVi: requiredText(NAME_MAX),
  nameEn: optionalText(NAME_MAX),
  parentId: optionalId,
};

export const AgencyUpdateForm = z.object(agencyFields);
export const AgencyCreateForm = z.object({ code: unitCode(), ...agencyFields });
export type AgencyInput = z.output<typeof AgencyUpdateForm>;
export type AgencyCreateInput = z.output<typeof AgencyCreateForm>;

/** True when putting `agencyId` under `parentId` would make it its own ancestor. */
export function wouldCreateCycle(agencies: readonly AgencyNode[], agencyId: number, parentId: number | null): boolean {
  return parentId !== null && agencySubtree(agencies, agencyId).includes(parentId);
}

export type AgencyTreeRow<A extends AgencyNode> = { agency: A; depth: number };

/**
 * The agencies in tree order (each followed by those under it), with their
 * depth for indenting. Orphans and agencies caught in a cycle in bad data are
 * still listed, at the top level, so nothing disappears from the console.
 */
export function agencyTreeRows<A extends AgencyNode>(agencies: readonly A[]): Array<AgencyTreeRow<A>> {
  const ids = new Set(agencies.map((a) => a.id));
  const children = new Map<number | null, A[]>();
  for (const a of agencies) {
    const parent = a.parentId !== null && ids.has(a.parentId) ? a.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), a]);
  }
  const rows: Array<AgencyTreeRow<A>> = [];
  const seen = new Set<number>();
  const visit = (a: A, depth: number) => {
    if (seen.has(a.id)) return;
    seen.add(a.id);
    rows.push({ agency: a, depth });
    for (const child of children.get(a.id) ?? []) visit(child, depth + 1);
  };
  for (const root of children.get(null) ?? []) visit(root, 0);
  for (const a of agencies) visit(a, 0);
  return rows;
}

/* ----------------------------------------------------------- service points */

const servicePointFields = {
  nameVi: requiredText(NAME_MAX),
  nameEn: optionalText(NAME_MAX),
  agencyId: idText,
  sectors: z
    .array(z.string())
    .min(1)
    .max(50)
    .refine((ids) => ids.every((id) => /^\d{1,9}$/.test(id)), custom("notFound"))
    .transform((ids) => [...new Set(ids.map(Number))]),
  questionnaireId: optionalId,
};

export const ServicePointUpdateForm = z.object(servicePointFields);
export const ServicePointCreateForm = z.object({
  /** Empty: generated from the agency's code (see nextServicePointCode). */
  code: z
    .string()
    .trim()
    .max(CODE_MAX)
    .optional()
    .transform((v) => (v ? v.toUpperCase() : null))
    .superRefine((v, ctx) => {
      if (v !== null && v.length < SERVICE_POINT_CODE_MIN) {
        ctx.addIssue({ code: "too_small", origin: "string", minimum: SERVICE_POINT_CODE_MIN, inclusive: true, input: v });
      }
    })
    .refine((v) => v === null || (SERVICE_POINT_CODE.test(v) && !RESERVED_CODES.has(v.toLowerCase())), custom("format")),
  ...servicePointFields,
});
export type ServicePointInput = z.output<typeof ServicePointUpdateForm>;
export type ServicePointCreateInput = z.output<typeof ServicePointCreateForm>;

/**
 * A free code for a new point of an agency: the agency's code in capitals and
 * the next unused two-digit number (`so-xd` → `SO-XD-01`, then `SO-XD-02`…),
 * three digits after 99. Within 32 characters however long the agency code.
 */
export function nextServicePointCode(agencyCode: string, existingCodes: Iterable<string>): string {
  const taken = new Set([...existingCodes].map((c) => c.toUpperCase()));
  const cleaned = agencyCode
    .toUpperCase()
    .replace(/[^A-Z0-9-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-|-$/g, "");
  const prefix = (cleaned || "DV").slice(0, CODE_MAX - 5).replace(/-$/, "");
  for (let n = 1; ; n++) {
    const code = `${prefix}-${String(n).padStart(2, "0")}`;
    if (!taken.has(code)) return code;
  }
}
