import { NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Locale } from "~/domain/questionnaire";
import { StaffBar } from "../staff-bar";

/** The console's sections, in the order an administrator sets a province up. */
export const ADMIN_SECTIONS = [
  { to: "/admin", key: "overview", end: true },
  { to: "/admin/sectors", key: "sectors" },
  { to: "/admin/agencies", key: "agencies" },
  { to: "/admin/service-points", key: "servicePoints" },
  { to: "/admin/questionnaires", key: "questionnaires" },
  { to: "/admin/plan", key: "plan" },
  { to: "/admin/publication", key: "publication" },
  { to: "/admin/posters", key: "posters" },
  { to: "/admin/tickets", key: "tickets" },
  { to: "/admin/kiosks", key: "kiosks" },
  { to: "/admin/users", key: "users" },
  { to: "/admin/tokens", key: "tokens" },
  { to: "/admin/audit", key: "audit" },
  { to: "/admin/outbox", key: "outbox" },
] as const;

/** The administrators' frame: who is signed in, language, sign-out and the console's sections. */
export function AdminShell({
  user,
  languageSwitch,
  children,
}: {
  user: { name: string; role: string } | null;
  languageSwitch?: { href: string; lang: Locale };
  children: ReactNode;
}) {
  const { t } = useTranslation(["admin", "staff", "common"]);
  return (
    <div className="dash admin">
      <a className="skip-link" href="#main">
        {t("common:skipToContent")}
      </a>
      <header className="dash-header">
        <StaffBar
          home="/admin"
          section={t("admin:short")}
          user={user}
          languageSwitch={languageSwitch}
          links={
            <a className="lang-switch" href="/dashboard">
              {t("admin:toDashboard")}
            </a>
          }
        />
        {user ? (
          <nav className="dash-nav" aria-label={t("admin:nav.label")}>
            <ul>
              {ADMIN_SECTIONS.map((s) => (
                <li key={s.to}>
                  <NavLink to={s.to} end={"end" in s ? s.end : false}>
                    {t(`admin:nav.${s.key}`)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main" className="dash-main admin-main">
        {children}
      </main>
    </div>
  );
}
