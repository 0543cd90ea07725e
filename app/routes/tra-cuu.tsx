import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useLocation, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formattersFor } from "~/components/dashboard/format";
import { PageShell } from "~/components/page-shell";
import { formatTrackingCode } from "~/domain/cases";
import type { Locale } from "~/domain/questionnaire";
import { i18nServer } from "~/i18n/i18n.server";
import { otherLanguageHref } from "~/i18n/locale-url";
import { requestLocale } from "~/i18n/request-locale.server";
import { problem, problemPage, type PageProblem } from "~/http/problem.server";
import { trackingLookupLimits } from "~/http/rate-limits.server";
import type { RouteHandle } from "~/http/route-handle";
import { lookupCase } from "~/modules/cases/cases.service.server";
import type { PublicCaseView } from "~/modules/cases/types";

export const handle: RouteHandle = { i18n: ["common", "cases"], hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Hài Lòng" }];

export const headers: HeadersFunction = ({ loaderHeaders, errorHeaders }) => {
  const merged = new Headers(loaderHeaders);
  // A 429's Retry-After reaches the browser.
  errorHeaders?.forEach((value, key) => merged.set(key, value));
  // A case's answer is the citizen's business: no shared or back-button cache keeps it.
  merged.set("Cache-Control", "private, no-store");
  return merged;
};

/**
 * A citizen follows their case by its tracking code: its status, agency,
 * dates and public answer — never a contact or an internal note. Wrong codes
 * are counted per address (60 an hour, then 429), found ones are not.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const locale = await requestLocale(request);
  const t = await i18nServer.getFixedT(locale, "cases");
  const typed = (url.searchParams.get("code") ?? "").trim();
  const page = { locale, title: `${t("lookup.title")} — Hài Lòng`, typed, languageSwitch: otherLanguageHref(url, locale) };
  if (typed === "") return data({ ...page, found: null as PublicCaseView | null });

  const attempt = await trackingLookupLimits.begin(context.db, context.clientIp ?? "unknown");
  if (!attempt.allowed) {
    throw problemPage(problem("rateLimited", "too many wrong tracking codes from this address", { retryAfterSeconds: attempt.retryAfterSeconds }));
  }
  const found = await lookupCase(context.db, typed);
  if (!found) {
    await attempt.failed();
    throw problemPage(problem("notFound", "no case has that tracking code", { parameter: "code" }));
  }
  await attempt.succeeded();
  return data({ ...page, found });
}

function LookupForm({ typed, locale }: { typed: string; locale: Locale }) {
  const { t } = useTranslation("cases");
  return (
    <form method="get" action="/tra-cuu" className="lookup">
      <label className="q-label" htmlFor="tracking-code">
        {t("lookup.codeLabel")}
      </label>
      <input id="tracking-code" name="code" defaultValue={typed} autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={64} required />
      {locale === "en" ? <input type="hidden" name="lang" value="en" /> : null}
      <button type="submit" className="button">
        {t("lookup.submit")}
      </button>
    </form>
  );
}

function CaseStanding({ found, locale }: { found: PublicCaseView; locale: Locale }) {
  const { t } = useTranslation("cases");
  const f = formattersFor(locale);
  return (
    <section aria-labelledby="case-title" data-case-status={found.status}>
      <h2 id="case-title">{formatTrackingCode(found.code)}</h2>
      <p className="case-status">{t(`status.${found.status}`)}</p>
      <dl className="case-facts">
        <dt>{t("lookup.agency")}</dt>
        <dd>{found.agency[locale]}</dd>
        <dt>{t("lookup.point")}</dt>
        <dd>{found.servicePoint[locale]}</dd>
        <dt>{t("lookup.created")}</dt>
        <dd>{f.dateTime(found.createdAt)}</dd>
        {found.status === "open" ? (
          <>
            <dt>{t("lookup.due")}</dt>
            <dd>{f.dateTime(found.dueAt)}</dd>
          </>
        ) : null}
        {found.answeredAt ? (
          <>
            <dt>{t("lookup.answeredAt")}</dt>
            <dd>{f.dateTime(found.answeredAt)}</dd>
          </>
        ) : null}
        {found.closedAt ? (
          <>
            <dt>{t("lookup.closedAt")}</dt>
            <dd>{f.dateTime(found.closedAt)}</dd>
          </>
        ) : null}
      </dl>
      {found.publicAnswer ? (
        <>
          <h3>{t("lookup.publicAnswer")}</h3>
          <p className="case-answer">{found.publicAnswer}</p>
        </>
      ) : found.status === "open" ? (
        <p className="muted">{t("lookup.noAnswerYet")}</p>
      ) : null}
    </section>
  );
}

export default function TrackingLookupPage() {
  const { locale, typed, found, languageSwitch } = useLoaderData<typeof loader>();
  const { t } = useTranslation("cases");
  return (
    <PageShell languageSwitch={languageSwitch}>
      <h1>{t("lookup.title")}</h1>
      {found ? <CaseStanding found={found} locale={locale} /> : <p className="lead">{t("lookup.intro")}</p>}
      <LookupForm typed={found ? "" : typed} locale={locale} />
    </PageShell>
  );
}

/** A wrong code (404) or too many of them (429), in words, with the form to try again. */
export function ErrorBoundary() {
  const error = useRouteError();
  const { t, i18n } = useTranslation("cases");
  const { search } = useLocation();
  const kind = isRouteErrorResponse(error) ? (error.data as PageProblem | null)?.kind : null;
  if (!kind) console.error(error);
  const which = kind === "notFound" ? "notFound" : kind === "rateLimited" ? "rateLimited" : "failed";
  const locale: Locale = i18n.language === "en" ? "en" : "vi";
  return (
    <PageShell>
      <h1>{t(`lookup.${which}.title`)}</h1>
      <p>{t(`lookup.${which}.body`)}</p>
      {which === "notFound" ? <LookupForm typed={new URLSearchParams(search).get("code") ?? ""} locale={locale} /> : null}
    </PageShell>
  );
}
