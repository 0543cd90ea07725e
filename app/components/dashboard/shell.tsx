import { NavLink, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Locale } from "~/domain/questionnaire";
import { StaffBar } from "../staff-bar";

/** What moves from page to page: the period, the flagged switch and the language (not a page's own filters). */
export function carriedFrom(search: string): string {
  const from = new URLSearchParams(search);
  const kept = new URLSearchParams();
  for (const name of ["period", "from", "to", "includeFlagged", "lang"]) {
    const value = from.get(name);
    if (value) kept.set(name, value);
  }
  const text = kept.toString();
  return text ? `?${text}` : "";
}

/** The staff frame: product name, who is signed in, sign-out, language, and the sectors in scope. */
export function DashboardShell({
  user,
  sectors,
  languageSwitch,
  pages = [],
  children,
}: {
  user: { name: string; role: string } | null;
  sectors: Array<{ code: string; name: string }>;
  languageSwitch?: { href: string; lang: Locale };
  /** The dashboard's pages beside the sectors (timeliness, apologies), as the frame names them. */
  pages?: Array<{ to: string; label: string }>;
  children: ReactNode;
}) {
  const { t } = useTranslation(["staff", "common"]);
  const location = useLocation();
  const carried = carriedFrom(location.search);
  return (
    <div className="dash">
      <a className="skip-link" href="#main">
        {t("common:skipToContent")}
      </a>
      <header className="dash-header">
        <StaffBar
          home="/dashboard"
          section={t("staff:dashboard.short")}
          user={user}
          languageSwitch={languageSwitch}
          links={
            user?.role === "administrator" ? (
              <a className="lang-switch" href="/admin">
                {t("staff:toAdmin")}
              </a>
            ) : null
          }
        />
        {sectors.length > 0 ? (
          <nav className="dash-nav" aria-label={t("staff:dashboard.nav.label")}>
            <ul>
              <li>
                <NavLink to={`/dashboard${carried}`} end>
                  {t("staff:dashboard.nav.overview")}
                </NavLink>
              </li>
              {sectors.map((s) => (
                <li key={s.code}>
                  <NavLink to={`/dashboard/sectors/${s.code}${carried}`}>{s.name}</NavLink>
                </li>
              ))}
              {pages.map((p) => (
                <li key={p.to}>
                  <NavLink to={`${p.to}${carried}`}>{p.label}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      {/* The address the page shows figures for: tests (and tools) can wait for the render, not just the URL. */}
      <main id="main" className="dash-main" data-url={location.pathname + location.search}>
        {children}
      </main>
    </div>
  );
}
