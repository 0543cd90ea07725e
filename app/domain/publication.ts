/**
 * Published results (DOMAIN.md, "Publishing and ranking"): which closed
 * periods may be published, which are due for automatic publication, and
 * what a frozen snapshot holds. See docs/decisions/024-publication.md.
 */
import { z } from "zod";
import { badParameter, singleValues } from "./index-query";
import { addDays, dayNumberOf, FIRST_ACCEPTED_YEAR, LAST_ACCEPTED_YEAR, parsePeriodKey, periodKeyOf, previousPeriodKey } from "./periods";
import type { ScorecardLine } from "./plan";
import { refused, succeeded, type Outcome } from "./problem";
import { CONTROL_CHARACTERS } from "./printable-text";
import type { Locale } from "./questionnaire";
import type { JudgedRow } from "./rankings";
import type { Headline, TargetRule, TargetStatus, EstimateSide } from "./targets";

export const PUBLICATION_KINDS = ["month", "quarter", "year"] as const;
export type PublicationKind = (typeof PUBLICATION_KINDS)[number];

/** A period that can be published: a month, quarter or year, with its dates. */
export type PublicationPeriod = { key: string; kind: PublicationKind; from: string; to: string };

/**
 * `2026-11`, `2026-Q4` or `2026`; null for anything else (a day, a week, a
 * typo) and for years outside 1900–2999 (year 1 has no period before it to
 * compare with: publishing `0001-01` was a 500).
 */
export function parsePublicationPeriod(key: string): PublicationPeriod | null {
  const period = parsePeriodKey(key);
  if (!period || !(PUBLICATION_KINDS as readonly string[]).includes(period.granularity)) return null;
  const year = Number(period.first.slice(0, 4));
  if (year < FIRST_ACCEPTED_YEAR || year > LAST_ACCEPTED_YEAR) return null;
  return { key: period.key, kind: period.granularity as PublicationKind, from: period.first, to: period.last };
}

/** A period is closed once its last Vietnam day is over: only closed periods are published. */
export function isClosed(period: Pick<PublicationPeriod, "to">, today: string): boolean {
  return dayNumberOf(period.to) < dayNumberOf(today);
}

/** How many closed periods of each kind the automatic publication looks back over. */
export const AUTO_PUBLISH_WINDOW: Record<PublicationKind, number> = { month: 12, quarter: 4, year: 2 };

/**
 * The closed periods due for automatic publication on `today`: those whose
 * last day was at least `afterDays` days ago (and at least one: a period is
 * published after it closes), newest first, within the look-back window:
 * the newest due periods of each kind. Periods not yet due do not use up the
 * window (with PUBLISH_AFTER_DAYS=366 every month of the last 12 is too
 * recent, and none was ever due).
 */
export function duePeriods(today: string, afterDays: number): PublicationPeriod[] {
  const due: PublicationPeriod[] = [];
  const age = (key: string) => dayNumberOf(today) - dayNumberOf(parsePeriodKey(key)!.last);
  for (const kind of PUBLICATION_KINDS) {
    let key = previousPeriodKey(periodKeyOf(today, kind));
    while (age(key) < Math.max(1, afterDays)) key = previousPeriodKey(key);
    for (let i = 0; i < AUTO_PUBLISH_WINDOW[kind]; i += 1) {
      const period = parsePublicationPeriod(key);
      if (!period) break;
      due.push(period);
      key = previousPeriodKey(key);
    }
  }
  return due;
}

/** The first day a closed period is published automatically. */
export function autoPublishDate(period: Pick<PublicationPeriod, "to">, afterDays: number): string {
  return addDays(period.to, Math.max(1, afterDays));
}

type Named = Record<Locale, string>;

/** A sector's headline figure as published, beside the previous period's. */
export type PublishedSector = {
  code: string;
  headline: Headline;
  figure: JudgedRow["figure"];
  respondents: number;
  target: TargetRule | null;
  status: TargetStatus | null;
  side: EstimateSide | null;
  previous: JudgedRow["figure"] | null;
  change: number | null;
  /** The sector's agencies with enough respondents, ranked with their rank ranges; the others apart. */
  agencies: { ranked: JudgedRow[]; unranked: JudgedRow[] };
};

export type PublishedComment = { text: string; sector: string; agency: string; date: string };

/**
 * Everything the public page and its JSON show of one period, frozen when it
 * is published. Names are kept in both languages, so `?lang=en` reads the
 * same snapshot.
 */
