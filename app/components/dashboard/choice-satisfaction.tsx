import { useTranslation } from "react-i18next";
import { ScrollTable } from "~/components/charts/chart-figure";
import type { Figure } from "~/domain/rankings";
import type { ChoiceSatisfaction } from "~/modules/dashboard/types";
import { useFormatters } from "./format";

/** The estimate as a dot on its interval, over 0–100%; decorative: the numbers are in the row's cells. */
function DotInterval({ figure }: { figure: Figure }) {
  if (figure.estimate === null) return null;
  const pct = (v: number | null) => `${Math.round((v ?? figure.estimate!) * 1000) / 10}%`;
  const low = figure.ciLow ?? figure.estimate;
  const high = figure.ciHigh ?? figure.estimate;
  return (
    <span className="dot-interval" aria-hidden="true">
      <span className="dot-interval-band" style={{ left: pct(low), width: `${Math.round((high - low) * 1000) / 10}%` }} />
      <span className="dot-interval-dot" style={{ left: pct(figure.estimate) }} />
    </span>
  );
}

/**
 * "Satisfaction by how the dossier was submitted / by number of visits": the
 * sector's headline figure among the respondents of each answer, with its
 * interval and n, as a table with a dot-and-interval column. Only the
 * questions asked in scope arrive here.
 */
export function ChoiceSatisfactionSection({ questions }: { questions: readonly ChoiceSatisfaction[] }) {
  const { t } = useTranslation("rankings");
  const { t: ts } = useTranslation("staff");
  const f = useFormatters();
  if (questions.length === 0) return null;
  return (
    <section className="choice-satisfaction" aria-labelledby="by-choice-title">
      <h2 id="by-choice-title">{t("choice.title")}</h2>
      <p className="muted">{t("choice.note")}</p>
      <div className="choices-grid">
        {questions.map((q) => {
          const title = t(`choice.${q.key}`, { defaultValue: q.question });
          return (
            <div key={q.key} data-by-choice={q.key}>
              <h3 id={`by-choice-${q.key}-title`}>{title}</h3>
              <p className="muted">{q.question}</p>
              <ScrollTable labelledBy={`by-choice-${q.key}-caption`}>
                <table className="data-table">
                  <caption id={`by-choice-${q.key}-caption`} className="visually-hidden">
                    {t("choice.caption", { title })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("choice.answer")}</th>
                      <th scope="col" className="num">{ts("dashboard.table.index")}</th>
                      <th scope="col" className="num">{ts("dashboard.table.interval")}</th>
                      <th scope="col" className="num">{ts("dashboard.table.n")}</th>
                      <th scope="col">{t("choice.chart")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {q.rows.map((row) => {
                      const small = row.figure.n < row.minSample;
                      return (
                        <tr key={row.key} data-answer={row.key} className={small ? "below-minimum" : undefined}>
                          <th scope="row">
                            {row.label}
                            {small && row.figure.n > 0 ? <span className="small-sample">{ts("dashboard.smallSample", { min: row.minSample })}</span> : null}
                          </th>
                          <td className="num" data-figure="estimate">{f.percent(row.figure.estimate)}</td>
                          <td className="num" data-figure="interval">{f.interval(row.figure.ciLow, row.figure.ciHigh)}</td>
                          <td className="num" data-figure="n">{f.count(row.figure.n)}</td>
                          <td>
                            <DotInterval figure={row.figure} />
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </ScrollTable>
            </div>
          );
        })}
      </div>
    </section>
  );
}
