/**
 * The report as an Excel workbook (exceljs): a "Thông tin" sheet, then one
 * sheet per table of the printed page, made from the same `ReportData`.
 * Rates are numbers (fractions) shown with a percent format, n and counts
 * are whole numbers, headers are in the reader's language; a missing figure
 * is an empty cell, never a dash that would turn a column into text.
 */
import ExcelJS from "exceljs";
import type { PeriodChoice } from "~/domain/dashboard-view";
import type { Locale } from "~/domain/questionnaire";
import type { TargetRule, TargetStatus, EstimateSide } from "~/domain/targets";
import { ON_TIME_TARGET } from "~/domain/timeliness";
import type { ReportData } from "./types";

/** The words a workbook needs, in the reader's language: `t` over the report, staff and plan namespaces. */
export type WorkbookWords = {
  locale: Locale;
  t: (key: string, options?: Record<string, string | number>) => string;
  periodLabel: (choice: PeriodChoice) => string;
  /** "26/11/2026" */
  date: (date: string) => string;
  /** "26/11/2026 08:30", Vietnam time */
  dateTime: (iso: string) => string;
};

type Kind = "text" | "integer" | "rate" | "change";
type Column = { header: string; kind: Kind; width?: number };
type Cell = string | number | null;

const FORMATS: Record<Kind, string | undefined> = {
  text: undefined,
  integer: "#,##0",
  rate: "0.0%",
  // A change of rates in percentage points, with its sign.
  change: "+0.0%;-0.0%;0.0%",
};
const WIDTHS: Record<Kind, number> = { text: 18, integer: 12, rate: 12, change: 13 };

/** One table on its own sheet: a bold, frozen header row, then the rows, each column with its number format. */
function addTable(workbook: ExcelJS.Workbook, name: string, columns: readonly Column[], rows: readonly Cell[][]): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width ?? WIDTHS[c.kind], style: FORMATS[c.kind] ? { numFmt: FORMATS[c.kind] } : {} }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: "top", wrapText: true };
  for (const row of rows) sheet.addRow(row.map((v, i) => (columns[i]!.kind === "integer" && typeof v === "number" ? Math.round(v) : v)));
  if (rows.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
}

