import { useTranslation } from "react-i18next";
import type { Locale } from "~/domain/questionnaire";

/** The frame of every public page: the product name, the language switch, the content. */
export function PageShell({
  children,
  languageSwitch,
  wide = false,
}: {
  children: React.ReactNode;
  /** Where the switch to the other language leads; omitted, no switch is shown. */
  languageSwitch?: { href: string; lang: Locale };
  /** Tables of figures (the public results) need more than a survey's column on a wide screen. */
  wide?: boolean;
}) {
  const { t } = useTranslation("common");
  return (
    <>
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <header className="site-header">
        <a className="brand" href="/">
          {t("appName")}
        </a>
        {languageSwitch ? (
          <a className="lang-switch" href={languageSwitch.href} hrefLang={languageSwitch.lang} lang={languageSwitch.lang}>
            {t("languageSwitch")}
          </a>
        ) : null}
      </header>
      <main id="main" className={wide ? "page page-wide" : "page"}>
        {children}
      </main>
    </>
  );
}
