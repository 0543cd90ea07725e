import { redirect, type LoaderFunctionArgs, type MetaFunction, type SerializeFrom } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DistributionSection, RateBarsSection } from "~/components/dashboard/answers-section";
import { ChoiceSatisfactionSection } from "~/components/dashboard/choice-satisfaction";
import { ChoicesSection } from "~/components/dashboard/choices-section";
import { CommentsSection } from "~/components/dashboard/comments-section";
import { DashboardErrorPage } from "~/components/dashboard/error-page";
import { ExportLinks } from "~/components/dashboard/export-links";
import { FlagsPanel } from "~/components/dashboard/flags-panel";
import { PeriodPicker } from "~/components/dashboard/period-picker";
import { RankingTable } from "~/components/dashboard/ranking-table";
import { SectorCard } from "~/components/dashboard/sector-card";
import { TrendSection } from "~/components/dashboard/trend-section";
import { readDashboardView } from "~/domain/dashboard-url";
import { carriedView, periodOptions, viewSearch } from "~/domain/dashboard-view";
import { splitRanked } from "~/domain/rankings";
import { DEFAULT_MIN_SAMPLE } from "~/domain/targets";
import { vietnamDate } from "~/domain/vietnam-time";
import { loadSector } from "~/modules/dashboard/dashboard.service.server";
import { computeTimelinessRows } from "~/modules/timeliness/timeliness.service.server";
import { useFormatters } from "~/components/dashboard/format";
import { i18nServer } from "~/i18n/i18n.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { requirePermission } from "~/http/permissions.server";
import { problemPage } from "~/http/problem.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Hài Lòng" }];

