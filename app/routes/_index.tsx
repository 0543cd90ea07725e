import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageShell } from "~/components/page-shell";
import { i18nServer } from "~/i18n/i18n.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { localizedHref, otherLanguageHref } from "~/i18n/locale-url";
import type { RouteHandle } from "~/http/route-handle";

export const handle: RouteHandle = { i18n: ["common"], hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Hài Lòng" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await requestLocale(request);
  const t = await i18nServer.getFixedT(locale, "common");
  return {
    title: t("home.title"),
    listHref: localizedHref("/s", locale),
    resultsHref: locale === "en" ? "/ket-qua?lang=en" : "/ket-qua",
    languageSwitch: otherLanguageHref(new URL(request.url), locale),
  };
}

export default function Home() {
  const { listHref, resultsHref, languageSwitch } = useLoaderData<typeof loader>();
  const { t } = useTranslation("common");
  return (
    <PageShell languageSwitch={languageSwitch}>
      <h1>{t("home.title")}</h1>
      <p className="lead">{t("home.intro")}</p>
      <p>
        <a className="button" href={listHref}>
          {t("home.toList")}
        </a>
      </p>
      <p>
        <a href={resultsHref}>{t("home.toResults")}</a>
      </p>
    </PageShell>
  );
}