export async function reportWorkbook(data: ReportData, words: WorkbookWords): Promise<Uint8Array<ArrayBuffer>> {
  const { t } = words;
  const col = (key: string) => t(`report:columns.${key}`);
  const status = (s: TargetStatus | null, side: EstimateSide | null, minSample: number) =>
    `${t(`staff:dashboard.status.${s ?? "none"}`, { min: minSample })}${s === "inconclusive" && side ? ` (${t(`staff:dashboard.side.${side}`)})` : ""}`;
  const comparator = (target: Pick<TargetRule, "comparator"> | null) => (target ? t(`report:workbook.comparator.${target.comparator}`) : null);

  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Hài Lòng";
  workbook.created = new Date(data.generatedAt);

  const sectorNames = data.sectors.map((s) => s.name).join(", ");
  addTable(
    workbook,
    t("report:workbook.sheets.info"),
    [
      { header: t("report:workbook.info.field"), kind: "text", width: 28 },
      { header: t("report:workbook.info.value"), kind: "text", width: 90 },
    ],
    [
      [t("report:workbook.info.title"), t("report:page.heading")],
      [t("report:workbook.info.coverage"), data.coverage === "province" ? t("report:page.coverProvince") : t("report:page.coverSectors", { sectors: sectorNames })],
      [t("report:workbook.info.period"), words.periodLabel(data.period)],
      [t("report:workbook.info.from"), words.date(data.range.from)],
      [t("report:workbook.info.to"), words.date(data.range.to)],
      [t("report:workbook.info.previous"), `${words.periodLabel(data.previous.period)} (${words.date(data.previous.range.from)} – ${words.date(data.previous.range.to)})`],
      [t("report:workbook.info.generatedAt"), words.dateTime(data.generatedAt)],
      [t("report:workbook.info.flagged"), t(`report:workbook.info.${data.includeFlagged ? "flaggedIncluded" : "flaggedExcluded"}`)],
      [t("report:workbook.info.intervals"), t("report:workbook.info.intervalsNote")],
      ...(data.scorecard === null || data.scorecard.lines.length === 0 ? [[t("report:sections.scorecard", { year: data.range.to.slice(0, 4) }), t("report:workbook.info.scorecardNone")]] : []),
    ],
  );

  if (data.scorecard && data.scorecard.lines.length > 0) {
    const names = data.scorecard.sectorNames;
    addTable(
      workbook,
      t("report:workbook.sheets.scorecard"),
      [
        { header: col("indicator"), kind: "text", width: 40 },
        { header: col("measure"), kind: "text", width: 32 },
        { header: col("scope"), kind: "text", width: 30 },
        { header: col("figure"), kind: "rate" },
        { header: col("ciLow"), kind: "rate" },
        { header: col("ciHigh"), kind: "rate" },
        { header: t("plan:scorecard.n"), kind: "integer" },
        { header: col("target"), kind: "rate" },
        { header: col("comparator"), kind: "text", width: 14 },
        { header: col("status"), kind: "text", width: 34 },
        { header: col("previous"), kind: "rate" },
        { header: col("change"), kind: "change" },
      ],
      data.scorecard.lines.map((l) => [
        l.name[words.locale],
        t(`plan:measure.${l.measure}`),
        l.scope === "all" ? t("plan:scope.all") : l.sectors.map((c) => names[c] ?? c).join(", "),
        l.figure.estimate,
        l.figure.ciLow,
        l.figure.ciHigh,
        l.figure.n,
        l.target.value,
        comparator(l.target),
        status(l.status, l.side, l.target.minSample),
        l.previous?.estimate ?? null,
        l.change,
      ]),
    );
  }

  addTable(
    workbook,
    t("report:workbook.sheets.sectors"),
    [
      { header: col("sector"), kind: "text", width: 28 },
      { header: col("headline"), kind: "text", width: 36 },
      { header: col("figure"), kind: "rate" },
      { header: col("ciLow"), kind: "rate" },
      { header: col("ciHigh"), kind: "rate" },
      { header: col("n"), kind: "integer" },
      { header: col("target"), kind: "rate" },
      { header: col("comparator"), kind: "text", width: 14 },
      { header: col("minSample"), kind: "integer" },
      { header: col("status"), kind: "text", width: 34 },
      { header: col("previous"), kind: "rate" },
      { header: col("change"), kind: "change" },
    ],
    data.sectors.map((s) => [
      s.name,
      t(`staff:dashboard.headline.${s.headline}`),
      s.current?.figure.estimate ?? null,
      s.current?.figure.ciLow ?? null,
      s.current?.figure.ciHigh ?? null,
      s.current?.figure.n ?? 0,
      s.target?.value ?? null,
      comparator(s.target),
      s.current?.minSample ?? s.target?.minSample ?? null,
      status(s.current?.status ?? null, s.current?.side ?? null, s.current?.minSample ?? s.target?.minSample ?? 0),
      s.previous.figure?.estimate ?? null,
      s.change,
    ]),
  );

  addTable(
    workbook,
    t("report:workbook.sheets.agencies"),
    [
      { header: col("sector"), kind: "text", width: 22 },
      { header: col("agency"), kind: "text", width: 40 },
      { header: col("rank"), kind: "integer", width: 8 },
      { header: col("rankRange"), kind: "text", width: 12 },
      { header: col("figure"), kind: "rate" },
      { header: col("ciLow"), kind: "rate" },
      { header: col("ciHigh"), kind: "rate" },
      { header: col("n"), kind: "integer" },
      { header: col("status"), kind: "text", width: 34 },
    ],
    data.agencies.flatMap((s) =>
      s.agencies.map((a) => [
        s.name,
        a.label,
        a.rank,
        a.rankBest != null && a.rankWorst != null ? `${a.rankBest}–${a.rankWorst}` : null,
        a.figure.estimate,
        a.figure.ciLow,
        a.figure.ciHigh,
        a.figure.n,
        status(a.status, a.side, a.minSample),
      ]),
    ),
  );

  addTable(
    workbook,
    t("report:workbook.sheets.timeliness"),
    [
      { header: col("sector"), kind: "text", width: 28 },
      { header: col("returned"), kind: "integer" },
      { header: col("onTime"), kind: "integer" },
      { header: col("onTimeRate"), kind: "rate" },
      { header: col("ciLow"), kind: "rate" },
      { header: col("ciHigh"), kind: "rate" },
      { header: col("status"), kind: "text", width: 24 },
      { header: col("late"), kind: "integer" },
      { header: col("overdueOpen"), kind: "integer" },
      { header: col("apologiesRequired"), kind: "integer" },
      { header: col("apologiesSent"), kind: "integer" },
      { header: col("apologiesInTime"), kind: "integer" },
      { header: col("responses"), kind: "integer" },
      { header: col("responseRate"), kind: "rate" },
    ],
    data.timeliness.map((r) => [
      r.label,
      r.returned,
      r.onTime,
      r.onTimeRate?.rate ?? null,
      r.onTimeRate?.ciLow ?? null,
      r.onTimeRate?.ciHigh ?? null,
      status(r.status, null, ON_TIME_TARGET.minSample),
      r.late,
      r.overdueOpen,
      r.apologies.required,
      r.apologies.sent,
      r.apologies.sentInTime,
      r.responseRate?.responses ?? 0,
      r.responseRate?.rate ?? null,
    ]),
  );

  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
