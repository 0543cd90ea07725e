/**
 * A sort key whose byte order is Vietnamese alphabetical order, as ICU's
 * Vietnamese collation gives it (`new Intl.Collator("vi")`, PostgreSQL's
 * `"vi-x-icu"`), for SQLite, which can order by a function's result but has
 * no ICU. Why and what was compared: docs/decisions/016-vietnamese-collation.md.
 *
 * Like an ICU sort key it has levels, each compared only when the ones before
 * are equal:
 *   1. the letters, in the Vietnamese alphabet (a < ă < â < b … d < đ … o < ô <
 *      ơ … u < ư …); spaces and punctuation before digits, digits before letters;
 *   2. the tones, left to right: none < huyền < hỏi < ngã < sắc < nặng;
 *   3. case: lower before upper;
 *   4. the text itself, so that texts equal at the three levels (the same
 *      name typed precomposed and decomposed) still have one order, the byte
 *      order PostgreSQL's deterministic collation falls back to.
 *
 * Vietnamese text, Latin letters, ASCII digits, spaces and punctuation agree
 * with ICU. Other scripts, other Latin letters (ß, æ, ø, ł) and other marks
 * sort in a fixed total order of their own (after z, by code point), which
 * may differ from ICU's.
 */

/** Base letters in alphabet order; a letter with its modifier (breve, circumflex, horn) is written decomposed. */
const ALPHABET = ["a", "a\u0306", "a\u0302", "b", "c", "d", "đ", "e", "e\u0302", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "o\u0302", "o\u031b", "p", "q", "r", "s", "t", "u", "u\u031b", "v", "w", "x", "y", "z"];
const LETTER = new Map(ALPHABET.map((letter, index) => [letter, index]));

/** The marks that make a new letter of a vowel (ă, â, ê, ô, ơ, ư) rather than a tone on it. */
const MODIFIERS = new Set(["\u0306", "\u0302", "\u031b"]);

/**
 * Second-level weights: no mark; the typographic variants of a punctuation
 * mark (‘ and ’ of '), as in ICU; the tones in CLDR vi's order; any other
 * mark after them, by code point.
 */
const NO_MARK = 1;
const TONE = new Map([
  ["\u0300", 0x10], // huyền
  ["\u0309", 0x11], // hỏi
  ["\u0303", 0x12], // ngã
  ["\u0301", 0x13], // sắc
  ["\u0323", 0x14], // nặng
]);
const OTHER_MARK = 0x100;

/**
 * Spaces, punctuation and symbols a name may hold, in ICU's root order (they
 * sort before digits; ICU's default does not ignore them). The characters of
 * one entry share a first-level weight and differ at the level named.
 */
const PUNCTUATION: ReadonlyArray<string | { chars: string; differAt: 2 | 3 }> = [
  "\t", "\n", "\v", "\f", "\r",
  { chars: " \u3000\u00a0", differAt: 3 }, // space, ideographic space, no-break space
  "_", "-",
  { chars: "\u2010\u2011", differAt: 3 }, // hyphen, non-breaking hyphen
  "\u2013", "\u2014", // en and em dash
  ",", ";", ":", "!", "?", ".",
  { chars: "'\u2018\u2019", differAt: 2 },
  { chars: '"\u201c\u201d', differAt: 2 },
  "«", "»", "(", ")", "[", "]", "{", "}", "§", "@", "*", "/", "\\", "&", "#", "%", "•", "`", "^", "°", "+", "<", "=", ">", "|", "~", "−", "$", "₫",
];
type Weights = { primary: number; secondary: number; tertiary: number };
const PUNCTUATION_WEIGHTS = new Map<string, Weights>();
PUNCTUATION.forEach((entry, primary) => {
  const group = typeof entry === "string" ? { chars: entry, differAt: 3 } : entry;
  [...group.chars].forEach((char, variant) =>
    PUNCTUATION_WEIGHTS.set(char, {
      primary,
      secondary: group.differAt === 2 ? NO_MARK + variant : NO_MARK,
      tertiary: group.differAt === 3 ? 1 + variant : 1,
    }),
  );
});

/** First-level weights fall in tiers, in this order. */
const Tier = { Punctuation: 1, OtherPunctuation: 2, Digit: 3, Letter: 4, Other: 5 } as const;