/**
 * One sector for one period, optionally narrowed to an agency or a service
 * point: headline card, monthly trend, units ranked (with rank ranges; small
 * ones apart), criteria and questions, satisfaction by submission channel and
 * by visits, citizens' answers on visits and punctuality, comments and flagged responses.
 * Another sector's URL is a 403 for a manager, never its figures.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requirePermission({ request, context }, "dashboard:read");
  const now = new Date();
  const today = vietnamDate(now);
  const read = readDashboardView(new URL(request.url), today, ["agency", "servicePoint", "includeFlagged", "rating", "unit", "page"]);
  if (!read.ok) throw problemPage(read.problem);
  if (read.value.kind === "redirect") throw redirect(read.value.to);
  const { view } = read.value;
  const locale = await requestLocale(request);
  const sector = await loadSector(context.db, principal, params.code ?? "", view, now, locale);
  if (!sector.ok) throw problemPage(sector.problem);
  const t = await i18nServer.getFixedT(locale, "staff");
  // The same unit and period in dossiers (the index queries above validated the filters).
  const timeliness = await computeTimelinessRows(
    context.db,
    { groupBy: "sector", ...sector.value.range, sector: sector.value.sector.code, agency: view.agency, servicePoint: view.servicePoint, locale },
    { sectorIds: principal.sectorIds },
    now,
  );
  return {
    title: `${sector.value.sector.name} — ${t("dashboard.short")} — Hài Lòng`,
    timeliness: timeliness.ok ? (timeliness.value.rows[0] ?? null) : null,
    view,
    today,
    periodOptions: periodOptions(today, view.period),
    ...sector.value,
  };
}

export default function SectorDashboard() {
  const data = useLoaderData<typeof loader>();
  const { view, today, range, sector, card, unitFilter } = data;
  const { t } = useTranslation("staff");
  const { pathname } = useLocation();
  const narrowed = unitFilter.servicePoint ?? unitFilter.agency;
  const minSample = card.target?.minSample ?? DEFAULT_MIN_SAMPLE;
  const wholeSector = viewSearch(view, { agency: null, servicePoint: null, unit: null, page: 1 });

  return (
    <>
      <nav className="breadcrumb" aria-label={t("dashboard.breadcrumb")}>
        <Link to={`/dashboard${viewSearch(carriedView(view))}`}>{t("dashboard.nav.overview")}</Link>
        <span aria-hidden="true"> › </span>
        {narrowed ? <Link to={`${pathname}${wholeSector}`}>{sector.name}</Link> : <span aria-current="page">{sector.name}</span>}
        {narrowed ? (
          <>
            <span aria-hidden="true"> › </span>
            <span aria-current="page">{narrowed.name}</span>
          </>
        ) : null}
      </nav>
      <h1>
        {narrowed ? (
          <>
            {narrowed.name} <span className="h1-sub">— {sector.name}</span>
          </>
        ) : (
          t("dashboard.sector.title", { name: sector.name })
        )}
      </h1>
      {narrowed ? (
        <p className="notice" data-testid="unit-filter">
          {t(unitFilter.servicePoint ? "dashboard.sector.narrowedToPoint" : "dashboard.sector.narrowedToAgency", {
            unit: narrowed.name,
            sector: sector.name,
          })}{" "}
          <Link to={`${pathname}${wholeSector}`}>{t("dashboard.sector.wholeSector", { sector: sector.name })}</Link>
        </p>
      ) : null}
      <PeriodPicker view={view} range={range} options={data.periodOptions} today={today} pathname={pathname} />
      {view.includeFlagged ? (
        <p className="notice" role="status">
          {t("dashboard.flags.notice")}
        </p>
      ) : null}

      <div className="sector-top">
        <SectorCard card={{ ...card, name: narrowed ? narrowed.name : t("dashboard.sector.headlineCard") }} headingLevel={2} />
        <TrendSection trend={data.trend} minSample={minSample} />
      </div>

      <section className="units" aria-labelledby="units-title">
        <h2 id="units-title">{t("dashboard.breakdown.title")}</h2>
        <p className="muted">{t("dashboard.breakdown.note", { min: minSample })}</p>
        <div className="units-grid">
          <RankingTable
            id="by-agency"
            title={t("dashboard.breakdown.agencies")}
            {...splitRanked(data.agencies)}
            hrefFor={(row) => `${pathname}${viewSearch(view, { agency: row.key, servicePoint: null, unit: null, page: 1 })}`}
          />
          <RankingTable
            id="by-point"
            title={t("dashboard.breakdown.points")}
            {...splitRanked(data.points)}
            hrefFor={(row) => `${pathname}${viewSearch(view, { servicePoint: row.key, unit: null, page: 1 })}`}
          />
        </div>
      </section>

      <section className="criteria" aria-labelledby="criteria-title">
        <h2 id="criteria-title">{t("dashboard.answers.title")}</h2>
        <p className="muted">{t("dashboard.answers.note")}</p>
        <RateBarsSection id="by-group" title={t("dashboard.answers.groups")} rows={data.groups} minSample={minSample} />
        <RateBarsSection id="by-question" title={t("dashboard.answers.questions")} rows={data.questions} numbered minSample={minSample} />
        <DistributionSection rows={data.questions} />
      </section>

      <ChoiceSatisfactionSection questions={data.byChoice} />
      <ChoicesSection visits={data.visits} onTime={data.onTime} />
      <TimelinessBlock row={data.timeliness} search={viewSearch(carriedView(view))} />
      <CommentsSection comments={data.comments} units={data.commentUnits} view={view} pathname={pathname} />
      <FlagsPanel flags={data.flags} view={view} pathname={pathname} />
      <ExportLinks
        range={range}
        view={view}
        sector={sector.code}
        groupings={["servicePoint", "agency", "group", "question", "month"]}
      />
    </>
  );
}

/** The sector's dossiers on time, in one sentence, and the way to the full table. */
function TimelinessBlock({ row, search }: { row: SerializeFrom<typeof loader>["timeliness"]; search: string }) {
  const { t } = useTranslation("timeliness");
  const f = useFormatters();
  return (
    <section aria-labelledby="timeliness-title" data-testid="sector-timeliness">
      <h2 id="timeliness-title">{t("sectorBlock.title")}</h2>
      <p>
        {row
          ? t("sectorBlock.summary", {
              returned: f.count(row.returned),
              rate: f.percent(row.onTimeRate?.rate ?? null),
              interval: f.interval(row.onTimeRate?.ciLow ?? null, row.onTimeRate?.ciHigh ?? null),
              late: f.count(row.late),
              overdue: f.count(row.overdueOpen),
              sent: f.count(row.apologies.sent),
              required: f.count(row.apologies.required),
              responseRate: f.percent(row.responseRate?.rate ?? null),
            })
          : t("sectorBlock.none")}{" "}
        <Link to={`/dashboard/timeliness${search}`}>{t("sectorBlock.more")}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <DashboardErrorPage />;
}
