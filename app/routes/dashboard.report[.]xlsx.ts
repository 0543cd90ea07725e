import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { formattersFor, periodLabelWith } from "~/components/dashboard/format";
import { readReportView, reportFileName } from "~/domain/report";
import { vietnamDate } from "~/domain/vietnam-time";
import { requirePermission } from "~/http/permissions.server";
import { problemCsv } from "~/http/problem.server";
import { i18nServer } from "~/i18n/i18n.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { csvProblemWords } from "~/modules/exports/exports.service.server";
import { reportWorkbook } from "~/modules/reports/report-workbook.server";
import { assembleReport } from "~/modules/reports/reports.service.server";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The report of /dashboard/report as an Excel workbook: the same period rules, the same figures. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requirePermission({ request, context }, "exports:download");
  const now = new Date();
  const read = readReportView(new URL(request.url), vietnamDate(now));
  if (!read.ok) return problemCsv(read.problem, csvProblemWords(read.problem));
  if (read.value.kind === "redirect") throw redirect(read.value.to);
  const { view } = read.value;
  const locale = await requestLocale(request);
  const report = await assembleReport(context.db, principal, view, now, locale);
  if (!report.ok) return problemCsv(report.problem, csvProblemWords(report.problem));
  const t = await i18nServer.getFixedT(locale, ["report", "staff", "plan"]);
  const f = formattersFor(locale);
  const words = { locale, t: (key: string, options?: Record<string, string | number>) => t(key, options), date: f.date, dateTime: f.dateTime };
  const staff = (key: string, options: Record<string, string | number>) => t(`staff:${key}`, options);
  const body = await reportWorkbook(report.value, { ...words, periodLabel: periodLabelWith(staff, f) });
  return new Response(body, {
    headers: {
      "Content-Type": XLSX,
      "Content-Disposition": `attachment; filename="${reportFileName(view.period, "xlsx")}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
