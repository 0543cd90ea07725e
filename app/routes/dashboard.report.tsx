import { redirect, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { DashboardErrorPage } from "~/components/dashboard/error-page";
import { useFormatters, usePeriodLabel } from "~/components/dashboard/format";
import { RankingTable } from "~/components/dashboard/ranking-table";
import { Scorecard } from "~/components/dashboard/scorecard";
import { TimelinessTable } from "~/components/dashboard/timeliness-table";
import { IntervalChart } from "~/components/reports/interval-chart";
import { SectorsTable } from "~/components/reports/report-tables";
import { viewSearch } from "~/domain/dashboard-view";
import { splitRanked } from "~/domain/rankings";
import { readReportView } from "~/domain/report";
import { vietnamDate } from "~/domain/vietnam-time";
import type { RouteHandle } from "~/http/route-handle";
import { requirePermission } from "~/http/permissions.server";
import { problemPage } from "~/http/problem.server";
import { i18nServer } from "~/i18n/i18n.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { assembleReport } from "~/modules/reports/reports.service.server";
import reportStyles from "~/styles/report.css?url";

export const handle: RouteHandle = { i18n: ["report", "plan", "timeliness", "rankings"] };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: reportStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Hài Lòng" }];

/**
 * The A4 report of one period (docs/decisions/023-reports.md): the plan's
 * scorecard, the sectors, their agencies ranked and the dossiers handled on
 * time, with charts drawn as SVG on the server; the same figures as
 * /dashboard/report.xlsx. No period: the last closed month.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requirePermission({ request, context }, "dashboard:read");
  const now = new Date();
  const read = readReportView(new URL(request.url), vietnamDate(now));
  if (!read.ok) throw problemPage(read.problem);
  if (read.value.kind === "redirect") throw redirect(read.value.to);
  const { view } = read.value;
  const locale = await requestLocale(request);
  const report = await assembleReport(context.db, principal, view, now, locale);
  if (!report.ok) throw problemPage(report.problem);
  const t = await i18nServer.getFixedT(locale, "report");
  return { report: report.value, workbookHref: `/dashboard/report.xlsx${viewSearch(view)}`, title: `${t("page.heading")} — Hài Lòng` };
}

/** A heading kept with what follows it: a printed page never ends on a lone heading. */
function Block({ id, title, level = 2, children }: { id: string; title: string; level?: 2 | 3; children: ReactNode }) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <section className="report-block" aria-labelledby={`${id}-title`} data-section={id}>
      <Heading id={`${id}-title`} className="report-heading">
        {title}
      </Heading>
      {children}
    </section>
  );
}

/** On screen a wide table scrolls inside its box; printed it lies flat on the page. */
function TableBox({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    <div className="table-scroll report-table-box" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      {children}
    </div>
  );
}

export default function ReportPage() {
  const { report, workbookHref } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["report", "plan", "timeliness"]);
  const f = useFormatters();
  const periodLabel = usePeriodLabel();
  const period = periodLabel(report.period);
  const sectorRows = report.sectors.map((s) => ({
    key: s.code,
    label: s.name,
    estimate: s.current?.figure.estimate ?? null,
    ciLow: s.current?.figure.ciLow ?? null,
    ciHigh: s.current?.figure.ciHigh ?? null,
    n: s.current?.figure.n ?? 0,
    target: s.target?.value ?? null,
    status: s.current?.status ?? null,
  }));
  const timelinessRows = report.timeliness.map((r) => ({
    key: r.key,
    label: r.label,
    estimate: r.onTimeRate?.rate ?? null,
    ciLow: r.onTimeRate?.ciLow ?? null,
    ciHigh: r.onTimeRate?.ciHigh ?? null,
    n: r.returned,
    target: r.target.value,
    status: r.status,
  }));
  return (
    <article className="report" data-period={report.period.kind === "period" ? report.period.key : `${report.range.from}_${report.range.to}`}>
      <header className="report-cover">
        <p className="report-kicker">Hài Lòng</p>
        <h1>{t("page.heading")}</h1>
        <p className="report-period">{t("page.period", { period })}</p>
        <p>
          {report.coverage === "province" ? t("page.coverProvince") : t("page.coverSectors", { sectors: report.sectors.map((s) => s.name).join(", ") })}
        </p>
        <p>{t("page.range", { from: f.date(report.range.from), to: f.date(report.range.to), previous: periodLabel(report.previous.period) })}</p>
        <p data-generated-at={report.generatedAt}>{t("page.generatedAt", { at: f.dateTime(report.generatedAt) })}</p>
        {report.includeFlagged ? (
          <p className="notice" role="status">
            {t("page.flagged")}
          </p>
        ) : null}
      </header>

      <section className="report-actions no-print" aria-label={t("page.actions")}>
        <button type="button" className="button" onClick={() => window.print()}>
          {t("page.print")}
        </button>
        <a className="button secondary" href={workbookHref} download>
          {t("page.download")}
        </a>
      </section>

      <p className="report-note">{t("page.note")}</p>

      {report.scorecard ? (
        <Block id="scorecard" title={t(report.coverage === "province" ? "sections.scorecard" : "sections.scorecardSectors", { year: report.scorecard.year })}>
          {report.scorecard.lines.length === 0 ? (
            <p className="muted">{t("sections.noScorecard", { year: report.scorecard.year })}</p>
          ) : (
            <Scorecard lines={report.scorecard.lines} sectorNames={report.scorecard.sectorNames} headingId="scorecard-title" />
          )}
        </Block>
      ) : null}

      <Block id="sectors" title={t("sections.sectors")}>
        {report.sectors.length === 0 ? (
          <p className="muted">{t("sections.noSectors")}</p>
        ) : (
          <>
            <IntervalChart id="sectors-chart" title={t("sections.sectorsChart")} rows={sectorRows} />
            <TableBox labelledBy="sectors-title">
              <SectorsTable sectors={report.sectors} captionId="sectors-title" />
            </TableBox>
          </>
        )}
      </Block>

      {report.agencies.length > 0 ? (
        <Block id="agencies" title={t("sections.agenciesTitle")}>
          <p className="report-note">{t("sections.agenciesNote")}</p>
          {report.agencies.map((s) => (
            <RankingTable key={s.code} id={`agencies-${s.code}`} title={s.name} {...splitRanked(s.agencies)} sortable={false} />
          ))}
        </Block>
      ) : null}

      <Block id="timeliness" title={t("sections.timeliness")}>
        {report.timeliness.length === 0 ? (
          <p className="muted">{t("sections.noTimeliness")}</p>
        ) : (
          <>
            <IntervalChart id="timeliness-chart" title={t("sections.timelinessChart")} rows={timelinessRows} />
            <TimelinessTable id="timeliness-sectors" title={t("timeliness:page.bySector")} rows={report.timeliness} headingClassName="report-heading" />
          </>
        )}
      </Block>
    </article>
  );
}

export function ErrorBoundary() {
  return <DashboardErrorPage />;
}
