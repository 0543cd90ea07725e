import { describe, expect, test } from "vitest";
import { AGENCIES, SECTORS, SERVICE_POINTS, USERS } from "#db/seed/organisation";
import { createRandom } from "#db/seed/random";
import { vietnameseSortKey } from "~/domain/vietnamese-sort-key";

/* The key's byte order is what SQLite orders by; Node's ICU is the reference (PostgreSQL uses ICU too). */

const icu = new Intl.Collator("vi");

const keys = new Map<string, Uint8Array>();
function keyOf(text: string): Uint8Array {
  let key = keys.get(text);
  if (!key) keys.set(text, (key = vietnameseSortKey(text)));
  return key;
}

function compareKeys(a: string, b: string): number {
  const x = keyOf(a);
  const y = keyOf(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

const byKey = (names: readonly string[]) => [...names].sort(compareKeys);

/** Every pair on which ICU takes a side, with the key taking the other or none. */
function disagreements(names: readonly string[]): Array<[string, string, number, number]> {
  const found: Array<[string, string, number, number]> = [];
  for (let i = 0; i < names.length; i++)
    for (let j = i + 1; j < names.length; j++) {
      const a = names[i]!;
      const b = names[j]!;
      const expected = Math.sign(icu.compare(a, b));
      const got = Math.sign(compareKeys(a, b));
      if (expected !== 0 && got !== expected) found.push([a, b, expected, got]);
    }
  return found;
}

/** After sorting by key, ICU must never see a pair out of order (ICU's order is total, so neighbours suffice). */
function outOfOrderNeighbours(names: readonly string[]): Array<[string, string]> {
  const sorted = byKey(names);
  return sorted.slice(1).flatMap((b, i) => (icu.compare(sorted[i]!, b) > 0 ? [[sorted[i]!, b] as [string, string]] : []));
}

describe("the Vietnamese sort key", () => {
  test("orders the names of the issue as ICU's Vietnamese collation does", () => {
    const expected = ["An Giang", "Anh Sơn", "Ân Thi", "Ấp Bắc", "Ba Vì", "Bạc Liêu", "Đà Nẵng", "Điện Biên", "Uông Bí", "ủy ban", "Ưu Đàm"];
    const shuffled = ["Ưu Đàm", "Điện Biên", "ủy ban", "Ấp Bắc", "Ba Vì", "An Giang", "Uông Bí", "Đà Nẵng", "Bạc Liêu", "Ân Thi", "Anh Sơn"];
    expect(byKey(shuffled)).toEqual(expected);
    expect([...shuffled].sort(icu.compare)).toEqual(expected);
  });

  test("ă and â are letters after a, đ after d, ê after e, ô and ơ after o, ư after u", () => {
    expect(byKey(["ư", "u", "ơ", "ô", "o", "ê", "e", "đ", "d", "â", "ă", "a", "b", "z", "v", "p", "f"])).toEqual([
      "a", "ă", "â", "b", "d", "đ", "e", "ê", "f", "o", "ô", "ơ", "p", "u", "ư", "v", "z",
    ]);
    // A letter outweighs any tone: "ăa" is after "ạz".
    expect(byKey(["ăa", "ạz", "az"])).toEqual(["az", "ạz", "ăa"]);
  });

  test("tones come second, in the order none, huyền, hỏi, ngã, sắc, nặng, compared from the left", () => {
    expect(byKey(["mạ", "má", "mã", "mả", "mà", "ma"])).toEqual(["ma", "mà", "mả", "mã", "má", "mạ"]);
    expect(byKey(["bàa", "baà", "baa"])).toEqual(["baa", "baà", "bàa"]);
    expect(byKey(["Ạn", "ân", "an"])).toEqual(["an", "Ạn", "ân"]);
  });

  test("case comes third, lower before upper", () => {
    expect(byKey(["BA", "Ba", "bA", "ba", "Bà"])).toEqual(["ba", "bA", "Ba", "BA", "Bà"]);
    expect(byKey(["Đa", "đa", "da"])).toEqual(["da", "đa", "Đa"]);
  });

  test("spaces and punctuation count, before digits, and digits before letters", () => {
    expect(byKey(["AnGiang", "An-Giang", "An Giang", "An1", "An", "Ana"])).toEqual(["An", "An Giang", "An-Giang", "An1", "Ana", "AnGiang"]);
    expect(byKey(["Quầy số 8", "Quầy số 10", "Quầy số 1 — Đất đai", "Quầy số 1"])).toEqual(["Quầy số 1", "Quầy số 1 — Đất đai", "Quầy số 10", "Quầy số 8"]);
  });

  test("a name typed decomposed sorts with the same name precomposed, next to it", () => {
    const composed = "Điện Biên Phủ";
    const decomposed = composed.normalize("NFD");
    expect(icu.compare(composed, decomposed)).toBe(0);
    const sorted = byKey(["Điện Biên", decomposed, "Điện Biên Phủ Xa", composed]);
    expect(sorted.slice(1, 3).sort()).toEqual([composed, decomposed].sort());
    // Equal at every level but the last: the stored bytes break the tie, as PostgreSQL's deterministic collation does.
    expect(compareKeys(composed, decomposed)).not.toBe(0);
    expect(compareKeys(decomposed, composed) < 0).toBe(Buffer.from(decomposed) < Buffer.from(composed));
  });

  test("a tone typed before its vowel's modifier (ặ as a + dot below + breve) still makes ă", () => {
    const typed = "a\u0323\u0306";
    expect(typed.normalize("NFC")).toBe("ặ");
    expect(byKey(["ặ", "â", "ăz", typed, "az"]).map((s) => s.normalize("NFC"))).toEqual(["az", "ặ", "ặ", "ăz", "â"]);
    // A modifier after a tone of its own class does not make a letter, in ICU as here.
    expect(disagreements(["a\u0301\u0302", "ấ", "á", "â", "az", "âz"])).toEqual([]);
  });

  test("agrees with ICU on the seed's agency, service point, sector and account names", () => {
    const names = [...AGENCIES.map((a) => a.vi), ...SERVICE_POINTS.map((p) => p.vi), ...SECTORS.map((s) => s.vi), ...USERS.map((u) => u.name)];
    expect(disagreements(names)).toEqual([]);
  });

  test("agrees with ICU on every pair of the punctuation it knows, beside letters, digits and tones", () => {
    const marks = [..." \u00a0\u3000_-\u2010\u2011\u2013\u2014,;:!?.'\u2018\u2019\"\u201c\u201d«»()[]{}§@*/\\&#%•`^°+<=>|~−$₫\t"];
    const names = marks.flatMap((m) => [`a${m}b`, `à${m}b`, `A${m}`, `${m}1`, `${m}`]).concat(["ab", "a1", "a", "1", "à"]);
    expect(disagreements(names)).toEqual([]);
  });

  test("agrees with ICU on thousands of generated Vietnamese names", () => {
    const random = createRandom(20261202);
    const names = Array.from({ length: 4000 }, () => generatedName(random));
    expect(new Set(names).size).toBeGreaterThan(3000);
    expect(outOfOrderNeighbours(names)).toEqual([]);
    // Pairs that share most of their letters are where tones and case decide: compare every pair of a smaller set.
    const close = Array.from({ length: 700 }, () => generatedName(random, { syllables: 2, alphabet: "small" }));
    expect(disagreements(close)).toEqual([]);
  });

  test("gives every other text a fixed total order, even where it is not ICU's", () => {
    // ICU sorts ß as "ss", ø with o and Greek before Cyrillic before Han; here
    // letters outside the Vietnamese alphabet sort after z by code point,
    // which keeps Greek < Cyrillic < Han but puts ß and ø after z.
    const exotic = ["Ωμέγα", "Москва", "北京", "Straße", "Strasse", "Øst", "Ost", "zebra", "😀", "\u0301a", "a\u200bb", "ab", "٣", "3"];
    const sorted = byKey(exotic);
    expect(byKey([...exotic].reverse())).toEqual(sorted);
    expect(new Set(exotic.map((s) => Buffer.from(vietnameseSortKey(s)).toString("hex"))).size).toBe(exotic.length);
    expect(sorted.indexOf("zebra")).toBeLessThan(sorted.indexOf("Ωμέγα"));
    expect(sorted.indexOf("Ωμέγα")).toBeLessThan(sorted.indexOf("Москва"));
    expect(sorted.indexOf("Москва")).toBeLessThan(sorted.indexOf("北京"));
    // Zero-width space is ignored as ICU ignores it, a leading mark only counts as a tone.
    expect(disagreements(["\u0301a", "a", "\u0300a", "a\u200bb", "ab", "aa", "ac"])).toEqual([]);
  });

  test("the empty name sorts first", () => {
    expect(byKey(["a", " ", "", "1"])).toEqual(["", " ", "1", "a"]);
  });
});

type Random = ReturnType<typeof createRandom>;

const INITIALS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"];
const NUCLEI = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ", "ươ", "ưa", "ưi", "ưu", "uy", "yê", "oai", "uyê", "ươi", "ươu"];
const FINALS = ["", "", "c", "ch", "m", "n", "ng", "nh", "p", "t"];
/** No tone, huyền, hỏi, ngã, sắc, nặng as combining marks. */
const TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"];
const SEPARATORS = [" ", " ", " ", " ", "-", " - ", ", ", " (", "  "];

function syllable(random: Random, alphabet: "full" | "small"): string {
  const initial = alphabet === "small" ? random.pick(["", "b", "đ", "d"]) : random.pick(INITIALS);
  const nucleus = alphabet === "small" ? random.pick(["a", "ă", "â", "o", "ơ", "uô", "ươ"]) : random.pick(NUCLEI);
  const final = alphabet === "small" ? random.pick(["", "n"]) : random.pick(FINALS);
  // The tone sits on one vowel of the nucleus (either, so both placements occur).
  const vowels = [...nucleus.normalize("NFD")].flatMap((c, i) => (/[aeiouy]/.test(c) ? [i] : []));
  const at = random.pick(vowels);
  const chars = [...nucleus.normalize("NFD")];
  let end = at + 1;
  while (end < chars.length && /\p{M}/u.test(chars[end]!)) end++;
  chars.splice(end, 0, random.pick(TONES));
  let word = initial + chars.join("") + final;
  const casing = random.next();
  if (casing < 0.45) word = word.charAt(0).toUpperCase() + word.slice(1);
  else if (casing < 0.55) word = word.toUpperCase();
  else if (casing < 0.6) word = [...word].map((c) => (random.chance(0.5) ? c.toUpperCase() : c)).join("");
  return word;
}

function generatedName(random: Random, options: { syllables?: number; alphabet?: "full" | "small" } = {}): string {
  const alphabet = options.alphabet ?? "full";
  const count = options.syllables ?? random.int(1, 4);
  let name = syllable(random, alphabet);
  for (let i = 1; i < count; i++) name += (alphabet === "small" ? random.pick([" ", " ", "-"]) : random.pick(SEPARATORS)) + syllable(random, alphabet);
  if (alphabet === "full" && random.chance(0.15)) name = random.chance(0.5) ? `${name} ${random.int(0, 120)}` : `${random.int(0, 30)} ${name}`;
  // Stored text may arrive precomposed (most keyboards) or decomposed.
  return random.chance(0.8) ? name.normalize("NFC") : name.normalize("NFD");
}