const MARK = /^\p{M}$/u;
const OTHER_PUNCTUATION = /^[\p{Z}\p{P}\p{S}]$/u;
/** Controls (other than the whitespace in PUNCTUATION) and format characters (soft hyphen, zero-width space) carry no weight in ICU. */
const IGNORABLE = /^[\p{Cc}\p{Cf}]$/u;

// Most characters are ASCII: no mark is below U+0300.
const isMark = (char: string) => char.charCodeAt(0) >= 0x300 && MARK.test(char);
const isIgnorable = (char: string) => IGNORABLE.test(char) && !PUNCTUATION_WEIGHTS.has(char);

/**
 * Canonical combining classes of the marks Vietnamese text holds. A modifier
 * makes a letter only if no mark between it and the vowel has a class at
 * least its own (ICU's discontiguous contractions); the class of any other
 * mark is taken as blocking.
 */
function combiningClass(mark: string): number {
  const cp = mark.codePointAt(0)!;
  if (cp >= 0x300 && cp <= 0x314) return 230;
  if (cp === 0x31b) return 216;
  if (cp === 0x323) return 220;
  return Infinity;
}

export function vietnameseSortKey(text: string): Uint8Array {
  const chars = [...text.normalize("NFD")];
  const primary: number[] = [];
  const secondary: number[] = [];
  const tertiary: number[] = [];

  for (let i = 0; i < chars.length; ) {
    const base = chars[i]!;
    let end = i + 1;
    while (end < chars.length && isMark(chars[end]!)) end++;
    const baseIsMark = isMark(base);
    const marks = chars.slice(baseIsMark ? i : i + 1, end);
    i = end;

    if (!baseIsMark && !isIgnorable(base)) {
      const lower = base.toLowerCase();
      const tertiaryCase = lower === base ? 1 : 2;
      if (LETTER.has(lower)) {
        const modifier = marks.findIndex(
          (m, at) => MODIFIERS.has(m) && LETTER.has(lower + m) && marks.slice(0, at).every((before) => combiningClass(before) < combiningClass(m)),
        );
        const letter = modifier < 0 ? lower : lower + marks.splice(modifier, 1)[0]!;
        primary.push(Tier.Letter * 0x1000000 + LETTER.get(letter)!);
        secondary.push(NO_MARK);
        tertiary.push(tertiaryCase);
      } else if (base >= "0" && base <= "9") {
        primary.push(Tier.Digit * 0x1000000 + base.charCodeAt(0));
        secondary.push(NO_MARK);
        tertiary.push(1);
      } else if (PUNCTUATION_WEIGHTS.has(base)) {
        const w = PUNCTUATION_WEIGHTS.get(base)!;
        primary.push(Tier.Punctuation * 0x1000000 + w.primary);
        secondary.push(w.secondary);
        tertiary.push(w.tertiary);
      } else {
        const tier = OTHER_PUNCTUATION.test(base) ? Tier.OtherPunctuation : Tier.Other;
        primary.push(tier * 0x1000000 + base.codePointAt(0)!);
        secondary.push(NO_MARK);
        tertiary.push(tertiaryCase);
      }
    }
    for (const mark of marks) secondary.push(TONE.get(mark) ?? OTHER_MARK + mark.codePointAt(0)!);
  }

  // Fixed-width units whose first byte is never 0, and a 0 between levels:
  // a text that is a prefix of another at some level sorts first, as in ICU.
  const identical = UTF8.encode(text);
  const key = new Uint8Array(primary.length * 4 + 1 + secondary.length * 4 + 1 + tertiary.length + 1 + identical.length);
  let at = 0;
  for (const w of primary) at = put(key, at, w);
  key[at++] = 0;
  for (const w of secondary) at = put(key, at, 0x1000000 + w);
  key[at++] = 0;
  for (const w of tertiary) key[at++] = w;
  key[at++] = 0;
  key.set(identical, at);
  return key;
}

const UTF8 = new TextEncoder();

/** Four bytes, most significant first (every weight is below 2^31). */
function put(key: Uint8Array, at: number, weight: number): number {
  key[at] = weight >>> 24;
  key[at + 1] = (weight >>> 16) & 0xff;
  key[at + 2] = (weight >>> 8) & 0xff;
  key[at + 3] = weight & 0xff;
  return at + 4;
}
