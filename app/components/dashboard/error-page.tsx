import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * What a dashboard page shows instead of its figures: another sector's page
 * (403), an unknown sector (404) or a malformed address (400) — in words, with
 * a way back, and never a stack trace.
 */
export function DashboardErrorPage() {
  const error = useRouteError();
  const { t } = useTranslation("staff");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (!isRouteErrorResponse(error)) console.error(error);
  const body = isRouteErrorResponse(error) ? (error.data as { parameter?: string } | null) : null;
  const kind = status === 403 ? "forbidden" : status === 404 ? "notFound" : status === 400 ? "badParameter" : "failed";
  return (
    <section className="error-page" data-status={status}>
      <h1>{kind === "forbidden" ? t("forbidden.title") : t(`dashboard.errors.${kind}.title`)}</h1>
      <p>
        {kind === "forbidden"
          ? t("dashboard.errors.forbiddenBody")
          : t(`dashboard.errors.${kind}.body`, { parameter: body?.parameter ?? "" })}
      </p>
      <p>
        <Link to="/dashboard">{t("dashboard.errors.back")}</Link>
      </p>
    </section>
  );
}
