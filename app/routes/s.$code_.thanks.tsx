import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageShell } from "~/components/page-shell";
import { formatTrackingCode } from "~/domain/cases";
import { i18nServer } from "~/i18n/i18n.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { localizedHref, otherLanguageHref } from "~/i18n/locale-url";
import type { RouteHandle } from "~/http/route-handle";
import { rememberedTrackingCode } from "~/modules/cases/tracking-cookie.server";
import { findSurveyPoint } from "~/modules/survey/submission.service.server";

export const handle: RouteHandle = { i18n: ["common", "survey"], hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Hài Lòng" }];

// The page may show a tracking code: never kept by a shared cache or the browser's.
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const locale = await requestLocale(request);
  const t = await i18nServer.getFixedT(locale, "survey");
  const point = await findSurveyPoint(context.db, params.code ?? "");
  // The code of the case this browser just opened, from its own signed cookie (see tracking-cookie.server.ts).
  const caseCode = await rememberedTrackingCode(request);
  return {
    locale,
    title: t("thanks.title"),
    pointName: point ? `${point.name[locale]} — ${point.agency.name[locale]}` : null,
    caseCode,
    languageSwitch: otherLanguageHref(new URL(request.url), locale),
  };
}

export default function ThanksPage() {
  const { locale, pointName, caseCode, languageSwitch } = useLoaderData<typeof loader>();
  const { t } = useTranslation("survey");
  return (
    <PageShell languageSwitch={languageSwitch}>
      <div className="thanks">
        <p className="thanks-mark" aria-hidden="true">✓</p>
        <h1>{t("thanks.title")}</h1>
        <p className="lead">{t("thanks.body")}</p>
        {pointName ? <p className="muted">{pointName}</p> : null}
        {caseCode ? (
          <section className="tracking" aria-labelledby="tracking-title">
            <h2 id="tracking-title">{t("thanks.caseTitle")}</h2>
            <p>{t("thanks.caseBody")}</p>
            <p className="tracking-code" data-tracking-code={caseCode}>
              {formatTrackingCode(caseCode)}
            </p>
            <p>
              <a className="button" href={localizedHref("/tra-cuu", locale, { code: caseCode })}>
                {t("thanks.caseLink")}
              </a>
            </p>
          </section>
        ) : null}
        <p>
          <a className="button secondary" href={localizedHref("/s", locale)}>
            {t("thanks.again")}
          </a>
        </p>
      </div>
    </PageShell>
  );
}
