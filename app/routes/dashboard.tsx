import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DashboardErrorPage } from "~/components/dashboard/error-page";
import { DashboardShell } from "~/components/dashboard/shell";
import { vietnamDate } from "~/domain/vietnam-time";
import { listVisibleSectors } from "~/modules/dashboard/dashboard.service.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { otherLanguageHref } from "~/i18n/locale-url";
import type { RouteHandle } from "~/http/route-handle";
import dashboardStyles from "~/styles/dashboard.css?url";
import rankingStyles from "~/styles/rankings.css?url";
import { requirePermission } from "~/http/permissions.server";

export const handle: RouteHandle = { i18n: ["common", "staff", "timeliness", "moderation"] };

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: dashboardStyles },
  { rel: "stylesheet", href: rankingStyles },
];

/** The frame of every dashboard page: who is signed in and the sectors they may see. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requirePermission({ request, context }, "dashboard:read");
  const locale = await requestLocale(request);
  return {
    user: { name: principal.name, role: principal.role },
    sectors: await listVisibleSectors(context.db, principal, vietnamDate(new Date()), locale),
    languageSwitch: otherLanguageHref(new URL(request.url), locale),
  };
}

/** The pages across sectors, after the sectors in the navigation. */
function useDashboardPages() {
  const { t } = useTranslation(["timeliness", "moderation"]);
  return [
    { to: "/dashboard/timeliness", label: t("nav.timeliness") },
    { to: "/dashboard/apologies", label: t("nav.apologies") },
    { to: "/dashboard/cases", label: t("nav.cases") },
    { to: "/dashboard/moderation", label: t("moderation:nav") },
  ];
}

export default function DashboardLayout() {
  const { user, sectors, languageSwitch } = useLoaderData<typeof loader>();
  const pages = useDashboardPages();
  return (
    <DashboardShell user={user} sectors={sectors} languageSwitch={languageSwitch} pages={pages}>
      <Outlet />
    </DashboardShell>
  );
}

/** Only when the frame itself fails; a page's own problems (403, 404, 400) render inside the frame. */
export function ErrorBoundary() {
  const frame = useRouteLoaderData<typeof loader>("routes/dashboard");
  const pages = useDashboardPages();
  return (
    <DashboardShell user={frame?.user ?? null} sectors={frame?.sectors ?? []} pages={frame ? pages : []}>
      <DashboardErrorPage />
    </DashboardShell>
  );
}
