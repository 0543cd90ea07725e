import type { Locale } from "~/domain/questionnaire";

/** `path` in `locale`: Vietnamese is the default and needs no parameter. */
export function localizedHref(path: string, locale: Locale, params: Record<string, string | null> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== null) search.set(key, value);
  search.set("lang", locale);
  return `${path}?${search.toString()}`;
}

/** The same page in the other language. */
export function otherLanguageHref(url: URL, current: Locale): { href: string; lang: Locale } {
  const lang: Locale = current === "vi" ? "en" : "vi";
  const search = new URLSearchParams(url.search);
  search.set("lang", lang);
  return { href: `${url.pathname}?${search.toString()}`, lang };
}
