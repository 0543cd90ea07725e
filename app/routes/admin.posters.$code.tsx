import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminErrorPage } from "~/components/admin/error-page";
import { QrPoster } from "~/components/admin/qr-poster";
import { foundOr404 } from "~/http/forms.server";
import { i18nServer } from "~/i18n/i18n.server";
import { resources } from "~/i18n/i18n";
import { pointPoster } from "~/modules/posters/posters.service.server";
import type { RouteHandle } from "~/http/route-handle";
import qrStyles from "~/styles/admin-qr.css?url";
import { requirePermission } from "~/http/permissions.server";

export const handle: RouteHandle = { i18n: ["admin", "admin-qr"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: qrStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? resources.vi["admin-qr"].posters.title }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const { active, poster } = foundOr404(await pointPoster(context.db, params.code ?? ""), "no service point has that code");
  const t = await i18nServer.getFixedT(request, "admin-qr");
  return { active, poster, title: t("poster.documentTitle", { code: poster.code }) };
}

export default function PosterPage() {
  const { poster, active } = useLoaderData<typeof loader>();
  const { t } = useTranslation("admin-qr");
  const base = `/admin/posters/${encodeURIComponent(poster.code)}`;
  return (
    <>
      <div className="no-print">
        <nav className="qr-toolbar" aria-label={t("posters.links")}>
          <Link to="/admin/posters">{t("poster.back")}</Link>
          <button type="button" className="button" onClick={() => window.print()}>
            {t("poster.print")}
          </button>
          <a href={`${base}.svg`} download>
            {t("poster.downloadSvg")}
          </a>
          <a href={`${base}.png`} download>
            {t("poster.downloadPng")}
          </a>
        </nav>
        {active ? null : (
          <p className="qr-warning" role="status">
            {t("poster.inactiveWarning")}
          </p>
        )}
        <p className="qr-hint">{t("poster.printHint")}</p>
      </div>
      <QrPoster poster={poster} />
    </>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
