import viCommon from "#locales/vi/common.json";
import viSurvey from "#locales/vi/survey.json";
import viStaff from "#locales/vi/staff.json";
import viExports from "#locales/vi/exports.json";
import enCommon from "#locales/en/common.json";
import enSurvey from "#locales/en/survey.json";
import enStaff from "#locales/en/staff.json";
import enExports from "#locales/en/exports.json";

/** Vietnamese is the source language and the default, whatever the browser says. */
export const supportedLngs = ["vi", "en"];
export const fallbackLng = "vi";
export const defaultNS = "common";

export const resources = {
  vi: { common: viCommon, survey: viSurvey, staff: viStaff, exports: viExports },
  en: { common: enCommon, survey: enSurvey, staff: enStaff, exports: enExports },
};

export const i18nConfig = {
  supportedLngs,
  fallbackLng,
  defaultNS,
  ns: ["common", "survey", "staff", "exports"],
  resources,
  interpolation: { escapeValue: false },
};

/** For the React side: translations are in the bundle, so nothing suspends. */
export const reactI18nOptions = { useSuspense: false };
