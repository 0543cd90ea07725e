import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { vietnamIsoTime } from "~/domain/vietnam-time";
import { adminOverview } from "~/modules/organisation/overview.service.server";
import { requirePermission } from "~/http/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const { counts, recent } = await adminOverview(context.db);
  return {
    counts,
    recent: recent.map((e) => ({
      id: e.id,
      at: vietnamIsoTime(new Date(e.at)).slice(0, 16).replace("T", " "),
      actor: e.actorName,
      action: e.action,
      entityType: e.entityType,
      label: e.label,
    })),
  };
}

const STEPS = [
  { key: "agency", to: "/admin/agencies" },
  { key: "servicePoint", to: "/admin/service-points/new" },
  { key: "questionnaire", to: "/admin/questionnaires" },
  { key: "poster", to: "/admin/posters" },
] as const;

export default function AdminOverview() {
  const { counts, recent } = useLoaderData<typeof loader>();
  const { t } = useTranslation("admin");
  return (
    <>
      <h1>{t("overview.title")}</h1>
      <ul className="stat-cards">
        {(Object.keys(counts) as Array<keyof typeof counts>).map((k) => (
          <li key={k} className="stat-card">
            <span className="stat-value">{counts[k]}</span> <span className="stat-label">{t(`overview.counts.${k}`)}</span>
          </li>
        ))}
      </ul>
      <section aria-labelledby="steps">
        <h2 id="steps">{t("overview.stepsTitle")}</h2>
        <ol className="steps">
          {STEPS.map((s) => (
            <li key={s.key}>
              <Link to={s.to}>{t(`overview.steps.${s.key}`)}</Link>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="recent">
        <h2 id="recent">{t("overview.recent")}</h2>
        {recent.length === 0 ? (
          <p className="empty">{t("audit.empty")}</p>
        ) : (
          <ul className="recent-changes">
            {recent.map((e) => (
              <li key={e.id}>
                <time>{e.at}</time> · {e.actor} · {t(`audit.actions.${e.action}`, { defaultValue: e.action })}{" "}
                {t(`audit.entities.${e.entityType}`, { defaultValue: e.entityType })} <strong>{e.label}</strong>
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/admin/audit">{t("overview.allChanges")}</Link>
        </p>
      </section>
    </>
  );
}
