import viCommon from "#locales/vi/common.json";
import viSurvey from "#locales/vi/survey.json";
import viStaff from "#locales/vi/staff.json";
import viExports from "#locales/vi/exports.json";
import viAdmin from "#locales/vi/admin.json";
import viAdminOrg from "#locales/vi/admin-org.json";
import viAdminQuestionnaires from "#locales/vi/admin-questionnaires.json";
import viAdminUsers from "#locales/vi/admin-users.json";
import viAdminKiosks from "#locales/vi/admin-kiosks.json";
import viAdminQr from "#locales/vi/admin-qr.json";
import viAdminOutbox from "#locales/vi/admin-outbox.json";
import viTimeliness from "#locales/vi/timeliness.json";
import viCases from "#locales/vi/cases.json";
import viPlan from "#locales/vi/plan.json";
import viPublic from "#locales/vi/public.json";
import viModeration from "#locales/vi/moderation.json";
import viReport from "#locales/vi/report.json";
import viKiosk from "#locales/vi/kiosk.json";
import enCommon from "#locales/en/common.json";
import enSurvey from "#locales/en/survey.json";
import enStaff from "#locales/en/staff.json";
import enExports from "#locales/en/exports.json";
import enAdmin from "#locales/en/admin.json";
import enAdminOrg from "#locales/en/admin-org.json";
import enAdminQuestionnaires from "#locales/en/admin-questionnaires.json";
import enAdminUsers from "#locales/en/admin-users.json";
import enAdminKiosks from "#locales/en/admin-kiosks.json";
import enAdminQr from "#locales/en/admin-qr.json";
import enAdminOutbox from "#locales/en/admin-outbox.json";
import enTimeliness from "#locales/en/timeliness.json";
import enCases from "#locales/en/cases.json";
import enPlan from "#locales/en/plan.json";
import enPublic from "#locales/en/public.json";
import viRankings from "#locales/vi/rankings.json";
import enRankings from "#locales/en/rankings.json";
import enModeration from "#locales/en/moderation.json";
import enReport from "#locales/en/report.json";
import enKiosk from "#locales/en/kiosk.json";

/** Vietnamese is the source language and the default, whatever the browser says. */
export const supportedLngs = ["vi", "en"];
export const fallbackLng = "vi";
export const defaultNS = "common";

export const resources = {
  vi: {
    common: viCommon,
    survey: viSurvey,
    staff: viStaff,
    exports: viExports,
    admin: viAdmin,
    "admin-org": viAdminOrg,
    "admin-questionnaires": viAdminQuestionnaires,
    "admin-users": viAdminUsers,
    "admin-kiosks": viAdminKiosks,
    "admin-qr": viAdminQr,
    "admin-outbox": viAdminOutbox,
    timeliness: viTimeliness,
    cases: viCases,
    plan: viPlan,
    public: viPublic,
    rankings: viRankings,
    moderation: viModeration,
    report: viReport,
    kiosk: viKiosk,
  },
  en: {
    common: enCommon,
    survey: enSurvey,
    staff: enStaff,
    exports: enExports,
    admin: enAdmin,
    "admin-org": enAdminOrg,
    "admin-questionnaires": enAdminQuestionnaires,
    "admin-users": enAdminUsers,
    "admin-kiosks": enAdminKiosks,
    "admin-qr": enAdminQr,
    "admin-outbox": enAdminOutbox,
    timeliness: enTimeliness,
    cases: enCases,
    plan: enPlan,
    public: enPublic,
    rankings: enRankings,
    moderation: enModeration,
    report: enReport,
    kiosk: enKiosk,
  },
};

export const i18nConfig = {
  supportedLngs,
  fallbackLng,
  defaultNS,
  ns: Object.keys(resources.vi),
  resources,
  interpolation: { escapeValue: false },
};

/** For the React side: translations are in the bundle, so nothing suspends. */
export const reactI18nOptions = { useSuspense: false };
