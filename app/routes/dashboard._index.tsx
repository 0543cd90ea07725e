import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DashboardErrorPage } from "~/components/dashboard/error-page";
import { ExportLinks } from "~/components/dashboard/export-links";
import { FlagsPanel } from "~/components/dashboard/flags-panel";
import { usePeriodLabel } from "~/components/dashboard/format";
import { PeriodPicker } from "~/components/dashboard/period-picker";
import { Scorecard } from "~/components/dashboard/scorecard";
import { SectorCard } from "~/components/dashboard/sector-card";
import { readDashboardView } from "~/domain/dashboard-url";
import { carriedView, periodOptions, viewSearch } from "~/domain/dashboard-view";
import { vietnamDate } from "~/domain/vietnam-time";
import { countOverdueCases } from "~/modules/cases/cases.service.server";
import { loadOverview } from "~/modules/dashboard/dashboard.service.server";
import { i18nServer } from "~/i18n/i18n.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { requirePermission } from "~/http/permissions.server";
import { problemPage } from "~/http/problem.server";
import type { RouteHandle } from "~/http/route-handle";

export const handle: RouteHandle = { i18n: ["cases", "plan"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Hài Lòng" }];

/** Every sector in the caller's scope for one period: a card each, and the flagged responses. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requirePermission({ request, context }, "dashboard:read");
  const now = new Date();
  const today = vietnamDate(now);
  const read = readDashboardView(new URL(request.url), today, ["includeFlagged"]);
  if (!read.ok) throw problemPage(read.problem);
  if (read.value.kind === "redirect") throw redirect(read.value.to);
  const { view } = read.value;
  const locale = await requestLocale(request);
  const [overview, overdueCases] = await Promise.all([
    loadOverview(context.db, principal, view, now, locale),
    // Follow-up cases past due, in the same sectors as the cards; not tied to the period.
    countOverdueCases(context.db, principal.sectorIds, now),
  ]);
  if (!overview.ok) throw problemPage(overview.problem);
  const t = await i18nServer.getFixedT(locale, "staff");
  return {
    title: `${t("dashboard.overview.title")} — Hài Lòng`,
    view,
    today,
    periodOptions: periodOptions(today, view.period),
    overdueCases,
    ...overview.value,
  };
}

export default function DashboardOverview() {
  const { view, today, periodOptions: options, range, cards, flags, overdueCases, scorecard } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation(["staff", "cases", "plan"]);
  const { pathname } = useLocation();
  const periodLabel = usePeriodLabel();
  const carried = viewSearch(carriedView(view));
  return (
    <>
      <h1>{t("dashboard.overview.title")}</h1>
      <p className="lead">{t("dashboard.overview.intro", { period: periodLabel(view.period) })}</p>
      <PeriodPicker view={view} range={range} options={options} today={today} pathname={pathname} />
      {view.includeFlagged ? (
        <p className="notice" role="status">
          {t("dashboard.flags.notice")}
        </p>
      ) : null}
      {scorecard ? (
        <section aria-labelledby="scorecard-title" data-section="scorecard">
          <h2 id="scorecard-title" className="section-title">
            {t("plan:scorecard.title", { year: scorecard.year })}
          </h2>
          {scorecard.lines.length === 0 ? (
            <p className="muted">{t("plan:scorecard.none", { year: scorecard.year })}</p>
          ) : (
            <>
              <p className="muted">{t("plan:scorecard.intro", { period: periodLabel(view.period) })}</p>
              <Scorecard lines={scorecard.lines} sectorNames={scorecard.sectorNames} headingId="scorecard-title" />
            </>
          )}
        </section>
      ) : null}
      <section aria-labelledby="cards-title">
        <h2 id="cards-title" className="section-title">
          {t("dashboard.overview.cards")}
        </h2>
        {cards.length === 0 ? (
          <p className="muted">{t("dashboard.overview.noSectors")}</p>
        ) : (
          <div className="cards">
            {cards.map((card) => (
              <SectorCard key={card.code} card={card} headingLevel={3} href={`/dashboard/sectors/${card.code}${carried}`} />
            ))}
          </div>
        )}
      </section>
      <section aria-labelledby="cases-title" className="notice" data-overdue-cases={overdueCases}>
        <h2 id="cases-title" className="section-title">
          <a href={`/dashboard/cases?status=open${i18n.language === "en" ? "&lang=en" : ""}`}>{t("cases:staff.overviewLink")}</a>
        </h2>
        <p>{overdueCases > 0 ? <strong>{t("cases:staff.overdueCount", { count: overdueCases })}</strong> : t("cases:staff.noneOverdue")}</p>
      </section>
      <FlagsPanel flags={flags} view={view} pathname={pathname} />
      <ExportLinks range={range} view={view} sector={null} groupings={["sector", "agency", "servicePoint", "month"]} />
    </>
  );
}

export function ErrorBoundary() {
  return <DashboardErrorPage />;
}