export type PublicSnapshot = {
  format: 1;
  period: PublicationPeriod;
  /** Respondents and dossiers returned in the period, over every sector (flagged responses left out). */
  totals: { respondents: number; dossiersReturned: number };
  scorecard: { year: number; lines: ScorecardLine[] };
  sectors: PublishedSector[];
  comments: PublishedComment[];
  names: { sectors: Record<string, Named>; agencies: Record<string, Named> };
  computedAt: string;
};

/** One line of "what changed" between two revisions of a period. */
export type RevisionChange = {
  kind: "indicator" | "sector";
  key: string;
  name: Named;
  before: { estimate: number | null; n: number } | null;
  after: { estimate: number | null; n: number } | null;
};

const differs = (a: { estimate: number | null; n: number } | null, b: { estimate: number | null; n: number } | null) =>
  (a?.estimate ?? null) !== (b?.estimate ?? null) || (a?.n ?? 0) !== (b?.n ?? 0);

/** The indicators and sectors whose figure or n differs between an earlier revision and a later one. */
export function changesBetween(earlier: PublicSnapshot, later: PublicSnapshot): RevisionChange[] {
  const changes: RevisionChange[] = [];
  const keys = [...new Set([...earlier.scorecard.lines.map((l) => l.key), ...later.scorecard.lines.map((l) => l.key)])];
  for (const key of keys) {
    const a = earlier.scorecard.lines.find((l) => l.key === key);
    const b = later.scorecard.lines.find((l) => l.key === key);
    const before = a ? { estimate: a.figure.estimate, n: a.figure.n } : null;
    const after = b ? { estimate: b.figure.estimate, n: b.figure.n } : null;
    if (differs(before, after)) changes.push({ kind: "indicator", key, name: (b ?? a)!.name, before, after });
  }
  const codes = [...new Set([...earlier.sectors.map((s) => s.code), ...later.sectors.map((s) => s.code)])];
  for (const code of codes) {
    const a = earlier.sectors.find((s) => s.code === code);
    const b = later.sectors.find((s) => s.code === code);
    const before = a ? { estimate: a.figure.estimate, n: a.figure.n } : null;
    const after = b ? { estimate: b.figure.estimate, n: b.figure.n } : null;
    const name = later.names.sectors[code] ?? earlier.names.sectors[code] ?? { vi: code, en: code };
    if (differs(before, after)) changes.push({ kind: "sector", key: code, name, before, after });
  }
  return changes;
}

/**
 * The period a visitor sees without choosing: the published one that ends
 * latest, the shortest on a tie (last month rather than the quarter it closes).
 */
export function defaultPublishedPeriod<P extends Pick<PublicationPeriod, "kind" | "to">>(published: readonly P[]): P | null {
  const order: Record<PublicationKind, number> = { month: 0, quarter: 1, year: 2 };
  return [...published].sort((a, b) => b.to.localeCompare(a.to) || order[a.kind] - order[b.kind])[0] ?? null;
}

export type PublicQuery = { period: string | null; revision: number | null; locale: Locale };

/**
 * The query of `/ket-qua` and `GET /api/v1/public/results`: `period`
 * (YYYY-MM, YYYY-Qn or YYYY; empty or absent: the latest published),
 * `revision` (a whole number from 1; absent: the current one), `lang`. Each
 * at most once; a malformed value is refused naming its parameter.
 */
export function parsePublicQuery(params: URLSearchParams): Outcome<PublicQuery> {
  const single = singleValues(params);
  if (!single.ok) return single;
  const period = params.get("period")?.trim() || null;
  if (period !== null && (period.length > 10 || !parsePublicationPeriod(period))) {
    return refused(badParameter("period", "must be a month (2026-11), a quarter (2026-Q4) or a year (2026)"));
  }
  const revisionText = params.get("revision")?.trim() || null;
  if (revisionText !== null && !/^[1-9]\d{0,5}$/.test(revisionText)) return refused(badParameter("revision", "must be a whole number from 1"));
  const lang = params.get("lang");
  if (lang !== null && lang !== "vi" && lang !== "en") return refused(badParameter("lang", "must be vi or en"));
  return succeeded({ period, revision: revisionText === null ? null : Number(revisionText), locale: lang === "en" ? "en" : "vi" });
}

/** A republication's note, shown on the public page beside its revision. */
export const PUBLICATION_NOTE_MAX = 500;

/**
 * The publish form of /admin/publication: the period (checked by the
 * service, which knows whether it is closed) and an optional one-line note.
 */
export const PublishForm = z.object({
  period: z
    .string()
    .trim()
    .optional()
    .transform((v) => v ?? ""),
  note: z
    .string()
    .trim()
    .max(PUBLICATION_NOTE_MAX)
    .refine((v) => !CONTROL_CHARACTERS.test(v), { message: "format" })
    .optional()
    .transform((v) => (v ? v : null)),
});
