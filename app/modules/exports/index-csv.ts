import en from "#locales/en/exports.json";
import vi from "#locales/vi/exports.json";
import type { Locale } from "~/domain/questionnaire";
import type { indexRowJson } from "~/modules/indices/index-json";

export type IndexRowJson = ReturnType<typeof indexRowJson>;
export type CsvCell = string | number | null;

const WORDS = { vi: vi.indices, en: en.indices } as const;

/** The columns of the indices CSV, in order; their headers are in locales/{vi,en}/exports.json. */
export const INDEX_CSV_COLUMNS = [
  "key",
  "label",
  "sectors",
  "respondents",
  "overallN",
  "overallSatisfied",
  "overallRate",
  "overallCiLow",
  "overallCiHigh",
  "answersN",
  "answersSatisfied",
  "answersRate",
  "answersCiLow",
  "answersCiHigh",
  "comprehensiveN",
  "comprehensiveSatisfied",
  "comprehensiveRate",
  "meanScore",
  "headline",
  "target",
  "comparator",
  "status",
  "statusCode",
] as const satisfies ReadonlyArray<keyof (typeof vi)["indices"]["columns"]>;

function statusWords(row: IndexRowJson, locale: Locale): string | null {
  const words = WORDS[locale].status;
  switch (row.status) {
    case null:
      return null;
    case "inconclusive":
      return row.side === "above" ? words.inconclusiveAbove : words.inconclusiveBelow;
    default:
      return words[row.status];
  }
}

/**
 * The indices table as the header row and one record per row of
 * `GET /api/v1/indices`, made from that API's own JSON rows so the figures are
 * the same to the last digit: rates are fractions rounded to four decimals,
 * mean scores to two. Empty cells where the API has null.
 */
export function indexCsvTable(rows: readonly IndexRowJson[], locale: Locale): { header: string[]; records: CsvCell[][] } {
  const words = WORDS[locale];
  const header = INDEX_CSV_COLUMNS.map((c) => words.columns[c]);
  const records = rows.map((row) => {
    const cells: Record<(typeof INDEX_CSV_COLUMNS)[number], CsvCell> = {
      key: row.key,
      label: row.label,
      sectors: row.sectors.join(", "),
      respondents: row.respondents,
      overallN: row.overall?.n ?? null,
      overallSatisfied: row.overall?.satisfied ?? null,
      overallRate: row.overall?.rate ?? null,
      overallCiLow: row.overall?.ciLow ?? null,
      overallCiHigh: row.overall?.ciHigh ?? null,
      answersN: row.answers.n,
      answersSatisfied: row.answers.satisfied,
      answersRate: row.answers.rate,
      answersCiLow: row.answers.ciLow ?? null,
      answersCiHigh: row.answers.ciHigh ?? null,
      comprehensiveN: row.comprehensive?.n ?? null,
      comprehensiveSatisfied: row.comprehensive?.satisfied ?? null,
      comprehensiveRate: row.comprehensive?.rate ?? null,
      meanScore: row.meanScore,
      headline: row.headline ? words.headline[row.headline] : null,
      target: row.target?.value ?? null,
      comparator: row.target?.comparator ?? null,
      status: statusWords(row, locale),
      statusCode: row.status,
    };
    return INDEX_CSV_COLUMNS.map((c) => cells[c]);
  });
  return { header, records };
}
