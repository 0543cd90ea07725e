import { useTranslation } from "react-i18next";
import { useFormatters, usePeriodLabel } from "~/components/dashboard/format";
import { RankingTable } from "~/components/dashboard/ranking-table";
import { ChangeText, Scorecard } from "~/components/dashboard/scorecard";
import { TargetText } from "~/components/dashboard/sector-card";
import { StatusBadge } from "~/components/dashboard/status";
import { periodChoice } from "~/domain/dashboard-view";
import type { PublicationKind } from "~/domain/publication";
import type { Locale } from "~/domain/questionnaire";
import type { JudgedRow } from "~/domain/rankings";
import { DEFAULT_MIN_SAMPLE } from "~/domain/targets";
import type { PublishedResults } from "~/modules/publication/types";

type Props = { results: PublishedResults; locale: Locale };

const href = (params: Record<string, string | number | null>, locale: Locale) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null) search.set(k, String(v));
  if (locale === "en") search.set("lang", "en");
  const q = search.toString();
  return `/ket-qua${q ? `?${q}` : ""}`;
};

function usePeriodName() {
  const label = usePeriodLabel();
  return (key: string) => {
    const choice = periodChoice(key);
    return choice ? label(choice) : key;
  };
}

/** The published periods, grouped by kind: plain links, so no script is needed to choose. */
export function PublishedPeriods({ results, locale }: Props) {
  const { t } = useTranslation("public");
  const name = usePeriodName();
  const kinds: PublicationKind[] = ["month", "quarter", "year"];
  return (
    <nav aria-labelledby="periods-title" className="public-periods">
      <h2 id="periods-title">{t("periods")}</h2>
      {kinds.map((kind) => {
        const periods = results.published.filter((p) => p.kind === kind);
        if (periods.length === 0) return null;
        return (
          <p key={kind}>
            <span className="public-kind">{t(`kinds.${kind}`)}:</span>{" "}
            {periods.map((p, i) => (
              <span key={p.period}>
                {i > 0 ? " · " : ""}
                <a href={href({ period: p.period }, locale)} aria-current={p.period === results.snapshot.period.key ? "page" : undefined}>
                  {name(p.period)}
                </a>
              </span>
            ))}
          </p>
        );
      })}
    </nav>
  );
}

