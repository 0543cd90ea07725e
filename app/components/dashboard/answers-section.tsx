import { lazy } from "react";
import { useTranslation } from "react-i18next";
import { ChartFigure, ScrollTable } from "~/components/charts/chart-figure";
import type { AnswerRow } from "~/modules/dashboard/types";
import { useFormatters } from "./format";
import { StatusBadge } from "./status";

const RateBarsCanvas = lazy(() => import("~/components/charts/rate-bars-canvas"));
const DistributionCanvas = lazy(() => import("~/components/charts/distribution-canvas"));

const chartHeight = (rows: number) => ({ height: `${Math.max(160, rows * 44 + 70)}px` });

/** Answer-level rates of criterion groups or of questions: bars with their intervals, and the table. */
export function RateBarsSection({
  id,
  title,
  note,
  rows,
  numbered = false,
  minSample,
}: {
  id: string;
  title: string;
  note?: string;
  rows: AnswerRow[];
  /** Questions are long: number them, so the chart's axis and the table match. */
  numbered?: boolean;
  minSample: number;
}) {
  const { t } = useTranslation("staff");
  const f = useFormatters();
  const label = (row: AnswerRow, i: number) => (numbered ? `${i + 1}. ${row.label}` : row.label);
  // Questions are numbered on the chart's axis; their wording is in the table.
  const axisLabel = (row: AnswerRow, i: number) => (numbered ? t("dashboard.answers.questionShort", { n: i + 1 }) : row.label);
  if (rows.length === 0) {
    return (
      <section className="chart-figure" aria-labelledby={`${id}-title`}>
        <h3 id={`${id}-title`}>{title}</h3>
        <p className="muted">{t("dashboard.noData")}</p>
      </section>
    );
  }
  return (
    <ChartFigure
      id={id}
      title={title}
      note={note}
      chart={() => (
        <div style={chartHeight(rows.length)}>
          <RateBarsCanvas
            labels={rows.map(axisLabel)}
            estimate={rows.map((r) => r.answers.rate)}
            low={rows.map((r) => r.answers.ciLow)}
            high={rows.map((r) => r.answers.ciHigh)}
            names={{ estimate: t("dashboard.answers.rate"), interval: t("dashboard.trend.band") }}
            ariaLabel={t("dashboard.chartAlt", { title })}
            formatPercent={f.percent}
            formatTick={f.target}
          />
        </div>
      )}
    >
      <ScrollTable labelledBy={`${id}-caption`}>
        <table className="data-table" data-table={id}>
          <caption id={`${id}-caption`} className="visually-hidden">
            {title}
          </caption>
          <thead>
            <tr>
              <th scope="col">{numbered ? t("dashboard.table.question") : t("dashboard.table.group")}</th>
              <th scope="col" className="num">{t("dashboard.answers.rate")}</th>
              <th scope="col" className="num">{t("dashboard.table.interval")}</th>
              <th scope="col" className="num">{t("dashboard.table.nAnswers")}</th>
              <th scope="col" className="num">{t("dashboard.table.respondents")}</th>
              <th scope="col" className="num">{t("dashboard.table.mean")}</th>
              <th scope="col">{t("dashboard.table.status")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={row.key} data-key={row.key}>
                <th scope="row" className="wrap">
                  {label(row, i)}
                  {row.earlier?.map((e) => (
                    <span key={e.text} className="share" data-earlier-wording="" style={{ display: "block", fontWeight: 400 }}>
                      {t("admin-questionnaires:dashboard.earlier", { versions: e.versions.map((v) => `v${v}`).join(", "), text: e.text })}
                    </span>
                  ))}
                </th>
                <td className="num" data-figure="estimate">{f.percent(row.answers.rate)}</td>
                <td className="num">{f.interval(row.answers.ciLow, row.answers.ciHigh)}</td>
                <td className="num" data-figure="n">
                  {f.count(row.answers.n)}
                </td>
                <td className="num">{f.count(row.answers.respondents)}</td>
                <td className="num">{f.mean(row.meanScore)}</td>
                <td>
                  <StatusBadge status={row.status} side={row.side} minSample={row.target?.minSample ?? minSample} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </ChartFigure>
  );
}

/** The five-level distribution of each scale question (and its "no opinion" answers, outside the shares). */
export function DistributionSection({ rows }: { rows: AnswerRow[] }) {
  const { t } = useTranslation("staff");
  const f = useFormatters();
  const levelNames = [1, 2, 3, 4, 5].map((level) => t(`dashboard.levels.${level}`));
  const title = t("dashboard.distribution.title");
  if (rows.length === 0) return null;
  return (
    <ChartFigure
      id="distribution"
      title={title}
      note={t("dashboard.distribution.note")}
      chart={() => (
        <div style={chartHeight(rows.length + 1)}>
          <DistributionCanvas
            labels={rows.map((_, i) => t("dashboard.answers.questionShort", { n: i + 1 }))}
            shares={rows.map((r) => r.levelShares)}
            levelNames={levelNames}
            ariaLabel={t("dashboard.chartAlt", { title })}
            formatPercent={f.percent}
            formatTick={f.target}
          />
        </div>
      )}
    >
      <ScrollTable labelledBy="distribution-caption">
        <table className="data-table" data-table="distribution">
          <caption id="distribution-caption" className="visually-hidden">
            {t("dashboard.distribution.caption")}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.table.question")}</th>
              {levelNames.map((name, level) => (
                <th scope="col" className="num" key={name}>
                  <span className={`level-swatch level-${level + 1}`} aria-hidden="true" /> {level + 1} · {name}
                </th>
              ))}
              <th scope="col" className="num">{t("dashboard.levels.na")}</th>
              <th scope="col" className="num">{t("dashboard.table.nRated")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={row.key}>
                <th scope="row" className="wrap">{`${i + 1}. ${row.label}`}</th>
                {row.distribution.levels.map((count, level) => (
                  <td className="num" key={level}>
                    {f.count(count)}
                    {row.levelShares ? <span className="share"> ({f.percent(row.levelShares[level]!)})</span> : null}
                  </td>
                ))}
                <td className="num">{f.count(row.distribution.notApplicable)}</td>
                <td className="num">{f.count(row.answers.n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </ChartFigure>
  );
}
