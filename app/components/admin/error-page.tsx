import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * What an admin page shows when it cannot do what was asked: not an
 * administrator (403), a form from another site or an expired page (403
 * "csrf"), something that does not exist (404), a malformed post (400/413) —
 * in words, with a way on, never a stack trace.
 */
/** The page each kind of problem (app/domain/problem.ts) shows; a body refused before it was read is a "bad request" page. */
const PAGE_OF_KIND: Partial<Record<string, "csrf" | "forbidden" | "notFound" | "badRequest">> = {
  csrf: "csrf",
  forbidden: "forbidden",
  notFound: "notFound",
  badRequest: "badRequest",
  tooLarge: "badRequest",
  unsupportedMediaType: "badRequest",
};

export function AdminErrorPage() {
  const error = useRouteError();
  const { t } = useTranslation("admin");
  if (!isRouteErrorResponse(error)) console.error(error);
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const kind = isRouteErrorResponse(error) ? (error.data as { kind?: string } | null)?.kind : undefined;
  const which = (kind && PAGE_OF_KIND[kind]) ?? (status === 403 ? "forbidden" : status === 404 ? "notFound" : status === 400 || status === 413 || status === 415 ? "badRequest" : "failed");
  return (
    <section className="error-page" data-status={status}>
      <h1>{t(`errorPage.${which}.title`)}</h1>
      <p>{t(`errorPage.${which}.body`)}</p>
      <p>{which === "forbidden" ? <Link to="/dashboard">{t("toDashboard")}</Link> : <Link to="/admin">{t("errorPage.back")}</Link>}</p>
    </section>
  );
}
