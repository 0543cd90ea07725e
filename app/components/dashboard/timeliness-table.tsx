import { useTranslation } from "react-i18next";
import { ON_TIME_TARGET, type CitizenOnTime, type TimelinessFigures } from "~/domain/timeliness";
import { useFormatters } from "./format";
import { StatusBadge } from "./status";

/** One unit's dossiers as the timeliness service gives them. */
export type TimelinessTableRow = { key: string; label: string } & TimelinessFigures & { citizenOnTime: CitizenOnTime };

/**
 * Dossiers handled on time per unit: the system's on-time rate with its
 * interval and status against ≥ 95%, late and overdue dossiers, apologies,
 * the citizens' own answer and the response rate. The timeliness page and the
 * printed report show the same table.
 */
export function TimelinessTable({ id, title, rows, headingClassName }: { id: string; title: string; rows: readonly TimelinessTableRow[]; headingClassName?: string }) {
  const { t } = useTranslation("timeliness");
  const f = useFormatters();
  const share = (part: number, whole: number) => (whole === 0 ? "—" : f.percent(part / whole));
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className={headingClassName}>
        {title}
      </h2>
      <div className="table-scroll" role="region" aria-labelledby={`${id}-title`} tabIndex={0}>
        <table className="data-table timeliness-table" id={id}>
          <thead>
            <tr>
              <th scope="col">{t("table.unit")}</th>
              <th scope="col" className="num">{t("table.returned")}</th>
              <th scope="col" className="num">{t("table.onTimeRate")}</th>
              <th scope="col" className="num">{t("table.interval")}</th>
              <th scope="col">{t("table.status")}</th>
              <th scope="col" className="num">{t("table.late")}</th>
              <th scope="col" className="num">{t("table.overdueOpen")}</th>
              <th scope="col" className="num">{t("table.apologies")}</th>
              <th scope="col" className="num">{t("table.apologiesInTime")}</th>
              <th scope="col" className="num">{t("table.citizenOnTime")}</th>
              <th scope="col" className="num">{t("table.responseRate")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-key={r.key}>
                <th scope="row">{r.label}</th>
                <td className="num">{f.count(r.returned)}</td>
                <td className="num" data-col="onTimeRate">{f.percent(r.onTimeRate?.rate ?? null)}</td>
                <td className="num">{f.interval(r.onTimeRate?.ciLow ?? null, r.onTimeRate?.ciHigh ?? null)}</td>
                <td>
                  <StatusBadge status={r.status} side={null} minSample={ON_TIME_TARGET.minSample} />
                </td>
                <td className="num">{f.count(r.late)}</td>
                <td className="num" data-col="overdueOpen">{f.count(r.overdueOpen)}</td>
                <td className="num" data-col="apologies">
                  {f.count(r.apologies.sent)} / {f.count(r.apologies.required)} ({share(r.apologies.sent, r.apologies.required)})
                </td>
                <td className="num">
                  {f.count(r.apologies.sentInTime)} ({share(r.apologies.sentInTime, r.apologies.required)})
                </td>
                <td className="num" data-col="citizenOnTime">
                  {r.citizenOnTime ? `${f.percent(r.citizenOnTime.rate)} (n = ${f.count(r.citizenOnTime.n)})` : "—"}
                </td>
                <td className="num" data-col="responseRate">
                  {r.responseRate ? `${f.percent(r.responseRate.rate)} (${f.count(r.responseRate.responses)}/${f.count(r.responseRate.returned)})` : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

