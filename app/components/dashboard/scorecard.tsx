import { useTranslation } from "react-i18next";
import type { ScorecardLine } from "~/domain/plan";
import { changeDirection, useFormatters } from "./format";
import { TargetText } from "./sector-card";
import { StatusBadge } from "./status";

/** "▲ tăng 2,1 điểm", "▼ giảm 0,4 điểm", "＝ không đổi", or "—" without a previous figure. */
export function ChangeText({ change }: { change: number | null }) {
  const { t } = useTranslation("plan");
  const f = useFormatters();
  const direction = changeDirection(change);
  if (direction === null || change === null) return <>{t("scorecard.noChange")}</>;
  return <>{t(`scorecard.${direction}`, { points: f.points(change) })}</>;
}

/** What one line's n counts: respondents, dossiers returned, or late dossiers. */
function nKey(line: Pick<ScorecardLine, "measure">): "nRespondents" | "nDossiers" | "nApologies" {
  return line.measure === "on_time" ? "nDossiers" : line.measure === "apology" ? "nApologies" : "nRespondents";
}

/**
 * The plan's scorecard: one line per indicator with its figure, interval, n,
 * target, status in words, colour and shape, and the change from the
 * previous period. The same component serves the dashboard, the public page
 * and the printed report, so they cannot disagree.
 */
export function Scorecard({
  lines,
  sectorNames,
  headingId,
}: {
  lines: readonly ScorecardLine[];
  /** Sector names by code, for the pooled sectors under each line. */
  sectorNames: Readonly<Record<string, string>>;
  /** The id of the heading the table is labelled by. */
  headingId: string;
}) {
  const { t, i18n } = useTranslation(["plan", "staff"]);
  const f = useFormatters();
  const locale = i18n.language === "en" ? "en" : "vi";
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={headingId}>
      <table className="data-table scorecard">
        <caption className="visually-hidden">{t("scorecard.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("scorecard.indicator")}</th>
            <th scope="col" className="num">
              {t("scorecard.figure")}
            </th>
            <th scope="col" className="num">
              {t("scorecard.interval")}
            </th>
            <th scope="col" className="num">
              {t("scorecard.n")}
            </th>
            <th scope="col">{t("scorecard.target")}</th>
            <th scope="col">{t("scorecard.status")}</th>
            <th scope="col">{t("scorecard.change")}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => {
            const census = line.measure === "apology";
            return (
              <tr key={line.key} data-indicator={line.key} data-status={line.status}>
                <th scope="row">
                  {line.name[locale]}
                  <small className="scorecard-scope">
                    {line.measure === "headline" && line.index ? t(`staff:dashboard.headline.${line.index}`) : t(`measure.${line.measure}`)}
                    {line.scope === "all" ? ` · ${t("scope.all")}` : line.sectors.length > 1 ? ` · ${t("scorecard.pooled", { sectors: line.sectors.map((c) => sectorNames[c] ?? c).join(", ") })}` : ""}
                  </small>
                </th>
                <td className="num" data-figure="estimate">
                  {f.percent(line.figure.estimate)}
                </td>
                <td className="num" data-figure="interval">
                  {census ? <small>{t("scorecard.census")}</small> : f.interval(line.figure.ciLow, line.figure.ciHigh)}
                </td>
                <td className="num" data-figure="n">
                  {t(`scorecard.${nKey(line)}`, { n: f.count(line.figure.n) })}
                </td>
                <td className="target">
                  <TargetText target={line.target} />
                </td>
                <td>
                  <StatusBadge status={line.status} side={line.side} minSample={line.target.minSample} />
                </td>
                <td data-figure="change">
                  <ChangeText change={line.change} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
