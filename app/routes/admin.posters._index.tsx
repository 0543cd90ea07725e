import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { groupPostersByAgency } from "~/domain/qr-print";
import { posterIndex } from "~/modules/posters/posters.service.server";
import { requestLocale } from "~/i18n/request-locale.server";
import type { RouteHandle } from "~/http/route-handle";
import qrStyles from "~/styles/admin-qr.css?url";
import { requirePermission } from "~/http/permissions.server";

export const handle: RouteHandle = { i18n: ["admin", "admin-qr"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: qrStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const locale = await requestLocale(request);
  const { agencies, points } = await posterIndex(context.db);
  return {
    groups: groupPostersByAgency(
      agencies.map((a) => ({ id: a.id, code: a.code, parentId: a.parentId, name: a.name[locale], active: a.active })),
      points.map((p) => ({ code: p.code, name: p.name[locale], agencyId: p.agencyId, active: p.active })),
    ),
  };
}

const pointPath = (code: string) => `/admin/posters/${encodeURIComponent(code)}`;

export default function PosterList() {
  const { groups } = useLoaderData<typeof loader>();
  const { t } = useTranslation("admin-qr");
  return (
    <>
      <h1>{t("posters.title")}</h1>
      <p className="lead">{t("posters.intro")}</p>
      {groups.length === 0 ? <p className="empty">{t("posters.empty")}</p> : null}
      <ul className="poster-agencies">
        {groups.map((group) => (
          <li key={group.agency.code} className="poster-agency-group" data-depth={Math.min(group.agency.depth, 2)} data-agency={group.agency.code}>
            <h2>
              {group.agency.name}
              {group.agency.active ? null : <span className="badge badge-inactive"> {t("posters.inactiveAgency")}</span>}
            </h2>
            {group.printable > 0 ? (
              <a className="print-agency" href={`/admin/posters/agency/${encodeURIComponent(group.agency.code)}`}>
                {t("posters.printAgency", { count: group.printable })}
              </a>
            ) : (
              <p className="empty">{t("posters.noPrintable")}</p>
            )}
            {group.points.length > 0 ? (
              <div className="table-scroll">
                <table className="data-table">
                  <caption className="visually-hidden">{group.agency.name}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("posters.code")}</th>
                      <th scope="col">{t("posters.point")}</th>
                      <th scope="col">{t("posters.status")}</th>
                      <th scope="col">{t("posters.links")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {group.points.map((p) => (
                      <tr key={p.code} data-code={p.code} className={p.active ? undefined : "point-inactive"}>
                        <td>
                          <code>{p.code}</code>
                        </td>
                        <td>{p.name}</td>
                        <td>{p.active ? t("posters.active") : <span className="badge badge-inactive">{t("posters.inactive")}</span>}</td>
                        <td>
                          <span className="poster-links">
                            <Link to={pointPath(p.code)} aria-label={t("posters.posterOf", { code: p.code })}>
                              {t("posters.poster")}
                            </Link>
                            <a href={`${pointPath(p.code)}.svg`} download aria-label={t("posters.svgOf", { code: p.code })}>
                              {t("posters.svg")}
                            </a>
                            <a href={`${pointPath(p.code)}.png`} download aria-label={t("posters.pngOf", { code: p.code })}>
                              {t("posters.png")}
                            </a>
                          </span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
