import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { FlaggedSummary } from "~/modules/dashboard/types";
import { useFormatters } from "./format";
import { HiddenViewFields } from "./hidden-view-fields";
import type { DashboardView } from "~/domain/dashboard-view";

/**
 * Suspicious responses are kept, flagged and left out of the indices by
 * default: how many there are, why, and a switch that counts them in.
 */
export function FlagsPanel({ flags, view, pathname }: { flags: FlaggedSummary; view: DashboardView; pathname: string }) {
  const { t } = useTranslation("staff");
  const f = useFormatters();
  return (
    <section className="flags" aria-labelledby="flags-title">
      <h2 id="flags-title">{t("dashboard.flags.title")}</h2>
      <p data-figure="flagged-total">
        {t("dashboard.flags.count", { n: f.count(flags.total) })}{" "}
        {flags.total > 0 ? t(view.includeFlagged ? "dashboard.flags.included" : "dashboard.flags.excluded") : null}
      </p>
      {flags.byReason.length > 0 ? (
        <ul className="flag-reasons">
          {flags.byReason.map((r) => (
            <li key={r.reason}>
              {t(`dashboard.flags.reasons.${r.reason}`, { defaultValue: r.reason })}: <strong>{f.count(r.count)}</strong>
            </li>
          ))}
        </ul>
      ) : null}
      <Form method="get" action={pathname} className="flag-switch">
        <HiddenViewFields view={view} except={["includeFlagged", "page"]} />
        <button
          type="submit"
          name="includeFlagged"
          value={view.includeFlagged ? "0" : "1"}
          className="switch"
          aria-pressed={view.includeFlagged}
        >
          <span className="switch-track" aria-hidden="true">
            <span className="switch-thumb" />
          </span>
          {t("dashboard.flags.switch")}
        </button>
      </Form>
    </section>
  );
}
