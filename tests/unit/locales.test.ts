import { describe, expect, test } from "vitest";
import { resources } from "~/i18n/i18n";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe("the translations", () => {
  for (const ns of Object.keys(resources.vi) as Array<keyof typeof resources.vi>) {
    test(`English has every Vietnamese string of "${ns}" and no other`, () => {
      expect(keys(resources.en[ns]).sort()).toEqual(keys(resources.vi[ns]).sort());
    });
    test(`no string of "${ns}" is empty`, () => {
      for (const lang of ["vi", "en"] as const) {
        const flat = keys(resources[lang][ns]);
        for (const key of flat) {
          const value = key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], resources[lang][ns]);
          expect(String(value).trim(), `${lang}:${ns}.${key}`).not.toBe("");
        }
      }
    });
  }
});
