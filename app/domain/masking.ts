/**
 * Masking a citizen's comment before it can be published
 * (docs/decisions/021-comment-moderation.md): Vietnamese phone numbers,
 * e-mail addresses and 9- or 12-digit ID numbers (CMND, CCCD) are replaced
 * by fixed Vietnamese placeholders; dates, money, times, counts,
 * percentages and dossier codes stay as written.
 *
 * Numbers are read as chains of digit runs joined by one space, dot or dash
 * ("0912 345 678", "024.3825.1234", "+84-912-345-678"); a phone or an ID
 * is always made of whole runs of a chain, so "ngày 15 0912345678" masks
 * the phone and keeps the day.
 */

export type MaskedKind = "phone" | "email" | "idNumber";

export const MASK_PLACEHOLDERS: Record<MaskedKind, string> = {
  phone: "[số điện thoại]",
  email: "[email]",
  idNumber: "[số giấy tờ]",
};

export type MaskResult = { text: string; found: Record<MaskedKind, number> };

// Each starts where a run of its characters starts (the lookbehinds), so a long run is read once, not once per character.
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

/** A word of several segments joined by . - / _ in which one segment mixes letters and digits: a dossier code (H41.22-261101-0001). */
const JOINED_WORD = /(?<![\p{L}\p{N}])[\p{L}\p{N}]+(?:[._/-][\p{L}\p{N}]+)+/gu;
const MIXED_SEGMENT = /^(?=.*\p{L})(?=.*\d)/u;

/** What may stand between two runs of one number: one space, dot or dash, or the brackets of "(024) 3825…" and "+84 (0) 912…". */
const JOINER = /^(?:[ .\-\u00a0]|\)[ .\-\u00a0]?| ?\()$/;

/** Money written after a number: "150000000 đồng", "100 000 000 đ", "500 nghìn". */
const CURRENCY_AFTER = /^[ \u00a0]?(?:đồng|đ|vnđ|vnd|dong|k|nghìn|ngàn|ngan|triệu|trieu|tỷ|tỉ|ty)(?![\p{L}\p{N}])/iu;

// Wider than the dossiers' phone check (app/domain/dossiers.ts), which knows the networks' current
// prefixes: here a number that merely looks like a mobile is masked too, since hiding too much is the safe side.
const MOBILE = /^0[35789]\d{8}$/;
const LANDLINE = /^02\d{9}$/;
const ID_NUMBER = /^(?:\d{9}|\d{12})$/;
const MAX_DIGITS = 15;

type Run = { start: number; end: number; digits: string };

/** The digit runs of the text outside dossier codes, split into chains of runs that may form one number. */
function numberChains(text: string): Run[][] {
  const inCode = new Uint8Array(text.length);
  for (const word of text.matchAll(JOINED_WORD)) {
    if (word[0].split(/[._/-]/).some((segment) => MIXED_SEGMENT.test(segment))) inCode.fill(1, word.index, word.index + word[0].length);
  }
  const chains: Run[][] = [];
  let chain: Run[] = [];
  for (const m of text.matchAll(/\d+/g)) {
    const run = { start: m.index, end: m.index + m[0].length, digits: m[0] };
    if (inCode[run.start]) {
      if (chain.length > 0) chains.push(chain);
      chain = [];
      continue;
    }
    const previous = chain.at(-1);
    if (previous && !JOINER.test(text.slice(previous.end, run.start))) {
      chains.push(chain);
      chain = [];
    }
    chain.push(run);
  }
  if (chain.length > 0) chains.push(chain);
  return chains;
}

/** "84 912 345 678", "0084 912…" or "+84 (0) 912…" as the national number "0912345678"; otherwise the digits as they are. */
function nationalDigits(digits: string, plusBefore: boolean): string {
  if (digits.startsWith("0084")) return nationalDigits(digits.slice(2), true);
  if (digits.startsWith("84") && (plusBefore || digits.length >= 11)) {
    const rest = digits.slice(2);
    return rest.startsWith("0") ? rest : `0${rest}`;
  }
  return digits;
}

/** Thousands grouped as money is: "150.000.000" — a first group of 1–3 digits without a leading zero, then groups of three. */
function groupedAsMoney(text: string, runs: Run[]): boolean {
  if (runs.length < 2 || runs[0]!.digits.length > 3 || runs[0]!.digits.startsWith("0")) return false;
  return runs.slice(1).every((r, i) => r.digits.length === 3 && text.slice(runs[i]!.end, r.start) === ".");
}

