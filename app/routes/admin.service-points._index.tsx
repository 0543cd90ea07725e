import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminErrorPage } from "~/components/admin/error-page";
import { ActiveBadge, SavedFlash, useNamed } from "~/components/admin/organisation";
import { agencyTreeRows } from "~/domain/admin-organisation";
import { listAdminAgencies } from "~/modules/organisation/agencies.service.server";
import { listAdminServicePoints } from "~/modules/organisation/service-points.service.server";
import type { AdminServicePoint } from "~/modules/organisation/types";
import type { RouteHandle } from "~/http/route-handle";
import orgStyles from "~/styles/admin-org.css?url";
import { requirePermission } from "~/http/permissions.server";

export const handle: RouteHandle = { i18n: ["admin", "admin-org"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: orgStyles }];

/** Every point, grouped by agency in tree order; `?agency=CODE` shows one agency's (an unknown code shows all). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const db = context.db;
  const agencies = agencyTreeRows(await listAdminAgencies(db));
  const wanted = new URL(request.url).searchParams.get("agency");
  const chosen = agencies.find(({ agency }) => agency.code === wanted)?.agency ?? null;
  const points = await listAdminServicePoints(db, chosen ? { agencyId: chosen.id } : {});
  const groups = agencies
    .map(({ agency }) => ({ agency: { code: agency.code, name: agency.name }, points: points.filter((p) => p.agency.id === agency.id) }))
    .filter((g) => g.points.length > 0);
  return {
    agencies: agencies.map(({ agency, depth }) => ({ code: agency.code, name: agency.name, depth })),
    chosen: chosen?.code ?? null,
    total: points.length,
    groups,
  };
}

function PointRow({ point }: { point: AdminServicePoint }) {
  const { t } = useTranslation("admin-org");
  const named = useNamed();
  return (
    <li className={point.active ? "org-card" : "org-card org-card-inactive"} data-code={point.code}>
      <h3 className="org-card-title">
        <Link to={`/admin/service-points/${point.code}`}>
          <code>{point.code}</code> {named(point.name)}
        </Link>{" "}
        <ActiveBadge active={point.active} />
      </h3>
      <dl className="org-facts">
        <dt>{t("servicePoints.sectors")}</dt>
        <dd>{point.sectors.map((s) => (s.active ? named(s.name) : t("servicePoints.sectorInactive", { name: named(s.name) }))).join(", ")}</dd>
        <dt>{t("servicePoints.questionnaire")}</dt>
        <dd>{point.questionnaire ? named(point.questionnaire.name) : t("servicePoints.byDefault")}</dd>
      </dl>
    </li>
  );
}

export default function ServicePointsPage() {
  const { agencies, chosen, total, groups } = useLoaderData<typeof loader>();
  const { t } = useTranslation("admin-org");
  const named = useNamed();
  return (
    <>
      <h1>{t("servicePoints.title")}</h1>
      <p className="lead">{t("servicePoints.intro")}</p>
      <SavedFlash />
      <p>
        <Link className="button" to="/admin/service-points/new">
          {t("servicePoints.new")}
        </Link>
      </p>
      <Form method="get" className="filter-form org-filter" aria-label={t("servicePoints.filter")}>
        <label className="field">
          <span>{t("servicePoints.filter")}</span>
          <select name="agency" defaultValue={chosen ?? ""}>
            <option value="">{t("servicePoints.allAgencies")}</option>
            {agencies.map((a) => (
              <option key={a.code} value={a.code}>
                {`${"— ".repeat(a.depth)}${named(a.name)}`}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button">
          {t("servicePoints.apply")}
        </button>
      </Form>
      <p aria-live="polite">{t("servicePoints.count", { count: total })}</p>
      {groups.length === 0 ? (
        <p className="empty">{t("servicePoints.empty")}</p>
      ) : (
        groups.map((g) => (
          <section key={g.agency.code} aria-labelledby={`agency-${g.agency.code}`} className="org-section">
            <h2 id={`agency-${g.agency.code}`}>
              <Link to={`/admin/agencies/${g.agency.code}`}>{named(g.agency.name)}</Link>
            </h2>
            <ul className="org-cards">
              {g.points.map((p) => (
                <PointRow key={p.id} point={p} />
              ))}
            </ul>
          </section>
        ))
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
