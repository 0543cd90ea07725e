import type { Locale } from "~/domain/questionnaire";
import { i18nServer } from "./i18n.server";

/** The language a request asks for (`?lang=`, then the cookie it left): English or, by default, Vietnamese. */
export async function requestLocale(request: Request): Promise<Locale> {
  return (await i18nServer.getLocale(request)) === "en" ? "en" : "vi";
}
