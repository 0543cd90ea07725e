import { useTranslation } from "react-i18next";
import { carriedView, exportHref, viewSearch, type DashboardView, type DateRange } from "~/domain/dashboard-view";
import { usePeriodLabel } from "./format";

/** Downloads of what the page shows, as CSV (UTF-8 with a byte-order mark, for Excel), and the period's report to print or open in Excel. */
export function ExportLinks({
  range,
  view,
  sector,
  groupings,
}: {
  range: DateRange;
  view: DashboardView;
  sector: string | null;
  groupings: ReadonlyArray<"sector" | "agency" | "servicePoint" | "question" | "group" | "month">;
}) {
  const { t } = useTranslation(["staff", "report"]);
  const periodLabel = usePeriodLabel();
  // The report covers every sector in the caller's scope: the period, the flagged switch and the language go along, the filters do not.
  const report = viewSearch(carriedView(view));
  const common = { sector, agency: view.agency, servicePoint: view.servicePoint, includeFlagged: view.includeFlagged, lang: view.lang };
  return (
    <section className="exports" aria-labelledby="exports-title">
      <h2 id="exports-title">{t("dashboard.exports.title")}</h2>
      <ul>
        {groupings.map((groupBy) => (
          <li key={groupBy}>
            <a href={exportHref("indices.csv", range, { ...common, groupBy })} download>
              {t(`dashboard.exports.indices.${groupBy}`)}
            </a>
          </li>
        ))}
        <li>
          <a href={exportHref("responses.csv", range, common)} download>
            {t("dashboard.exports.responses")}
          </a>
        </li>
        <li>
          <a href={`/dashboard/report${report}`} data-link="report">
            {t("report:link.page", { period: periodLabel(view.period) })}
          </a>
        </li>
        <li>
          <a href={`/dashboard/report.xlsx${report}`} download data-link="report-xlsx">
            {t("report:link.workbook", { period: periodLabel(view.period) })}
          </a>
        </li>
      </ul>
    </section>
  );
}
