import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DashboardErrorPage } from "~/components/dashboard/error-page";
import { useFormatters } from "~/components/dashboard/format";
import { CASE_FILTERS, caseFilterOf, formatTrackingCode } from "~/domain/cases";
import { i18nServer } from "~/i18n/i18n.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { can, requirePermission } from "~/http/permissions.server";
import { problem, problemPage } from "~/http/problem.server";
import type { RouteHandle } from "~/http/route-handle";
import { listStaffCases } from "~/modules/cases/cases.service.server";

export const handle: RouteHandle = { i18n: ["cases"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Hài Lòng" }];

/** The follow-up cases of the caller's sectors (like the dashboard's scope), overdue first, then by due date. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requirePermission({ request, context }, "cases:read");
  const url = new URL(request.url);
  const filter = caseFilterOf(url.searchParams.get("status"));
  if (!filter) throw problemPage(problem("badParameter", "status must be all, open, answered or closed", { parameter: "status" }));
  const pageText = url.searchParams.get("page") ?? "1";
  if (!/^[1-9]\d{0,5}$/.test(pageText)) throw problemPage(problem("badParameter", "page must be a positive whole number", { parameter: "page" }));
  const locale = await requestLocale(request);
  const t = await i18nServer.getFixedT(locale, "cases");
  const list = await listStaffCases(context.db, { sectorIds: principal.sectorIds, mayManage: can(principal, "cases:manage") }, filter, Number(pageText));
  return { title: `${t("staff.title")} — Hài Lòng`, locale, list };
}

export default function CasesPage() {
  const { locale, list } = useLoaderData<typeof loader>();
  const { t } = useTranslation("cases");
  const f = useFormatters();
  const pageHref = (page: number) => `/dashboard/cases?${new URLSearchParams({ status: list.filter, page: String(page), ...(locale === "en" ? { lang: "en" } : {}) })}`;
  const lastPage = Math.max(1, Math.ceil(list.total / list.perPage));
  return (
    <>
      <h1 id="cases-title">{t("staff.title")}</h1>
      <p className="lead">{t("staff.intro")}</p>
      <form method="get" className="filter-form">
        <label htmlFor="case-status">{t("staff.filter")}</label>{" "}
        <select id="case-status" name="status" defaultValue={list.filter}>
          {CASE_FILTERS.map((s) => (
            <option key={s} value={s}>
              {t(`staff.filters.${s}`)}
            </option>
          ))}
        </select>
        {locale === "en" ? <input type="hidden" name="lang" value="en" /> : null}{" "}
        <button type="submit" className="button secondary">
          {t("staff.show")}
        </button>
      </form>
      <p className="muted">{t("staff.total", { total: f.count(list.total) })}</p>
      {list.items.length === 0 ? (
        <p className="empty">{t("staff.empty")}</p>
      ) : (
        // The table scrolls on its own on a phone; the page does not.
        <div className="table-scroll" role="region" aria-labelledby="cases-title" tabIndex={0}>
          <table className="data-table cases-table">
            <thead>
              <tr>
                <th scope="col">{t("staff.columns.code")}</th>
                <th scope="col">{t("staff.columns.status")}</th>
                <th scope="col">{t("staff.columns.due")}</th>
                <th scope="col">{t("staff.columns.point")}</th>
                <th scope="col">{t("staff.columns.sector")}</th>
                <th scope="col">{t("staff.columns.created")}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((c) => (
                <tr key={c.code} data-case={c.code} data-overdue={c.overdue ? "1" : "0"}>
                  <td>
                    <Link to={`/dashboard/cases/${c.code}${locale === "en" ? "?lang=en" : ""}`}>{formatTrackingCode(c.code)}</Link>
                  </td>
                  <td>
                    {t(`status.${c.status}`)}
                    {c.overdue ? <strong className="overdue-badge"> · {t("staff.overdue")}</strong> : null}
                  </td>
                  <td>{f.dateTime(c.dueAt)}</td>
                  <td>
                    {c.servicePoint[locale]} <span className="muted">({c.agency[locale]})</span>
                  </td>
                  <td>{c.sector[locale]}</td>
                  <td>{f.dateTime(c.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {lastPage > 1 ? (
        <nav className="pager" aria-label={t("staff.title")}>
          {list.page > 1 ? <Link to={pageHref(list.page - 1)}>{t("staff.previous")}</Link> : null}{" "}
          {list.page < lastPage ? <Link to={pageHref(list.page + 1)}>{t("staff.next")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <DashboardErrorPage />;
}
