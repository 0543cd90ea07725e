import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageShell } from "~/components/page-shell";
import { i18nServer } from "~/i18n/i18n.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { localizedHref, otherLanguageHref } from "~/i18n/locale-url";
import type { RouteHandle } from "~/http/route-handle";
import { listSurveyPoints } from "~/modules/survey/submission.service.server";

export const handle: RouteHandle = { i18n: ["common", "survey"], hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Hài Lòng" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = await requestLocale(request);
  const t = await i18nServer.getFixedT(locale, "survey");
  const agencies = await listSurveyPoints(context.db);
  return {
    title: t("list.title"),
    languageSwitch: otherLanguageHref(new URL(request.url), locale),
    agencies: agencies.map((a) => ({
      code: a.code,
      name: a.name[locale],
      points: a.points.map((p) => ({ name: p.name[locale], href: localizedHref(`/s/${encodeURIComponent(p.code)}`, locale), code: p.code })),
    })),
  };
}

export default function ServicePointList() {
  const { agencies, languageSwitch } = useLoaderData<typeof loader>();
  const { t } = useTranslation("survey");
  return (
    <PageShell languageSwitch={languageSwitch}>
      <h1>{t("list.title")}</h1>
      <p className="lead">{t("list.intro")}</p>
      {agencies.length === 0 ? <p>{t("list.empty")}</p> : null}
      {agencies.map((agency) => (
        <section key={agency.code} className="agency" aria-labelledby={`agency-${agency.code}`}>
          <h2 id={`agency-${agency.code}`}>{agency.name}</h2>
          <ul className="point-list">
            {agency.points.map((p) => (
              <li key={p.code}>
                <a href={p.href}>
                  <span>{p.name}</span>
                  <span className="code">{p.code}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </PageShell>
  );
}
