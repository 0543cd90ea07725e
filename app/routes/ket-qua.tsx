import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useLocation, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formattersFor, periodLabelWith, useFormatters, usePeriodLabel } from "~/components/dashboard/format";
import { PageShell } from "~/components/page-shell";
import {
  AgencyRankings,
  PublishedComments,
  PublishedPeriods,
  PublishedTrend,
  Revisions,
  Scorecard,
  SectorResults,
} from "~/components/public/published-results";
import { periodChoice } from "~/domain/dashboard-view";
import { parsePublicQuery } from "~/domain/publication";
import { weakEtag } from "~/http/conditional-get.server";
import { problemPage } from "~/http/problem.server";
import type { RouteHandle } from "~/http/route-handle";
import { i18nServer } from "~/i18n/i18n.server";
import { otherLanguageHref } from "~/i18n/locale-url";
import { readPublishedResults } from "~/modules/publication/publication.service.server";
import dashboardStyles from "~/styles/dashboard.css?inline";
import publicStyles from "~/styles/public.css?inline";
import rankingStyles from "~/styles/rankings.css?inline";

/** Plain HTML: nothing to hydrate, so no framework JavaScript is sent. */
export const handle: RouteHandle = { i18n: ["common", "public", "plan", "staff", "rankings"], hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? "Hài Lòng" },
  { name: "description", content: data?.description ?? "" },
];

/** Stored by any cache but revalidated on every visit by its ETag (a 304 costs no rendering), so a republication shows at once. */
export const headers: HeadersFunction = ({ loaderHeaders, errorHeaders }) => {
  if (errorHeaders) return new Headers({ "Cache-Control": "no-store" });
  return loaderHeaders;
};

/**
 * The published results of a period (CONTRACTS.md, "Publishing results"):
 * read from its frozen snapshot, never computed on the visit.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const query = parsePublicQuery(url.searchParams);
  if (!query.ok) throw problemPage(query.problem);
  const result = await readPublishedResults(context.db, query.value);
  if (!result.ok) throw problemPage(result.problem);
  const locale = query.value.locale;
  const t = await i18nServer.getFixedT(locale, "public");
  const s = result.value.snapshot;
  const fmt = formattersFor(locale);
  const staffT = await i18nServer.getFixedT(locale, "staff");
  const periodText = periodLabelWith((key, options) => staffT(key, options), fmt)(periodChoice(s.period.key)!);
  return data(
    {
      results: result.value,
      locale,
      title: `${t("metaTitle", { period: periodText })} — Hài Lòng`,
      description: t("lead", {
        from: fmt.date(s.period.from),
        to: fmt.date(s.period.to),
        respondents: fmt.count(s.totals.respondents),
        dossiers: fmt.count(s.totals.dossiersReturned),
      }),
      languageSwitch: otherLanguageHref(url, locale),
    },
    {
      headers: {
        ETag: weakEtag(`${result.value.etag}-${locale}`),
        "Cache-Control": "public, no-cache",
        // The language may also come from a cookie a staff member's `?lang=` left.
        Vary: "Cookie",
      },
    },
  );
}

export default function PublicResults() {
  const { results, locale, languageSwitch } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["public", "plan"]);
  const f = useFormatters();
  const periodLabel = usePeriodLabel();
  const s = results.snapshot;
  const periodName = periodLabel(periodChoice(s.period.key)!);
  const current = results.revisions[0]!.revision;
  const sectorNames = Object.fromEntries(Object.entries(s.names.sectors).map(([code, n]) => [code, n[locale]]));
  const jsonHref = `/api/v1/public/results?period=${s.period.key}${results.current ? "" : `&revision=${results.revision}`}`;
  return (
    <PageShell languageSwitch={languageSwitch} wide>
      <style dangerouslySetInnerHTML={{ __html: dashboardStyles + rankingStyles + publicStyles }} />
      <div className="public-page" data-period={s.period.key} data-revision={results.revision}>
        <h1>{t("title", { period: periodName })}</h1>
        <p className="lead">
          {t("lead", {
            from: f.date(s.period.from),
            to: f.date(s.period.to),
            respondents: f.count(s.totals.respondents),
            dossiers: f.count(s.totals.dossiersReturned),
          })}
        </p>
        <p>
          {t("publishedOn", { date: f.dateTime(results.publishedAt), revision: results.revision, how: results.publishedAutomatically ? t("automatic") : "" })}
          {results.note ? ` ${t("note", { note: results.note })}` : ""}
        </p>
        {!results.current ? (
          <p className="notice" role="note">
            {t("earlierRevision", { revision: results.revision, current })}{" "}
            <a href={`/ket-qua?period=${s.period.key}${locale === "en" ? "&lang=en" : ""}`}>{t("seeCurrent")}</a>
          </p>
        ) : null}
        <PublishedPeriods results={results} locale={locale} />

        <section aria-labelledby="scorecard-title" className="public-section" data-section="scorecard">
          <h2 id="scorecard-title">{t("scorecard", { year: s.scorecard.year })}</h2>
          {s.scorecard.lines.length === 0 ? (
            <p>{t("scorecardNone", { year: s.scorecard.year })}</p>
          ) : (
            <Scorecard lines={s.scorecard.lines} sectorNames={sectorNames} headingId="scorecard-title" />
          )}
        </section>
        <SectorResults results={results} locale={locale} />
        <AgencyRankings results={results} locale={locale} />
        <PublishedTrend results={results} locale={locale} />
        <PublishedComments results={results} locale={locale} />
        <Revisions results={results} locale={locale} />
        <section aria-labelledby="method-title" className="public-section">
          <h2 id="method-title">{t("method.title")}</h2>
          <p>{t("method.p1")}</p>
          <p>{t("method.p2")}</p>
          <p>{t("method.p3")}</p>
        </section>
        <p className="public-footer">
          <a href={jsonHref}>{t("openData")}</a>
        </p>
      </div>
    </PageShell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation("public");
  const { search } = useLocation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (!isRouteErrorResponse(error)) console.error(error);
  const which = status === 400 ? "badRequest" : "notPublished";
  // Asked for a period that is not published: the latest one may be; asked for the latest: there is none.
  const askedForPeriod = new URLSearchParams(search).has("period");
  return (
    <PageShell>
      <h1>{t(`${which}.title`)}</h1>
      <p>{status === 404 && !askedForPeriod ? t("notPublished.nothing") : t(`${which}.body`)}</p>
      {status !== 400 && askedForPeriod ? (
        <p>
          <a href="/ket-qua">{t("periods")}</a>
        </p>
      ) : null}
    </PageShell>
  );
}
