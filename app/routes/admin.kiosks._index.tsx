import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminErrorPage } from "~/components/admin/error-page";
import { ActionButton } from "~/components/admin/form";
import { PairingCode } from "~/components/admin-kiosks/pairing-code";
import { idFromParam } from "~/domain/staff-accounts";
import { actorOf, answerForm, invalidForm, readForm } from "~/http/forms.server";
import { requirePermission } from "~/http/permissions.server";
import { problemPage } from "~/http/problem.server";
import type { RouteHandle } from "~/http/route-handle";
import { requestLocale } from "~/i18n/request-locale.server";
import { issueNewPairingCode, listKioskListings, revokeKiosk, shownPairingCode, shownTime } from "~/modules/kiosks/kiosks.service.server";
import kiosksStyles from "~/styles/admin-kiosks.css?url";
import usersStyles from "~/styles/admin-users.css?url";

export const handle: RouteHandle = { i18n: ["admin", "admin-users", "admin-kiosks"] };
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: usersStyles },
  { rel: "stylesheet", href: kiosksStyles },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const locale = await requestLocale(request);
  const kiosks = await listKioskListings(context.db);
  return {
    revoked: new URL(request.url).searchParams.get("saved") === "revoked",
    kiosks: kiosks.map((k) => ({
      id: k.id,
      name: k.name,
      point: `${k.servicePoint.code} — ${locale === "en" ? k.servicePoint.name.en : k.servicePoint.name.vi}`,
      status: k.status === "waiting" && k.pairingExpired ? ("waitingExpired" as const) : k.status,
      lastContactAt: shownTime(k.lastContactAt),
      lastQueued: k.lastQueued,
      lastAppVersion: k.lastAppVersion,
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requirePermission({ request, context }, "admin:manage");
  const form = await readForm(request);
  const id = idFromParam(form.get("id") ?? undefined);
  const intent = form.get("intent");
  if (id === null || (intent !== "revoke" && intent !== "newCode")) return invalidForm({ _form: { code: "invalid" } });
  if (intent === "revoke") return answerForm(await revokeKiosk(context.db, actorOf(principal), id), {}, () => "/admin/kiosks?saved=revoked");
  const outcome = await issueNewPairingCode(context.db, actorOf(principal), id);
  if (!outcome.ok) throw problemPage(outcome.problem);
  // The code is in this one answer only: never cached, stored only as a hash.
  return data({ issued: shownPairingCode(outcome.value) }, { headers: { "Cache-Control": "no-store" } });
}

export default function KiosksPage() {
  const { kiosks, revoked } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const issued = result && "issued" in result ? result.issued : null;
  const { t } = useTranslation(["admin-kiosks", "admin"]);
  return (
    <>
      <h1>{t("title")}</h1>
      {revoked ? (
        <p className="flash" role="status">
          {t("revokedFlash")}
        </p>
      ) : null}
      {issued ? (
        <>
          <h2>{t("code.title", { name: issued.name })}</h2>
          <PairingCode issued={issued} />
        </>
      ) : null}
      <p className="lead">{t("intro")}</p>
      <p className="page-actions">
        <Link className="button" to="/admin/kiosks/new">
          {t("new")}
        </Link>
      </p>
      {kiosks.length === 0 ? (
        <p className="empty">{t("empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table kiosks-table stacked-table">
            <caption className="visually-hidden">{t("caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("name")}</th>
                <th scope="col">{t("servicePoint")}</th>
                <th scope="col">{t("status")}</th>
                <th scope="col">{t("lastContact")}</th>
                <th scope="col">{t("queued")}</th>
                <th scope="col">{t("appVersion")}</th>
              </tr>
            </thead>
            <tbody>
              {kiosks.map((k) => (
                <tr key={k.id} data-kiosk-id={k.id}>
                  <th scope="row">{k.name}</th>
                  <td data-label={t("servicePoint")}>{k.point}</td>
                  <td data-label={t("status")}>
                    <span className={k.status === "revoked" ? "badge badge-inactive" : undefined} data-kiosk-status={k.status}>
                      {t(`statuses.${k.status}`)}
                    </span>
                    {k.status !== "revoked" ? (
                      <>
                        {" "}
                        <ActionButton intent="newCode" fields={{ id: k.id }} label={t("newCode", { name: k.name })} confirm={t("newCodeConfirm")} />{" "}
                        <ActionButton intent="revoke" fields={{ id: k.id }} label={t("revoke", { name: k.name })} className="button-danger" confirm={t("revokeConfirm")} />
                      </>
                    ) : null}
                  </td>
                  <td data-label={t("lastContact")}>{k.lastContactAt ? <time>{k.lastContactAt}</time> : t("never")}</td>
                  <td data-label={t("queued")}>{k.lastQueued ?? "—"}</td>
                  <td data-label={t("appVersion")}>{k.lastAppVersion ?? "—"}</td>
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
