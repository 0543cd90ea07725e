import type { HeadersFunction, LinksFunction, MetaFunction } from "@remix-run/node";
import { i18nServer } from "~/i18n/i18n.server";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { KioskApp } from "~/components/kiosk/kiosk-app";
import type { RouteHandle } from "~/http/route-handle";
import kioskStyles from "~/styles/kiosk.css?url";

/**
 * The counter tablet (issue 12, docs/decisions/027-kiosk-offline.md). The
 * page is the same for every tablet — its pairing, questionnaire and queue
 * live in the tablet's IndexedDB — so the service worker can keep it and
 * serve it again with no network.
 */
export const handle: RouteHandle = { i18n: ["kiosk", "survey"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? "Hài Lòng" },
  { name: "robots", content: "noindex" },
];

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: kioskStyles },
  { rel: "manifest", href: "/kiosk.webmanifest" },
];

/** Never kept by a shared cache; the service worker keeps its own copy. */
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

/** In Vietnamese whatever the browser says: the tablet's page is one page for every tablet, cached as it is. */
export async function loader() {
  const t = await i18nServer.getFixedT("vi", "kiosk");
  return { title: `Hài Lòng — ${t("title")}` };
}

export default function KioskPage() {
  const { t } = useTranslation("kiosk");
  // IndexedDB exists only in the browser: the server sends the frame.
  const [client, setClient] = useState(false);
  useEffect(() => setClient(true), []);
  return client ? (
    <KioskApp />
  ) : (
    <div className="kiosk">
      <main className="kiosk-screen">
        <p className="kiosk-lead">{t("loading")}</p>
        <noscript>
          <p className="kiosk-lead">{t("noscript")}</p>
        </noscript>
      </main>
    </div>
  );
}
