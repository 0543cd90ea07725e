import { Link } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ScrollTable } from "~/components/charts/chart-figure";
import type { JudgedRow } from "~/domain/rankings";
import { useFormatters } from "./format";
import { StatusBadge } from "./status";

type SortKey = "rank" | "label" | "estimate" | "n" | "status";
const STATUS_ORDER = { meets: 0, inconclusive: 1, below: 2, insufficient: 3 } as const;

function compare(key: SortKey, a: JudgedRow, b: JudgedRow): number {
  switch (key) {
    case "rank":
      return (a.rank ?? Infinity) - (b.rank ?? Infinity);
    case "label":
      return a.label.localeCompare(b.label, "vi");
    case "estimate":
      return (a.figure.estimate ?? -1) - (b.figure.estimate ?? -1);
    case "n":
      return a.figure.n - b.figure.n;
    case "status":
      return (a.status ? STATUS_ORDER[a.status] : 4) - (b.status ? STATUS_ORDER[b.status] : 4);
  }
}

/** "2 (1–4)": the rank and the ranks its interval allows; read out as "hạng 2, có thể từ 1 đến 4". */
export function RankCell({ row }: { row: Pick<JudgedRow, "rank" | "rankBest" | "rankWorst"> }) {
  const { t } = useTranslation("rankings");
  if (row.rank === null) return <>—</>;
  const best = row.rankBest ?? row.rank;
  const worst = row.rankWorst ?? row.rank;
  const pinned = best === worst;
  return (
    <>
      <span aria-hidden="true">
        <strong>{row.rank}</strong>
        {pinned ? null : <span className="rank-range"> ({best}–{worst})</span>}
      </span>
      <span className="visually-hidden">
        {pinned ? t("rankExact", { rank: row.rank }) : t("rankRange", { rank: row.rank, best, worst })}
      </span>
    </>
  );
}

/**
 * Units (agencies, service points, sectors) ranked by their headline estimate
 * with the rank range their 95% intervals allow, the interval, n and status
 * (DOMAIN.md, "Publishing and ranking"); the units below the minimum sample
 * follow apart, under their own heading, with their n only — not ranked, and
 * not in the table. `ranked` and `unranked` are `splitRanked`'s
 * (app/domain/rankings.ts). The server's order is the ranking; column buttons
 * re-sort it in the browser. Without `hrefFor` the names are plain text (the
 * public page). The table scrolls inside its frame on a phone.
 */
export function RankingTable({
  id,
  title,
  ranked,
  unranked,
  hrefFor,
  headingLevel = 3,
  sortable = true,
}: {
  id: string;
  title: string;
  ranked: readonly JudgedRow[];
  unranked: readonly JudgedRow[];
  hrefFor?: (row: JudgedRow) => string;
  headingLevel?: 2 | 3;
  /** Column buttons that re-sort in the browser; off on pages sent without JavaScript, where they could do nothing. */
  sortable?: boolean;
}) {
  const { t } = useTranslation("staff");
  const { t: tr } = useTranslation("rankings");
  const f = useFormatters();
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: "rank", descending: false });
  const sorted = [...ranked].sort((a, b) => (sort.descending ? -1 : 1) * compare(sort.key, a, b) || compare("rank", a, b));
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const SubHeading = headingLevel === 2 ? "h3" : "h4";
  const name = (row: JudgedRow) => (hrefFor ? <Link to={hrefFor(row)}>{row.label}</Link> : row.label);

  const header = (key: SortKey, label: string, numeric = false) => {
    const active = sort.key === key;
    if (!sortable) {
      return (
        <th scope="col" className={numeric ? "num" : undefined}>
          {label}
        </th>
      );
    }
    return (
      <th scope="col" className={numeric ? "num" : undefined} aria-sort={active ? (sort.descending ? "descending" : "ascending") : undefined}>
        <button
          type="button"
          className="sort-button"
          onClick={() => setSort({ key, descending: active ? !sort.descending : key === "estimate" || key === "n" })}
        >
          {label}
          <span aria-hidden="true" className="sort-mark">
            {active ? (sort.descending ? " ▼" : " ▲") : " ↕"}
          </span>
        </button>
      </th>
    );
  };

  return (
    <section className="breakdown" aria-labelledby={`${id}-title`}>
      <Heading id={`${id}-title`}>{title}</Heading>
      {ranked.length === 0 && unranked.length === 0 ? <p className="muted">{t("dashboard.noData")}</p> : null}
      {ranked.length > 0 ? (
        <>
          <p className="table-hint muted">
            {tr("rangeHint")}{sortable ? ` ${t("dashboard.breakdown.caption")}` : ""}
          </p>
          <ScrollTable labelledBy={`${id}-caption`}>
            <table className="data-table breakdown-table" data-breakdown={id}>
              <caption id={`${id}-caption`} className="visually-hidden">
                {title}
              </caption>
              <thead>
                <tr>
                  {header("rank", tr("rankColumn"), true)}
                  {header("label", t("dashboard.table.unit"))}
                  {header("estimate", t("dashboard.table.index"), true)}
                  <th scope="col" className="num">
                    {t("dashboard.table.interval")}
                  </th>
                  {header("n", t("dashboard.table.n"), true)}
                  {header("status", t("dashboard.table.status"))}
                </tr>
              </thead>
              <tbody>
                {sorted.map((row) => (
                  <tr key={row.key} data-unit={row.key}>
                    <td className="num" data-figure="rank">
                      <RankCell row={row} />
                    </td>
                    <th scope="row">{name(row)}</th>
                    <td className="num" data-figure="estimate">
                      {f.percent(row.figure.estimate)}
                    </td>
                    <td className="num">{f.interval(row.figure.ciLow, row.figure.ciHigh)}</td>
                    <td className="num" data-figure="n">
                      {f.count(row.figure.n)}
                    </td>
                    <td>
                      <StatusBadge status={row.status} side={row.side} minSample={row.minSample} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </>
      ) : null}
      {unranked.length > 0 ? (
        <div className="unranked" data-unranked={id}>
          <SubHeading id={`${id}-unranked-title`}>{tr("unrankedTitle")}</SubHeading>
          <p className="muted">{tr("unrankedNote", { min: unranked[0]!.minSample })}</p>
          <ul aria-labelledby={`${id}-unranked-title`}>
            {unranked.map((row) => (
              <li key={row.key} data-unit={row.key}>
                {name(row)} <span className="unranked-n" data-figure="n">{tr("respondents", { n: f.count(row.figure.n) })}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
