import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DEFAULT_MIN_SAMPLE } from "~/domain/targets";
import type { SectorCard as SectorCardData } from "~/modules/dashboard/types";
import { changeDirection, useFormatters, usePeriodLabel } from "./format";
import { StatusBadge } from "./status";

/** The target in words: "trên 85%" (>) or "từ 90% trở lên" (≥). */
export function TargetText({ target }: { target: SectorCardData["target"] }) {
  const { t } = useTranslation("staff");
  const f = useFormatters();
  if (!target) return <>{t("dashboard.target.none")}</>;
  return <>{t(`dashboard.target.${target.comparator === ">" ? "over" : "atLeast"}`, { value: f.target(target.value) })}</>;
}

/** One sector's headline index: figure, interval, n, target, status and change from the previous period. */
export function SectorCard({
  card,
  href,
  headingLevel = 2,
}: {
  card: SectorCardData;
  /** Where the sector's own page is; omitted on that page. */
  href?: string;
  headingLevel?: 2 | 3;
}) {
  const { t } = useTranslation("staff");
  const f = useFormatters();
  const periodLabel = usePeriodLabel();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const current = card.current;
  const figure = current?.figure;
  const minSample = current?.minSample ?? card.target?.minSample ?? DEFAULT_MIN_SAMPLE;
  const status = current ? current.status : card.target ? "insufficient" : null;
  const previous = card.previous.figure;
  const previousLabel = periodLabel(card.previous.period);
  const headingId = `card-${card.code}`;
  const direction = changeDirection(card.change);

  return (
    <article className={`card card-${status ?? "none"}`} data-sector={card.code} aria-labelledby={headingId}>
      <Heading id={headingId} className="card-title">
        {href ? <Link to={href}>{card.name}</Link> : card.name}
      </Heading>
      <p className="card-index">{t(`dashboard.headline.${card.headline}`)}</p>
      {figure && figure.estimate !== null ? (
        <>
          <p className="card-figure" data-figure="estimate">
            {f.percent(figure.estimate)}
          </p>
          <p className="card-interval" data-figure="interval">
            {t("dashboard.interval", { range: f.interval(figure.ciLow, figure.ciHigh) })}
          </p>
          <p className="card-n" data-figure="n">
            {t("dashboard.nRespondents", { n: f.count(figure.n) })}
          </p>
        </>
      ) : (
        <p className="card-empty" data-figure="n">
          {t("dashboard.noData")} {t("dashboard.nRespondents", { n: f.count(figure?.n ?? 0) })}
        </p>
      )}
      <p className="card-target">
        <TargetText target={card.target} />
      </p>
      <p className="card-status">
        <StatusBadge status={status} side={current?.side ?? null} minSample={minSample} detailed />
      </p>
      <p className="card-change" data-figure="change">
        {card.change === null || direction === null ? (
          t("dashboard.change.none", { period: previousLabel })
        ) : (
          <>
            <span aria-hidden="true" className="change-arrow">
              {direction === "up" ? "▲" : direction === "down" ? "▼" : "＝"}
            </span>{" "}
            {t(`dashboard.change.${direction}`, {
              points: f.points(card.change),
              period: previousLabel,
            })}{" "}
            {previous && previous.estimate !== null
              ? t("dashboard.change.previousFigure", { rate: f.percent(previous.estimate), n: f.count(previous.n) })
              : null}
          </>
        )}
      </p>
    </article>
  );
}
