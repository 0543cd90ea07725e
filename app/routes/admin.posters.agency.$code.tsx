import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminErrorPage } from "~/components/admin/error-page";
import { QrPoster } from "~/components/admin/qr-poster";
import { foundOr404 } from "~/http/forms.server";
import { i18nServer } from "~/i18n/i18n.server";
import { resources } from "~/i18n/i18n";
import { agencyPosters } from "~/modules/posters/posters.service.server";
import { requestLocale } from "~/i18n/request-locale.server";
import type { RouteHandle } from "~/http/route-handle";
import qrStyles from "~/styles/admin-qr.css?url";
import { requirePermission } from "~/http/permissions.server";

export const handle: RouteHandle = { i18n: ["admin", "admin-qr"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: qrStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? resources.vi["admin-qr"].posters.title }];

/** Every active counter of an agency and its sub-agencies, one poster per printed page. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const locale = await requestLocale(request);
  const { agency, posters } = foundOr404(await agencyPosters(context.db, params.code ?? ""), "no agency has that code");
  const t = await i18nServer.getFixedT(request, "admin-qr");
  return { agency: { code: agency.code, name: agency.name[locale] }, posters, title: t("agencySheet.documentTitle", { agency: agency.name[locale] }) };
}

export default function AgencyPosters() {
  const { agency, posters } = useLoaderData<typeof loader>();
  const { t } = useTranslation("admin-qr");
  return (
    <>
      <div className="no-print">
        <h1>{t("agencySheet.title", { agency: agency.name })}</h1>
        <nav className="qr-toolbar" aria-label={t("posters.links")}>
          <Link to="/admin/posters">{t("poster.back")}</Link>
          {posters.length > 0 ? (
            <button type="button" className="button" onClick={() => window.print()}>
              {t("agencySheet.print")}
            </button>
          ) : null}
        </nav>
        <p className="qr-hint">
          {posters.length > 0 ? t("agencySheet.count", { count: posters.length }) : t("agencySheet.empty")} {t("poster.printHint")}
        </p>
      </div>
      <div className="poster-stack">
        {posters.map((poster) => (
          <QrPoster key={poster.code} poster={poster} headingLevel={2} />
        ))}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
