import { useTranslation } from "react-i18next";
import { exportHref, type DashboardView, type DateRange } from "~/domain/dashboard-view";

/** Downloads of what the page shows, as CSV (UTF-8 with a byte-order mark, for Excel). */
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
  const { t } = useTranslation("staff");
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
      </ul>
    </section>
  );
}
