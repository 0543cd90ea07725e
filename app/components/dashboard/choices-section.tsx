import { useTranslation } from "react-i18next";
import { ScrollTable } from "~/components/charts/chart-figure";
import type { OnTimeFigure } from "~/domain/index-engine";
import type { ChoiceCounts } from "~/modules/dashboard/types";
import { useFormatters } from "./format";

/** A bar drawn in CSS beside a count; decorative, the number is in the cell. */
function ShareBar({ share }: { share: number | null }) {
  return (
    <span className="share-bar" aria-hidden="true">
      <span style={{ width: `${Math.round((share ?? 0) * 100)}%` }} />
    </span>
  );
}

/** "How many times did you have to come?" and "Was the result returned on time?" as counted. */
export function ChoicesSection({ visits, onTime }: { visits: ChoiceCounts | null; onTime: OnTimeFigure | null }) {
  const { t } = useTranslation("staff");
  const f = useFormatters();
  return (
    <section className="choices" aria-labelledby="choices-title">
      <h2 id="choices-title">{t("dashboard.choices.title")}</h2>
      <div className="choices-grid">
        <div>
          <h3 id="visits-title">{t("dashboard.choices.visits")}</h3>
          {visits ? (
            <>
            <p className="figure-line">
              {visits.question} {t("dashboard.choices.total", { n: f.count(visits.total) })}
            </p>
            <ScrollTable labelledBy="visits-caption">
              <table className="data-table" data-table="visits">
                <caption id="visits-caption" className="visually-hidden">
                  {visits.question} {t("dashboard.choices.total", { n: f.count(visits.total) })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t("dashboard.table.answer")}</th>
                    <th scope="col" className="num">{t("dashboard.table.count")}</th>
                    <th scope="col" className="num">{t("dashboard.table.share")}</th>
                  </tr>
                </thead>
                <tbody>
                  {visits.options.map((o) => (
                    <tr key={o.value}>
                      <th scope="row">{o.label}</th>
                      <td className="num">{f.count(o.count)}</td>
                      <td className="num">
                        <ShareBar share={o.share} /> {f.percent(o.share)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
            </>
          ) : (
            <p className="muted">{t("dashboard.choices.none")}</p>
          )}
        </div>
        <div>
          <h3 id="ontime-title">{t("dashboard.choices.onTime")}</h3>
          {onTime ? (
            <>
              <p className="figure-line" data-figure="on-time">
                <strong>{f.percent(onTime.rate)}</strong> {t("dashboard.choices.onTimeRate")} —{" "}
                {t("dashboard.interval", { range: f.interval(onTime.ciLow, onTime.ciHigh) })}, n = {f.count(onTime.n)}
              </p>
              <ScrollTable labelledBy="ontime-caption">
                <table className="data-table" data-table="on-time">
                  <caption id="ontime-caption" className="visually-hidden">
                    {t("dashboard.choices.onTimeCaption")}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("dashboard.table.answer")}</th>
                      <th scope="col" className="num">{t("dashboard.table.count")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <tr>
                      <th scope="row">{t("dashboard.choices.answers.onTime")}</th>
                      <td className="num">{f.count(onTime.onTime)}</td>
                    </tr>
                    <tr>
                      <th scope="row">{t("dashboard.choices.answers.late")}</th>
                      <td className="num">{f.count(onTime.late)}</td>
                    </tr>
                    <tr>
                      <th scope="row">{t("dashboard.choices.answers.notYet")}</th>
                      <td className="num">{f.count(onTime.notYet)}</td>
                    </tr>
                  </tbody>
                </table>
              </ScrollTable>
            </>
          ) : (
            <p className="muted">{t("dashboard.choices.none")}</p>
          )}
        </div>
      </div>
    </section>
  );
}
