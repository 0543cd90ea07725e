import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The problems a dashboard page words itself (app/http/problem.server.ts `problemPage`); anything else is a failure. */
const WORDED = ["forbidden", "notFound", "badParameter"] as const;
type Worded = (typeof WORDED)[number];

/** An answer that is not a Problem (an address no route matches) is worded by its status. */
const BY_STATUS: Record<number, Worded> = { 403: "forbidden", 404: "notFound", 400: "badParameter" };

function wordedKind(error: unknown): Worded | "failed" {
  if (!isRouteErrorResponse(error)) return "failed";
  const kind = (error.data as { kind?: unknown } | null)?.kind;
  if (typeof kind === "string") return (WORDED as readonly string[]).includes(kind) ? (kind as Worded) : "failed";
  return BY_STATUS[error.status] ?? "failed";
}

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
  const body = isRouteErrorResponse(error) ? (error.data as { parameter?: string | null } | null) : null;
  const kind = wordedKind(error);
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
