import { describe, expect, test } from "vitest";
import en from "#locales/en/exports.json";
import vi from "#locales/vi/exports.json";
import { vietnamIsoTime } from "~/domain/vietnam-time";
import type { ExportResponse } from "~/modules/exports/exports.repository.server";
import { INDEX_CSV_COLUMNS, indexCsvTable, type IndexRowJson } from "~/modules/exports/index-csv";
import { RESPONSE_CSV_FIXED_COLUMNS, responseQuestionColumns, responseRecord } from "~/modules/exports/exports.service.server";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

const ROW: IndexRowJson = {
  key: "land",
  label: "Đất đai",
  sectors: ["land"],
  respondents: 412,
  overall: { n: 405, satisfied: 361, rate: 0.8914, ciLow: 0.8573, ciHigh: 0.9181 },
  answers: { n: 2810, satisfied: 2490, rate: 0.8861, ciLow: 0.8712, ciHigh: 0.901, respondents: 410 },
  comprehensive: { n: 412, satisfied: 300, rate: 0.7282 },
  meanScore: 4.31,
  distribution: { levels: [1, 2, 3, 4, 5], notApplicable: 0 },
  onTime: null,
  headline: "overall",
  target: { value: 0.85, comparator: ">" },
  minSample: 30,
  status: "inconclusive",
  side: "above",
};

describe("the indices CSV", () => {
  test("has a header for every column in both languages, and the same words in each", () => {
    expect(keys(en).sort()).toEqual(keys(vi).sort());
    for (const column of INDEX_CSV_COLUMNS) {
      expect(vi.indices.columns[column].trim()).not.toBe("");
      expect(en.indices.columns[column].trim()).not.toBe("");
    }
  });

  test("says in the header that rates are fractions", () => {
    const { header } = indexCsvTable([], "vi");
    expect(header[INDEX_CSV_COLUMNS.indexOf("overallRate")]).toMatch(/0–1/);
    expect(indexCsvTable([], "en").header[INDEX_CSV_COLUMNS.indexOf("answersRate")]).toMatch(/fraction 0–1/);
  });

  test("holds the API's figures unchanged, with the status in words and as its code", () => {
    const { records } = indexCsvTable([ROW], "vi");
    const cell = (c: (typeof INDEX_CSV_COLUMNS)[number]) => records[0]![INDEX_CSV_COLUMNS.indexOf(c)];
    expect(cell("overallRate")).toBe(0.8914);
    expect(cell("answersCiHigh")).toBe(0.901);
    expect(cell("comprehensiveRate")).toBe(0.7282);
    expect(cell("meanScore")).toBe(4.31);
    expect(cell("target")).toBe(0.85);
    expect(cell("comparator")).toBe(">");
    expect(cell("status")).toBe("Chưa kết luận được (ước lượng trên mục tiêu)");
    expect(cell("statusCode")).toBe("inconclusive");
    expect(cell("headline")).toBe("Hài lòng chung");
  });

  test("leaves cells empty where the API has null: a question row has no overall figure and no target", () => {
    const question: IndexRowJson = { ...ROW, overall: null, comprehensive: null, target: null, status: null, side: null, headline: null };
    const { records } = indexCsvTable([question], "en");
    for (const c of ["overallN", "overallRate", "comprehensiveRate", "target", "status", "statusCode"] as const) {
      expect(records[0]![INDEX_CSV_COLUMNS.indexOf(c)], c).toBeNull();
    }
  });
});

describe("the raw responses CSV", () => {
  const tthc = { id: 1, code: "tthc", questions: [{ key: "overall", type: "scale" as const }, { key: "comment", type: "text" as const }] };
  const health = { id: 2, code: "health-outpatient", questions: [{ key: "overall", type: "scale" as const }, { key: "expectation", type: "number" as const }] };

  test("names question columns by their key with one questionnaire, prefixed by questionnaire with several", () => {
    expect(responseQuestionColumns([tthc]).map((c) => c.header)).toEqual(["overall", "comment"]);
    expect(responseQuestionColumns([health, tthc]).map((c) => c.header)).toEqual([
      "health-outpatient:overall", "health-outpatient:expectation", "tthc:overall", "tthc:comment",
    ]);
  });

  test("prefixes a question key that would clash with a fixed column", () => {
    const odd = { id: 3, code: "odd", questions: [{ key: "channel", type: "choice" as const }] };
    expect(responseQuestionColumns([odd]).map((c) => c.header)).toEqual(["odd:channel"]);
  });

  test("writes scale answers as 1–5 or na, leaves unanswered and other questionnaires' questions blank", () => {
    const response: ExportResponse = {
      id: 9,
      clientId: "0b6f9c1e-6d0e-4b7a-9a53-3f1f0c2b7d11",
      answeredAt: "2026-03-31T17:01:00.000Z",
      servicePointCode: "BV-KKB",
      agencyCode: "bv-hnda",
      sectorCode: "health",
      channel: "kiosk",
      locale: "en",
      questionnaireId: 2,
      questionnaireCode: "health-outpatient",
      questionnaireVersion: 3,
      flagged: true,
      flagReason: "too_fast,ip_burst",
      answers: new Map([
        ["overall", { type: "scale", score: null, notApplicable: true, choice: null, number: null, text: null }],
        ["expectation", { type: "number", score: null, notApplicable: false, choice: null, number: 72.5, text: null }],
      ]),
    };
    const record = responseRecord(response, responseQuestionColumns([health, tthc]));
    expect(record).toEqual([
      "0b6f9c1e-6d0e-4b7a-9a53-3f1f0c2b7d11", "2026-04-01T00:01:00+07:00", "BV-KKB", "bv-hnda", "health", "kiosk", "en",
      "health-outpatient", 3, 1, "too_fast,ip_burst",
      "na", 72.5, null, null,
    ]);
    expect(record).toHaveLength(RESPONSE_CSV_FIXED_COLUMNS.length + 4);
  });
});

describe("Vietnam time with its offset", () => {
  test("is UTC plus seven hours, to the second, across midnight and the new year", () => {
    expect(vietnamIsoTime(new Date("2026-03-01T01:15:00.789Z"))).toBe("2026-03-01T08:15:00+07:00");
    expect(vietnamIsoTime(new Date("2025-12-31T17:00:00Z"))).toBe("2026-01-01T00:00:00+07:00");
  });
});
