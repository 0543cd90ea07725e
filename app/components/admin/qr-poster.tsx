import { useTranslation } from "react-i18next";
import type { Poster } from "~/modules/posters/types";

/**
 * One A4 poster for a counter. Citizens read it, so it is always in
 * Vietnamese, with one English line, whatever language the console is in.
 */
export function QrPoster({ poster, headingLevel = 1 }: { poster: Poster; headingLevel?: 1 | 2 }) {
  const { i18n } = useTranslation("admin-qr");
  const vi = i18n.getFixedT("vi", "admin-qr");
  const en = i18n.getFixedT("en", "admin-qr");
  const Heading = headingLevel === 1 ? "h1" : "h2";
  return (
    <article className="poster" lang="vi" data-code={poster.code}>
      <header className="poster-head">
        <p className="poster-agency">{poster.agencyName}</p>
        <Heading className="poster-point">{poster.pointName}</Heading>
      </header>
      <p className="poster-cta">{vi("poster.cta")}</p>
      <p className="poster-scan">{vi("poster.scan")}</p>
      <p className="poster-english" lang="en">
        {en("poster.cta")} {en("poster.scan")}.
      </p>
      <div
        className="poster-qr"
        role="img"
        aria-label={vi("poster.qrLabel", { url: poster.url })}
        dangerouslySetInnerHTML={{ __html: poster.svg }}
      />
      <p className="poster-type">{vi("poster.typeUrl")}</p>
      <p className="poster-url">{poster.displayUrl}</p>
      <footer className="poster-foot">
        <p className="poster-code">{vi("poster.pointCode", { code: poster.code })}</p>
        <p className="poster-privacy">{vi("poster.privacy")}</p>
      </footer>
    </article>
  );
}
