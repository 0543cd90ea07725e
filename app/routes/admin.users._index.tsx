import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listSectorChoices, listStaffAccounts } from "~/modules/accounts/staff-accounts.service.server";
import { requestLocale } from "~/i18n/request-locale.server";
import type { RouteHandle } from "~/http/route-handle";
import usersStyles from "~/styles/admin-users.css?url";
import { requirePermission } from "~/http/permissions.server";

export const handle: RouteHandle = { i18n: ["admin", "admin-users"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: usersStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const db = context.db;
  const locale = await requestLocale(request);
  const [accounts, sectors] = await Promise.all([listStaffAccounts(db), listSectorChoices(db)]);
  const sectorName = new Map(sectors.map((s) => [s.code, locale === "en" ? s.nameEn : s.nameVi]));
  return {
    saved: new URL(request.url).searchParams.get("saved") === "1",
    accounts: accounts.map((a) => ({
      id: a.id,
      name: a.name,
      email: a.email,
      role: a.role,
      sectors: a.sectors.map((code) => sectorName.get(code) ?? code),
      active: a.active,
      mustChangePassword: a.mustChangePassword,
    })),
  };
}

export default function UsersPage() {
  const { accounts, saved } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["admin-users", "admin"]);
  return (
    <>
      <h1>{t("title")}</h1>
      {saved ? (
        <p className="flash" role="status">
          {t("admin:form.saved")}
        </p>
      ) : null}
      <p className="lead">{t("list.intro")}</p>
      <p className="page-actions">
        <Link className="button" to="/admin/users/new">
          {t("list.new")}
        </Link>
      </p>
      {accounts.length === 0 ? (
        <p className="empty">{t("list.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table users-table stacked-table">
            <caption className="visually-hidden">{t("list.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("list.name")}</th>
                <th scope="col">{t("list.role")}</th>
                <th scope="col">{t("list.sectors")}</th>
                <th scope="col">{t("list.status")}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr key={a.id} data-email={a.email}>
                  <th scope="row">
                    <Link to={`/admin/users/${a.id}`} aria-label={t("list.edit", { name: a.name })}>
                      {a.name}
                    </Link>
                    <br />
                    <span className="muted">{a.email}</span>
                  </th>
                  <td data-label={t("list.role")}>{t(`roles.${a.role}`)}</td>
                  <td data-label={t("list.sectors")}>{a.role === "manager" ? a.sectors.join(", ") : t("list.allSectors")}</td>
                  <td data-label={t("list.status")}>
                    {a.active ? t("admin:form.active") : <span className="badge badge-inactive">{t("admin:form.inactive")}</span>}
                    {a.mustChangePassword ? (
                      <>
                        <br />
                        <span className="badge badge-draft">{t("list.mustChange")}</span>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
