import type { LoaderFunctionArgs } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { PageShell } from "~/components/page-shell";
import { useCspNonce } from "~/http/csp-nonce";
import type { Locale } from "~/domain/questionnaire";
import { requestLocale } from "~/i18n/request-locale.server";
import type { RouteHandle } from "~/http/route-handle";
import stylesUrl from "~/styles/app.css?url";
import inlineStyles from "~/styles/app.css?inline";

export const handle: RouteHandle = { i18n: "common" };

export async function loader({ request }: LoaderFunctionArgs) {
  return { locale: await requestLocale(request) };
}

function useLocale(): Locale {
  return useRouteLoaderData<typeof loader>("root")?.locale ?? "vi";
}

/** Pages whose every route allows it get the framework's JavaScript. */
function useHydrate(): boolean {
  return useMatches().every((m) => (m.handle as RouteHandle | undefined)?.hydrate !== false);
}

export function Layout({ children }: { children: React.ReactNode }) {
  const locale = useLocale();
  const hydrate = useHydrate();
  const nonce = useCspNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0b4f8a" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <Meta />
        {/* A citizen's page comes from one QR scan: its small stylesheet is inlined
            rather than costing a second round trip on slow mobile data. */}
        {hydrate ? <link rel="stylesheet" href={stylesUrl} /> : <style dangerouslySetInnerHTML={{ __html: inlineStyles }} />}
        <Links />
      </head>
      <body>
        {children}
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  useChangeLanguage(useLocale());
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation("common");
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  // A form post from another site (the sign-in and sign-out forms): refused, nothing done.
  const crossSite = isRouteErrorResponse(error) && error.status === 403 && (error.data as { kind?: unknown } | null)?.kind === "csrf";
  if (!isRouteErrorResponse(error)) console.error(error);
  const [title, body] = notFound
    ? [t("error.notFoundTitle"), t("error.notFoundBody")]
    : crossSite
      ? [t("error.crossSiteTitle"), t("error.crossSiteBody")]
      : [t("error.title"), t("error.body")];
  return (
    <PageShell>
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <a href="/">{t("error.backHome")}</a>
      </p>
    </PageShell>
  );
}
