import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DashboardErrorPage } from "~/components/dashboard/error-page";
import { useFormatters } from "~/components/dashboard/format";
import { APOLOGY_LIST_FILTERS, type ApologyListFilter } from "~/domain/dossiers";
import { problem } from "~/domain/problem";
import { env } from "~/env.server";
import { requirePermission } from "~/http/permissions.server";
import { problemPage } from "~/http/problem.server";
import { i18nServer } from "~/i18n/i18n.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { listApologies } from "~/modules/dossiers/dossiers.service.server";
import type { ApologyView } from "~/modules/dossiers/types";
import apologyStyles from "~/styles/apologies.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: apologyStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Hài Lòng" }];

/** The apologies of the caller's sectors: still owed (overdue first), overdue only, or sent. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requirePermission({ request, context }, "dashboard:read");
  const url = new URL(request.url);
  const asked = url.searchParams.getAll("status");
  if (asked.length > 1 || (asked.length === 1 && !(APOLOGY_LIST_FILTERS as readonly string[]).includes(asked[0]!))) {
    throw problemPage(problem("badParameter", `status must be one of ${APOLOGY_LIST_FILTERS.join(", ")}`, { parameter: "status" }));
  }
  const filter = (asked[0] ?? "required") as ApologyListFilter;
  const locale = await requestLocale(request);
  const { counts, apologies } = await listApologies(context.db, { sectorIds: principal.sectorIds }, filter, new Date(), locale);
  const t = await i18nServer.getFixedT(locale, "timeliness");
  return { title: `${t("apologies.title")} — Hài Lòng`, filter, counts, apologies, dueHours: env().apologyDueHours, lang: url.searchParams.get("lang") };
}

function statusOf(a: ApologyView): "required" | "overdue" | "sent" {
  return a.status === "sent" ? "sent" : a.overdue ? "overdue" : "required";
}

export default function ApologiesPage() {
  const { filter, counts, apologies, dueHours, lang } = useLoaderData<typeof loader>();
  const { t } = useTranslation("timeliness");
  const f = useFormatters();
  const suffix = lang ? `&lang=${encodeURIComponent(lang)}` : "";
  const total = counts[filter];
  return (
    <>
      <h1>{t("apologies.title")}</h1>
      <p className="lead">{t("apologies.intro", { hours: dueHours })}</p>
      <nav aria-label={t("apologies.filters")} className="apology-filters">
        <ul>
          {APOLOGY_LIST_FILTERS.map((name) => (
            <li key={name}>
              <Link to={`?status=${name}${suffix}`} aria-current={name === filter ? "page" : undefined} data-filter={name}>
                {t(`apologies.filter.${name}`, { count: counts[name] })}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {apologies.length === 0 ? (
        <p className="muted">{t(`apologies.empty.${filter}`)}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="apology-list-caption" tabIndex={0}>
          <table className="data-table apology-list">
            <caption id="apology-list-caption">{t("apologies.caption", { filter: t(`apologies.status.${filter}`) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("apologies.col.code")}</th>
                <th scope="col">{t("apologies.col.procedure")}</th>
                <th scope="col">{t("apologies.col.point")}</th>
                <th scope="col">{t("apologies.col.lateSince")}</th>
                <th scope="col">{t("apologies.col.dueBy")}</th>
                <th scope="col">{t("apologies.col.status")}</th>
                <th scope="col">{t("apologies.col.inTime")}</th>
              </tr>
            </thead>
            <tbody>
              {apologies.map((a) => (
                <tr key={a.id} data-apology={a.id} data-status={statusOf(a)}>
                  <th scope="row">
                    <Link to={`/dashboard/apologies/${a.id}${lang ? `?lang=${encodeURIComponent(lang)}` : ""}`}>{a.dossier.code}</Link>
                  </th>
                  <td>{a.dossier.procedure ?? t("apologies.noProcedure")}</td>
                  <td>{a.point.name}</td>
                  <td>{a.dossier.lateAt ? f.dateTime(a.dossier.lateAt) : "—"}</td>
                  <td>{f.dateTime(a.dueBy)}</td>
                  <td>{t(`apologies.status.${statusOf(a)}`)}</td>
                  <td>{t(`apologies.inTime.${a.sentInTime === null ? "pending" : a.sentInTime ? "yes" : "no"}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {apologies.length < total ? <p className="muted">{t("apologies.limited", { shown: apologies.length, total })}</p> : null}
    </>
  );
}

export function ErrorBoundary() {
  return <DashboardErrorPage />;
}
