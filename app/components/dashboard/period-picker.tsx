import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { periodBounds } from "~/domain/periods";
import { useFormatters, usePeriodLabel } from "./format";
import { nextChoice, periodChoice, previousChoice, viewSearch, PICKER_GRANULARITIES, type DashboardView, type DateRange, type PickerGranularity } from "~/domain/dashboard-view";

/** The filters a period change keeps, as hidden fields of the GET forms. */
function CarriedFields({ view }: { view: DashboardView }) {
  const fields: Array<[string, string | null]> = [
    ["agency", view.agency],
    ["servicePoint", view.servicePoint],
    ["includeFlagged", view.includeFlagged ? "1" : null],
    ["rating", view.rating],
    ["unit", view.unit],
    ["lang", view.lang],
  ];
  return (
    <>
      {fields.map(([name, value]) => (value ? <input key={name} type="hidden" name={name} value={value} /> : null))}
    </>
  );
}

/**
 * The period as plain GET forms (they work without JavaScript): a month,
 * quarter or year from a list, or a custom range of dates. Each lands on the
 * view's canonical URL, which carries the period so the view can be shared.
 */
export function PeriodPicker({
  view,
  range,
  options,
  today,
  pathname,
}: {
  view: DashboardView;
  range: DateRange;
  options: Record<PickerGranularity, string[]>;
  today: string;
  pathname: string;
}) {
  const { t } = useTranslation("staff");
  const f = useFormatters();
  const label = usePeriodLabel();
  const previous = previousChoice(view.period);
  const next = nextChoice(view.period);
  // No link to a period that has not started: it could only be empty.
  const nextIsFuture = next?.kind === "period" && periodBounds(next.key).first > today;
  const selected = view.period.kind === "period" ? view.period.key : "custom";

  return (
    <section className="period-picker" aria-labelledby="period-heading" data-from={range.from} data-to={range.to}>
      <h2 id="period-heading" className="period-heading">
        {t("dashboard.period.heading")}: <span data-testid="period-label">{label(view.period)}</span>
      </h2>
      <p className="period-range muted">
        {t("dashboard.period.range", { from: f.date(range.from), to: f.date(range.to) })}
      </p>
      <div className="period-forms">
        <Form method="get" action={pathname} className="period-form">
          <label className="field">
            <span>{t("dashboard.period.choose")}</span>
            <select name="period" defaultValue={selected} key={selected}>
              {view.period.kind === "custom" ? <option value="custom">{label(view.period)}</option> : null}
              {PICKER_GRANULARITIES.map((granularity) => (
                <optgroup key={granularity} label={t(`dashboard.period.group.${granularity}`)}>
                  {options[granularity].map((key) => (
                    <option key={key} value={key}>
                      {label(periodChoice(key)!)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
          {view.period.kind === "custom" ? (
            <>
              <input type="hidden" name="from" value={view.period.from} />
              <input type="hidden" name="to" value={view.period.to} />
            </>
          ) : null}
          <CarriedFields view={view} />
          <button type="submit" className="button">
            {t("dashboard.period.show")}
          </button>
        </Form>
        <details className="custom-range" open={view.period.kind === "custom"}>
          <summary>{t("dashboard.period.customLegend")}</summary>
          <Form method="get" action={pathname} className="period-form">
            <div className="date-fields">
              <label className="field">
                <span>{t("dashboard.period.from")}</span>
                <input type="date" name="from" defaultValue={range.from} key={`from-${range.from}`} required />
              </label>
              <label className="field">
                <span>{t("dashboard.period.to")}</span>
                <input type="date" name="to" defaultValue={range.to} key={`to-${range.to}`} required />
              </label>
            </div>
            <CarriedFields view={view} />
            <button type="submit" className="button secondary">
              {t("dashboard.period.showRange")}
            </button>
          </Form>
        </details>
      </div>
      <nav className="period-steps" aria-label={t("dashboard.period.stepsLabel")}>
        <Link to={`${pathname}${viewSearch(view, { period: previous, page: 1 })}`} rel="prev">
          <span aria-hidden="true">‹ </span>
          {t("dashboard.period.previous", { period: label(previous) })}
        </Link>
        {next && !nextIsFuture ? (
          <Link to={`${pathname}${viewSearch(view, { period: next, page: 1 })}`} rel="next">
            {t("dashboard.period.next", { period: label(next) })}
            <span aria-hidden="true"> ›</span>
          </Link>
        ) : null}
      </nav>
    </section>
  );
}
