import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminErrorPage } from "~/components/admin/error-page";
import { QrPoster } from "~/components/admin/qr-poster";
import { displayUrl } from "~/domain/qr-print";
import { listActivePointsUnderAgency } from "~/modules/organisation/organisation.repository.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { pointSurveyUrl, qrSvg } from "~/modules/posters/qr.server";
import type { RouteHandle } from "~/http/route-handle";
import qrStyles from "~/styles/admin-qr.css?url";
import { requirePermission } from "~/http/permissions.server";

export const handle: RouteHandle = { i18n: ["admin", "admin-qr"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: qrStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Áp phích QR · ${data.agency.name}` : "Áp phích QR" }];

/** Every active counter of an agency and its sub-agencies, one poster per printed page. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const locale = await requestLocale(request);
  const found = await listActivePointsUnderAgency(context.db, params.code ?? "");
  if (!found) throw data({ kind: "notFound" }, { status: 404 });
  const posters = await Promise.all(
    found.points.map(async (point) => {
      const url = pointSurveyUrl(point.code);
      return {
        code: point.code,
        pointName: point.name.vi,
        agencyName: point.agency.name.vi,
        url,
        displayUrl: displayUrl(url),
        svg: await qrSvg(url, "poster"),
      };
    }),
  );
  return { agency: { code: found.agency.code, name: found.agency.name[locale] }, posters };
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
