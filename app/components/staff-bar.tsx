import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Locale } from "~/domain/questionnaire";

/**
 * The top bar of every staff page: the product and where one is, who is
 * signed in, other places (`links`), language, password and sign-out.
 */
export function StaffBar({
  home,
  section,
  user,
  languageSwitch,
  links,
}: {
  home: string;
  section: string;
  user: { name: string; role: string } | null;
  languageSwitch?: { href: string; lang: Locale };
  links?: ReactNode;
}) {
  const { t } = useTranslation(["staff", "common"]);
  return (
    <div className="dash-bar">
      <a className="brand" href={home}>
        {t("common:appName")} <span className="brand-sub">· {section}</span>
      </a>
      <div className="dash-user">
        {user ? (
          <span className="user-name">
            {user.name} <span className="user-role">({t(`staff:dashboard.roles.${user.role}`, { defaultValue: user.role })})</span>
          </span>
        ) : null}
        {links}
        {languageSwitch ? (
          <a className="lang-switch" href={languageSwitch.href} hrefLang={languageSwitch.lang} lang={languageSwitch.lang}>
            {t("common:languageSwitch")}
          </a>
        ) : null}
        {user ? (
          <>
            <a className="lang-switch" href="/account/password">
              {t("staff:changePassword")}
            </a>
            <form method="post" action="/logout" className="logout-form">
              <button type="submit" className="logout-button">
                {t("staff:logout")}
              </button>
            </form>
          </>
        ) : null}
      </div>
    </div>
  );
}
