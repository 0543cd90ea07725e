import viCommon from "#locales/vi/common.json";
import viSurvey from "#locales/vi/survey.json";
import viStaff from "#locales/vi/staff.json";
import enCommon from "#locales/en/common.json";
import enSurvey from "#locales/en/survey.json";
import enStaff from "#locales/en/staff.json";

/** Vietnamese is the source language and the default, whatever the browser says. */
export const supportedLngs = ["vi", "en"];
export const fallbackLng = "vi";
export const defaultNS = "common";

export const resources = {
  vi: { common: viCommon, survey: viSurvey, staff: viStaff },
  en: { common: enCommon, survey: enSurvey, staff: enStaff },
};

export const i18nConfig = {
  supportedLngs,
  fallbackLng,
  defaultNS,
  ns: ["common", "survey", "staff"],
  resources,
  interpolation: { escapeValue: false },
};

/** For the React side: translations are in the bundle, so nothing suspends. */
export const reactI18nOptions = { useSuspense: false };
