import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/error-page";
import { AdminShell } from "~/components/admin/shell";
import { requireAdmin } from "~/services/admin.server";
import { csrfTokenFor } from "~/services/auth.server";
import { requestLocale } from "~/services/dashboard.server";
import { otherLanguageHref } from "~/services/locale-url";
import type { RouteHandle } from "~/services/route-handle";
import adminStyles from "~/styles/admin.css?url";
import dashboardStyles from "~/styles/dashboard.css?url";

export const handle: RouteHandle = { i18n: ["common", "staff", "admin"] };

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: dashboardStyles },
  { rel: "stylesheet", href: adminStyles },
];

export const meta: MetaFunction = () => [{ title: "Hài Lòng · Quản trị" }];

/** The frame of every admin page: administrators only, with the anti-forgery token its forms carry. */
export async function loader({ request }: LoaderFunctionArgs) {
  const principal = await requireAdmin(request);
  const locale = await requestLocale(request);
  return {
    user: { name: principal.name, role: principal.role },
    csrf: (await csrfTokenFor(request)) ?? "",
    locale,
    languageSwitch: otherLanguageHref(new URL(request.url), locale),
  };
}

export default function AdminLayout() {
  const { user, languageSwitch } = useLoaderData<typeof loader>();
  return (
    <AdminShell user={user} languageSwitch={languageSwitch}>
      <Outlet />
    </AdminShell>
  );
}

/** The frame itself failed (a manager, a viewer): no admin navigation, just why and a way back. */
export function ErrorBoundary() {
  const frame = useRouteLoaderData<typeof loader>("routes/admin");
  return (
    <AdminShell user={frame?.user ?? null}>
      <AdminErrorPage />
    </AdminShell>
  );
}
