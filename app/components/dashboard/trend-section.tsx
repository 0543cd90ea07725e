import { lazy } from "react";
import { useTranslation } from "react-i18next";
import { ChartFigure, ScrollTable } from "~/components/charts/chart-figure";
import type { SectorData } from "~/modules/dashboard/types";
import { useFormatters } from "./format";
import { TargetText } from "./sector-card";
import { StatusBadge } from "./status";

const TrendCanvas = lazy(() => import("~/components/charts/trend-canvas"));

/** The monthly headline index with its interval band and the target line, and the same numbers as a table. */
export function TrendSection({ trend, minSample }: { trend: SectorData["trend"]; minSample: number }) {
  const { t } = useTranslation("staff");
  const f = useFormatters();
  const monthLabel = (key: string) => t("dashboard.period.monthShort", { month: Number(key.slice(5, 7)), year: key.slice(0, 4) });
  const labels = trend.months.map((m) => monthLabel(m.key));
  const title = t("dashboard.trend.title", { index: t(`dashboard.headline.${trend.headline}`) });
  return (
    <ChartFigure
      id="trend"
      title={title}
      headingLevel={2}
      note={
        <>
          {t("dashboard.trend.note", { from: f.date(trend.range.from), to: f.date(trend.range.to) })} <TargetText target={trend.target} />.
        </>
      }
      chart={() => (
        <TrendCanvas
          labels={labels}
          estimate={trend.months.map((m) => m.figure.estimate)}
          low={trend.months.map((m) => m.figure.ciLow)}
          high={trend.months.map((m) => m.figure.ciHigh)}
          n={trend.months.map((m) => m.figure.n)}
          target={trend.target?.value ?? null}
          names={{ estimate: t("dashboard.trend.estimate"), band: t("dashboard.trend.band"), target: t("dashboard.trend.target"), n: "n =" }}
          ariaLabel={t("dashboard.chartAlt", { title })}
          formatPercent={f.percent}
          formatTick={f.target}
        />
      )}
    >
      <ScrollTable labelledBy="trend-caption">
        <table className="data-table">
          <caption id="trend-caption" className="visually-hidden">
            {t("dashboard.trend.caption")}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.table.month")}</th>
              <th scope="col" className="num">{t("dashboard.table.index")}</th>
              <th scope="col" className="num">{t("dashboard.table.interval")}</th>
              <th scope="col" className="num">{t("dashboard.table.n")}</th>
              <th scope="col">{t("dashboard.table.status")}</th>
            </tr>
          </thead>
          <tbody>
            {trend.months.map((m, i) => (
              <tr key={m.key} data-month={m.key}>
                <th scope="row">{labels[i]}</th>
                <td className="num">{f.percent(m.figure.estimate)}</td>
                <td className="num">{f.interval(m.figure.ciLow, m.figure.ciHigh)}</td>
                <td className="num">{f.count(m.figure.n)}</td>
                <td>
                  <StatusBadge status={m.status} side={m.side} minSample={minSample} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </ChartFigure>
  );
}
