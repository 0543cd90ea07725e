import { useTranslation } from "react-i18next";
import { ChangeText } from "~/components/dashboard/scorecard";
import { useFormatters } from "~/components/dashboard/format";
import { TargetText } from "~/components/dashboard/sector-card";
import { StatusBadge } from "~/components/dashboard/status";
import type { SectorCard } from "~/domain/rankings";

/*
 * The report's tables. Each row stays whole on a printed page and the header
 * repeats on the next (app/styles/report.css); the figures are the ones the
 * workbook holds, from the same ReportData.
 */

export function SectorsTable({ sectors, captionId }: { sectors: readonly SectorCard[]; captionId: string }) {
  const { t } = useTranslation(["report", "staff"]);
  const f = useFormatters();
  return (
    <table className="data-table report-table" aria-labelledby={captionId} data-table="sectors">
      <thead>
        <tr>
          <th scope="col">{t("columns.sector")}</th>
          <th scope="col" className="num">{t("columns.figure")}</th>
          <th scope="col" className="num">{t("columns.interval")}</th>
          <th scope="col" className="num">{t("columns.n")}</th>
          <th scope="col">{t("columns.target")}</th>
          <th scope="col">{t("columns.status")}</th>
          <th scope="col">{t("columns.change")}</th>
        </tr>
      </thead>
      <tbody>
        {sectors.map((s) => (
          <tr key={s.code} data-sector={s.code}>
            <th scope="row">
              {s.name}
              <small className="report-sub">{t(`staff:dashboard.headline.${s.headline}`)}</small>
            </th>
            <td className="num" data-figure="estimate">{f.percent(s.current?.figure.estimate ?? null)}</td>
            <td className="num">{f.interval(s.current?.figure.ciLow ?? null, s.current?.figure.ciHigh ?? null)}</td>
            <td className="num" data-figure="n">{f.count(s.current?.figure.n ?? 0)}</td>
            <td>
              <TargetText target={s.target} />
            </td>
            <td>
              <StatusBadge status={s.current?.status ?? null} side={s.current?.side ?? null} minSample={s.current?.minSample ?? s.target?.minSample ?? 0} />
            </td>
            <td data-figure="change">
              <ChangeText change={s.change} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
