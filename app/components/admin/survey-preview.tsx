import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * The citizen's survey of one version, in a frame as wide as a common phone
 * (390 px), in Vietnamese or English.
 */
export function SurveyPreview({ code, version, lang, switchHref }: { code: string; version: "draft" | number; lang: "vi" | "en"; switchHref: (lang: "vi" | "en") => string }) {
  const { t } = useTranslation("admin-questionnaires");
  return (
    <div className="q-preview">
      <p className="q-preview-langs">
        <span className="q-preview-label">{t("preview.language")}</span>
        {(["vi", "en"] as const).map((l) =>
          l === lang ? (
            <strong key={l} aria-current="true">
              {t(`preview.${l}`)}
            </strong>
          ) : (
            <Link key={l} to={switchHref(l)} lang={l}>
              {t(`preview.${l}`)}
            </Link>
          ),
        )}
      </p>
      <iframe className="q-preview-frame" title={t("preview.frameTitle")} src={`/admin/questionnaires/${encodeURIComponent(code)}/frame/${version}?lang=${lang}`} width={390} height={760} />
    </div>
  );
}
