import { Link } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ScrollTable } from "~/components/charts/chart-figure";
import type { JudgedRow } from "~/modules/dashboard/types";
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

/**
 * Units (agencies or service points) ranked by their headline estimate, with
 * interval, n and status; those under the minimum sample are marked and not
 * ranked. The server's order is the ranking; column buttons re-sort it in the
 * browser.
 */
export function BreakdownTable({
  id,
  title,
  rows,
  hrefFor,
}: {
  id: string;
  title: string;
  rows: JudgedRow[];
  hrefFor: (row: JudgedRow) => string;
}) {
  const { t } = useTranslation("staff");
  const f = useFormatters();
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: "rank", descending: false });
  const sorted = [...rows].sort((a, b) => (sort.descending ? -1 : 1) * compare(sort.key, a, b) || compare("rank", a, b));

  const header = (key: SortKey, label: string, numeric = false) => {
    const active = sort.key === key;
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
      <h3 id={`${id}-title`}>{title}</h3>
      {rows.length === 0 ? (
        <p className="muted">{t("dashboard.noData")}</p>
      ) : (
        <>
        <p className="table-hint muted">{t("dashboard.breakdown.caption")}</p>
        <ScrollTable labelledBy={`${id}-caption`}>
          <table className="data-table breakdown-table" data-breakdown={id}>
            <caption id={`${id}-caption`} className="visually-hidden">
              {title}
            </caption>
            <thead>
              <tr>
                {header("rank", t("dashboard.table.rank"), true)}
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
              {sorted.map((row) => {
                const small = row.figure.n < row.minSample;
                return (
                  <tr key={row.key} data-unit={row.key} className={small ? "below-minimum" : undefined}>
                    <td className="num">{row.rank ?? "—"}</td>
                    <th scope="row">
                      <Link to={hrefFor(row)}>
                        {row.label}
                      </Link>
                      {small ? (
                        <span className="small-sample">{t("dashboard.smallSample", { min: row.minSample })}</span>
                      ) : null}
                    </th>
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
                );
              })}
            </tbody>
          </table>
        </ScrollTable>
        </>
      )}
    </section>
  );
}
