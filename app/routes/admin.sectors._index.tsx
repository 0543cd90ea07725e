import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminErrorPage } from "~/components/admin/error-page";
import { ActiveBadge, SavedFlash, TargetSentence, useNamed } from "~/components/admin/organisation";
import { vietnamDate } from "~/domain/vietnam-time";
import { listAdminSectors } from "~/modules/organisation/sectors.service.server";
import type { RouteHandle } from "~/http/route-handle";
import orgStyles from "~/styles/admin-org.css?url";
import { requirePermission } from "~/http/permissions.server";

export const handle: RouteHandle = { i18n: ["admin", "admin-org"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: orgStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const year = Number(vietnamDate(new Date()).slice(0, 4));
  const sectors = await listAdminSectors(context.db);
  return {
    year,
    sectors: sectors.map((s) => ({ ...s, target: s.targets.find((t) => t.year === year) ?? null })),
  };
}

export default function SectorsPage() {
  const { year, sectors } = useLoaderData<typeof loader>();
  const { t } = useTranslation("admin-org");
  const named = useNamed();
  return (
    <>
      <h1>{t("sectors.title")}</h1>
      <p className="lead">{t("sectors.intro")}</p>
      <SavedFlash />
      <p>
        <Link className="button" to="/admin/sectors/new">
          {t("sectors.new")}
        </Link>
      </p>
      {sectors.length === 0 ? (
        <p className="empty">{t("sectors.empty")}</p>
      ) : (
        <ul className="org-cards">
          {sectors.map((s) => (
            <li key={s.id} className={s.active ? "org-card" : "org-card org-card-inactive"}>
              <h2 className="org-card-title">
                <Link to={`/admin/sectors/${s.code}`}>{named(s.name)}</Link> <code>{s.code}</code> <ActiveBadge active={s.active} />
              </h2>
              <dl className="org-facts">
                <dt>{t("sectors.questionnaire")}</dt>
                <dd>{s.questionnaire ? named(s.questionnaire.name) : t("sectors.noQuestionnaire")}</dd>
                <dt>{t("sectors.thisYear", { year })}</dt>
                <dd>{s.target ? <TargetSentence target={s.target} /> : t("sectors.noTarget")}</dd>
                <dt>{t("sectors.servicePoints")}</dt>
                <dd>{s.servicePoints}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
