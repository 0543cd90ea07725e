import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminErrorPage } from "~/components/admin/error-page";
import { ActionButton } from "~/components/admin/form";
import { idFromParam } from "~/domain/staff-accounts";
import { vietnamIsoTime } from "~/domain/vietnam-time";
import { listApiTokens, listSectorChoices, revokeApiToken } from "~/modules/accounts/staff-accounts.service.server";
import { actorOf, answerForm, invalidForm, readForm } from "~/http/forms.server";
import { requestLocale } from "~/i18n/request-locale.server";
import type { RouteHandle } from "~/http/route-handle";
import usersStyles from "~/styles/admin-users.css?url";
import { requirePermission } from "~/http/permissions.server";

export const handle: RouteHandle = { i18n: ["admin", "admin-users"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: usersStyles }];

/** An ISO instant as Vietnam time, to the minute. */
const shown = (iso: string | null) => (iso ? vietnamIsoTime(new Date(iso)).slice(0, 16).replace("T", " ") : null);

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const db = context.db;
  const locale = await requestLocale(request);
  const [tokens, sectors] = await Promise.all([listApiTokens(db), listSectorChoices(db)]);
  const sectorName = new Map(sectors.map((s) => [s.code, locale === "en" ? s.nameEn : s.nameVi]));
  return {
    revoked: new URL(request.url).searchParams.get("saved") === "1",
    tokens: tokens.map((tk) => ({
      id: tk.id,
      name: tk.name,
      role: tk.role,
      sectors: tk.sectors.map((code) => sectorName.get(code) ?? code),
      createdBy: tk.createdBy,
      createdAt: shown(tk.createdAt),
      lastUsedAt: shown(tk.lastUsedAt),
      revokedAt: shown(tk.revokedAt),
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requirePermission({ request, context }, "admin:manage");
  const form = await readForm(request);
  const id = idFromParam(form.get("id") ?? undefined);
  if (form.get("intent") !== "revoke" || id === null) return invalidForm({ _form: { code: "invalid" } });
  return answerForm(await revokeApiToken(context.db, actorOf(principal), id), {}, () => "/admin/tokens?saved=1");
}

export default function TokensPage() {
  const { tokens, revoked } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["admin-users", "admin"]);
  return (
    <>
      <h1>{t("tokens.title")}</h1>
      {revoked ? (
        <p className="flash" role="status">
          {t("tokens.revokedFlash")}
        </p>
      ) : null}
      <p className="lead">{t("tokens.intro")}</p>
      <p className="page-actions">
        <Link className="button" to="/admin/tokens/new">
          {t("tokens.new")}
        </Link>
      </p>
      {tokens.length === 0 ? (
        <p className="empty">{t("tokens.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table tokens-table stacked-table">
            <caption className="visually-hidden">{t("tokens.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("tokens.name")}</th>
                <th scope="col">{t("tokens.role")}</th>
                <th scope="col">{t("tokens.createdBy")}</th>
                <th scope="col">{t("tokens.lastUsed")}</th>
                <th scope="col">{t("tokens.status")}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((tk) => (
                <tr key={tk.id} data-token-id={tk.id}>
                  <th scope="row">{tk.name}</th>
                  <td data-label={t("tokens.role")}>
                    {t(`roles.${tk.role}`)}
                    {tk.role === "manager" ? (
                      <>
                        <br />
                        <span className="muted">{tk.sectors.join(", ")}</span>
                      </>
                    ) : null}
                  </td>
                  <td data-label={t("tokens.createdBy")}>
                    {tk.createdBy ?? t("tokens.commandLine")}
                    <br />
                    <time className="muted">{tk.createdAt}</time>
                  </td>
                  <td data-label={t("tokens.lastUsed")}>{tk.lastUsedAt ? <time>{tk.lastUsedAt}</time> : t("tokens.never")}</td>
                  <td data-label={t("tokens.status")}>
                    {tk.revokedAt ? (
                      <span className="badge badge-inactive">{t("tokens.revoked", { at: tk.revokedAt })}</span>
                    ) : (
                      <>
                        {t("tokens.active")}{" "}
                        <ActionButton
                          intent="revoke"
                          fields={{ id: tk.id }}
                          label={t("tokens.revoke", { name: tk.name })}
                          className="button-danger"
                          confirm={t("tokens.revokeConfirm")}
                        />
                      </>
                    )}
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

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