function kindOf(text: string, runs: Run[]): MaskedKind | null {
  const digits = runs.map((r) => r.digits).join("");
  const first = runs[0]!;
  const plusBefore = text[first.start - 1] === "+";
  const national = nationalDigits(digits, plusBefore);
  // A phone's groups have at least two digits, besides the country code.
  const groupsOk = runs.every((r, i) => r.digits.length >= 2 || (i === 0 && plusBefore) || (i === 1 && r.digits === "0" && runs[0]!.digits === "84"));
  if (groupsOk && (MOBILE.test(national) || LANDLINE.test(national))) return "phone";
  if (plusBefore || !ID_NUMBER.test(digits)) return null;
  // An ID is written in one piece or in groups of three or four ("001 203 004 567").
  if (runs.length > 1 && !runs.every((r) => r.digits.length === 3 || r.digits.length === 4)) return null;
  if (groupedAsMoney(text, runs) || CURRENCY_AFTER.test(text.slice(runs.at(-1)!.end))) return null;
  return "idNumber";
}

type Span = { start: number; end: number; kind: MaskedKind };

/** The stretch of text a number covers, with a "+" or "(" before it and the ")" after it. */
function spanOf(text: string, runs: Run[], kind: MaskedKind): Span {
  let start = runs[0]!.start;
  let end = runs.at(-1)!.end;
  if (text[start - 1] === "+") start -= 1;
  if (text[start - 1] === "(") start -= 1;
  if (text[start] === "(" && !text.slice(start, end).includes(")") && text[end] === ")") end += 1;
  return { start, end, kind };
}

/** Phones and IDs in one chain, left to right: at each run a phone first, else the longest ID. */
function numbersIn(text: string, chain: Run[]): Span[] {
  const spans: Span[] = [];
  let i = 0;
  while (i < chain.length) {
    // No number we mask has more than 15 digits (+84, a 0, then 12), so a long chain is read in short windows.
    let last = i;
    for (let digits = chain[i]!.digits.length; last + 1 < chain.length && digits + chain[last + 1]!.digits.length <= MAX_DIGITS; last++) {
      digits += chain[last + 1]!.digits.length;
    }
    let found: { j: number; kind: MaskedKind } | null = null;
    for (let j = i; j <= last && !found; j++) {
      if (kindOf(text, chain.slice(i, j + 1)) === "phone") found = { j, kind: "phone" };
    }
    for (let j = last; j >= i && !found; j--) {
      if (kindOf(text, chain.slice(i, j + 1)) === "idNumber") found = { j, kind: "idNumber" };
    }
    if (found) {
      spans.push(spanOf(text, chain.slice(i, found.j + 1), found.kind));
      i = found.j + 1;
    } else {
      i += 1;
    }
  }
  return spans;
}

/**
 * The comment as it may be shown to the public, and how many of each kind
 * were masked. Pure and idempotent: masking masked text changes nothing.
 */
export function maskPersonalData(text: string): MaskResult {
  const found: Record<MaskedKind, number> = { phone: 0, email: 0, idNumber: 0 };
  const withoutEmails = text.replace(EMAIL, () => {
    found.email += 1;
    return MASK_PLACEHOLDERS.email;
  });
  const spans = numberChains(withoutEmails).flatMap((chain) => numbersIn(withoutEmails, chain));
  let masked = "";
  let at = 0;
  for (const span of spans) {
    masked += withoutEmails.slice(at, span.start) + MASK_PLACEHOLDERS[span.kind];
    at = span.end;
    found[span.kind] += 1;
  }
  return { text: masked + withoutEmails.slice(at), found };
}

export type MaskedSegment = { text: string; masked: MaskedKind | null };

/** Masked text cut at its placeholders, so that a page can mark what was hidden. */
export function maskedSegments(text: string): MaskedSegment[] {
  const kinds = Object.entries(MASK_PLACEHOLDERS) as Array<[MaskedKind, string]>;
  const pattern = new RegExp(kinds.map(([, p]) => p.replace(/[[\]]/g, "\\$&")).join("|"), "g");
  const segments: MaskedSegment[] = [];
  let at = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > at) segments.push({ text: text.slice(at, m.index), masked: null });
    segments.push({ text: m[0], masked: kinds.find(([, p]) => p === m[0])![0] });
    at = m.index + m[0].length;
  }
  if (at < text.length) segments.push({ text: text.slice(at), masked: null });
  return segments;
}