/** Every revision of the period, and what the one shown changed from the one before. */
export function Revisions({ results, locale }: Props) {
  const { t } = useTranslation("public");
  const f = useFormatters();
  if (results.revisions.length < 2) return null;
  const period = results.snapshot.period.key;
  const previous = results.revision - 1;
  return (
    <section aria-labelledby="revisions-title" className="public-section" data-section="revisions">
      <h2 id="revisions-title">{t("revisions.title")}</h2>
      <p className="muted">{t("revisions.intro")}</p>
      <ul data-revisions={results.revisions.length}>
        {results.revisions.map((r) => (
          <li key={r.revision} data-revision={r.revision}>
            {t("revisions.item", { revision: r.revision, date: f.dateTime(r.publishedAt), how: r.automatic ? t("automatic") : "" })}
            {r.note ? ` — ${r.note}` : ""}{" "}
            {r.revision === results.revision ? (
              <span className="muted">{t("revisions.shown")}</span>
            ) : (
              <a href={href({ period, revision: r.revision }, locale)}>{t("revisions.view", { revision: r.revision })}</a>
            )}
          </li>
        ))}
      </ul>
      {previous >= 1 ? (
        <>
          <h3>{t("revisions.changes", { revision: previous })}</h3>
          {results.changes.length === 0 ? (
            <p>{t("revisions.noChanges", { revision: previous })}</p>
          ) : (
            <ul data-changes={results.changes.length}>
              {results.changes.map((c) => (
                <li key={`${c.kind}:${c.key}`}>
                  {t("revisions.change", {
                    name: c.name[locale],
                    before: c.before ? `${f.percent(c.before.estimate)} (n = ${f.count(c.before.n)})` : "—",
                    after: c.after ? `${f.percent(c.after.estimate)} (n = ${f.count(c.after.n)})` : "—",
                  })}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
    </section>
  );
}

/** Each sector's headline index with its interval, n, target, status and change. */
export function SectorResults({ results, locale }: Props) {
  const { t } = useTranslation(["public", "staff", "plan"]);
  const f = useFormatters();
  const s = results.snapshot;
  return (
    <section aria-labelledby="sectors-title" className="public-section">
      <h2 id="sectors-title">{t("sectors.title")}</h2>
      {s.sectors.length === 0 ? (
        <p>{t("sectors.none")}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="sectors-title" tabIndex={0}>
          <table className="data-table">
            <caption className="visually-hidden">{t("sectors.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("sectors.sector")}</th>
                <th scope="col" className="num">
                  {t("plan:scorecard.figure")}
                </th>
                <th scope="col" className="num">
                  {t("plan:scorecard.interval")}
                </th>
                <th scope="col" className="num">
                  n
                </th>
                <th scope="col">{t("plan:scorecard.target")}</th>
                <th scope="col">{t("plan:scorecard.status")}</th>
                <th scope="col">{t("plan:scorecard.change")}</th>
              </tr>
            </thead>
            <tbody>
              {s.sectors.map((sector) => {
                return (
                  <tr key={sector.code} data-sector={sector.code}>
                    <th scope="row">
                      {s.names.sectors[sector.code]?.[locale] ?? sector.code}
                      <small className="scorecard-scope">{t(`staff:dashboard.headline.${sector.headline}`)}</small>
                    </th>
                    <td className="num" data-figure="estimate">
                      {f.percent(sector.figure.estimate)}
                    </td>
                    <td className="num" data-figure="interval">
                      {f.interval(sector.figure.ciLow, sector.figure.ciHigh)}
                    </td>
                    <td className="num" data-figure="n">
                      {f.count(sector.figure.n)}
                    </td>
                    <td>
                      <TargetText target={sector.target} />
                    </td>
                    <td>
                      <StatusBadge status={sector.status} side={sector.side} minSample={sector.target?.minSample ?? DEFAULT_MIN_SAMPLE} />
                    </td>
                    <td>
                      <ChangeText change={sector.change} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Within each sector, its units ranked with their rank ranges, and the units with too few responses apart. */
export function AgencyRankings({ results, locale }: Props) {
  const { t } = useTranslation("public");
  const s = results.snapshot;
  const named = (row: JudgedRow): JudgedRow => ({ ...row, label: s.names.agencies[row.key]?.[locale] ?? row.label });
  const sectors = s.sectors.filter((x) => x.agencies.ranked.length + x.agencies.unranked.length > 0);
  if (sectors.length === 0) return null;
  return (
    <section aria-labelledby="agencies-title" className="public-section">
      <h2 id="agencies-title">{t("agencies.title")}</h2>
      <p className="muted">{t("agencies.intro")}</p>
      {sectors.map((sector) => (
        <div key={sector.code} data-ranking={sector.code}>
          <RankingTable
            id={`ranking-${sector.code}`}
            title={s.names.sectors[sector.code]?.[locale] ?? sector.code}
            ranked={sector.agencies.ranked.map(named)}
            unranked={sector.agencies.unranked.map(named)}
            sortable={false}
          />
        </div>
      ))}
    </section>
  );
}

/** Each indicator over the published periods of the same kind, oldest first. */
export function PublishedTrend({ results, locale }: Props) {
  const { t } = useTranslation("public");
  const f = useFormatters();
  const name = usePeriodName();
  const points = results.trend.slice(-6);
  if (points.length < 2) return null;
  const lines = results.snapshot.scorecard.lines;
  return (
    <section aria-labelledby="trend-title" className="public-section">
      <h2 id="trend-title">{t("trend.title")}</h2>
      <div className="table-scroll" role="region" aria-labelledby="trend-title" tabIndex={0}>
        <table className="data-table">
          <caption className="visually-hidden">{t("trend.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("trend.indicator")}</th>
              {points.map((p) => (
                <th key={p.period} scope="col" className="num">
                  {name(p.period)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.key}>
                <th scope="row">{line.name[locale]}</th>
                {points.map((p) => {
                  const point = p.lines.find((l) => l.key === line.key);
                  return (
                    <td key={p.period} className="num">
                      {point ? f.percent(point.estimate) : "—"}
                      {point ? <small className="trend-n"> n={f.count(point.n)}</small> : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Approved, masked comments of the period. */
export function PublishedComments({ results, locale }: Props) {
  const { t } = useTranslation("public");
  const f = useFormatters();
  const s = results.snapshot;
  return (
    <section aria-labelledby="comments-title" className="public-section">
      <h2 id="comments-title">{t("comments.title")}</h2>
      <p className="muted">{t("comments.intro")}</p>
      {s.comments.length === 0 ? (
        <p>{t("comments.none")}</p>
      ) : (
        <ul className="public-comments" data-comments={s.comments.length}>
          {s.comments.map((c, i) => (
            <li key={i}>
              <blockquote lang="vi">{c.text}</blockquote>
              <p className="muted">
                {t("comments.meta", {
                  sector: s.names.sectors[c.sector]?.[locale] ?? c.sector,
                  agency: s.names.agencies[c.agency]?.[locale] ?? c.agency,
                  date: f.date(c.date),
                })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export { Scorecard };
