import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { fallbackLng, i18nConfig, supportedLngs } from "./i18n";

export const localeCookie = createCookie("hl_lang", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/** `?lang=` first, then the cookie a previous `?lang=` left; never the browser's header. */
export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: supportedLngs,
    fallbackLanguage: fallbackLng,
    searchParamKey: "lang",
    cookie: localeCookie,
    order: ["searchParams", "cookie"],
  },
  i18next: i18nConfig,
});
