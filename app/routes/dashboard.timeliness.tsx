import { redirect, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DashboardErrorPage } from "~/components/dashboard/error-page";
import { usePeriodLabel } from "~/components/dashboard/format";
import { PeriodPicker } from "~/components/dashboard/period-picker";
import { TimelinessTable } from "~/components/dashboard/timeliness-table";
import { readDashboardView } from "~/domain/dashboard-url";
import { periodOptions, rangeOf } from "~/domain/dashboard-view";
import type { TimelinessGrouping } from "~/domain/timeliness";
import { vietnamDate } from "~/domain/vietnam-time";
import { requirePermission } from "~/http/permissions.server";
import { problemPage } from "~/http/problem.server";
import { i18nServer } from "~/i18n/i18n.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { computeTimelinessRows } from "~/modules/timeliness/timeliness.service.server";
import apologyStyles from "~/styles/apologies.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: apologyStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Hài Lòng" }];

/**
 * Dossiers handled on time for one period, per sector and per agency of the
 * caller's sectors: the system's on-time rate against ≥ 95%, late and overdue
 * dossiers, apologies against 100%, the citizens' own answer and the response rate.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requirePermission({ request, context }, "dashboard:read");
  const now = new Date();
  const today = vietnamDate(now);
  const read = readDashboardView(new URL(request.url), today, []);
  if (!read.ok) throw problemPage(read.problem);
  if (read.value.kind === "redirect") throw redirect(read.value.to);
  const { view } = read.value;
  const range = rangeOf(view.period, today);
  const locale = await requestLocale(request);
  const rowsBy = async (groupBy: TimelinessGrouping) => {
    const query = { groupBy, ...range, sector: null, agency: null, servicePoint: null, locale };
    const result = await computeTimelinessRows(context.db, query, { sectorIds: principal.sectorIds }, now);
    if (!result.ok) throw problemPage(result.problem);
    return result.value.rows;
  };
  const [sectors, agencies] = await Promise.all([rowsBy("sector"), rowsBy("agency")]);
  const t = await i18nServer.getFixedT(locale, "timeliness");
  return { title: `${t("page.title")} — Hài Lòng`, view, today, range, periodOptions: periodOptions(today, view.period), sectors, agencies };
}

export default function TimelinessPage() {
  const { view, today, range, periodOptions: options, sectors, agencies } = useLoaderData<typeof loader>();
  const { t } = useTranslation("timeliness");
  const { pathname } = useLocation();
  const periodLabel = usePeriodLabel();
  return (
    <>
      <h1>{t("page.title")}</h1>
      <p className="lead">{t("page.intro", { period: periodLabel(view.period) })}</p>
      <PeriodPicker view={view} range={range} options={options} today={today} pathname={pathname} />
      {sectors.length === 0 ? (
        <p className="muted">{t("page.none")}</p>
      ) : (
        <>
          <TimelinessTable id="timeliness-sectors" title={t("page.bySector")} rows={sectors} />
          <TimelinessTable id="timeliness-agencies" title={t("page.byAgency")} rows={agencies} />
        </>
      )}
      <p className="muted">{t("page.note")}</p>
      <p>
        <Link to={`/dashboard/apologies${view.lang ? `?lang=${view.lang}` : ""}`}>{t("page.toApologies")}</Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <DashboardErrorPage />;
}
