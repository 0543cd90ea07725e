import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/error-page";
import { ADMIN_SECTIONS, AdminShell } from "~/components/admin/shell";
import { csrfTokenFor } from "~/modules/accounts/sessions.service.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { resources } from "~/i18n/i18n";
import { otherLanguageHref } from "~/i18n/locale-url";
import type { RouteHandle } from "~/http/route-handle";
import adminStyles from "~/styles/admin.css?url";
import dashboardStyles from "~/styles/dashboard.css?url";
import { requirePermission } from "~/http/permissions.server";

export const handle: RouteHandle = { i18n: ["common", "staff", "admin"] };

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: dashboardStyles },
  { rel: "stylesheet", href: adminStyles },
];

/**
 * Every admin page is titled after its section ("Điểm phục vụ · Quản trị ·
 * Hài Lòng"), in the page's language, unless the page names itself.
 */
export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const strings = resources[data?.locale ?? "vi"].admin;
  const section = [...ADMIN_SECTIONS]
    .sort((a, b) => b.to.length - a.to.length)
    .find((s) => location.pathname === s.to || location.pathname.startsWith(`${s.to}/`));
  const name = section ? strings.nav[section.key] : strings.short;
  return [{ title: section && section.key !== "overview" ? `${name} · ${strings.short} · Hài Lòng` : `${strings.short} · Hài Lòng` }];
};

/** The frame of every admin page: administrators only, with the anti-forgery token its forms carry. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requirePermission({ request, context }, "admin:manage");
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
