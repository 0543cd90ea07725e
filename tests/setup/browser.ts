import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { inject } from "vitest";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Without the background-networking flags chromium floods the closed network. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A phone-sized, fresh browser profile (its own cookies, so its own "device"). */
export async function openPhone({ javaScriptEnabled = true } = {}): Promise<{
  context: BrowserContext;
  page: Page;
  close: () => Promise<void>;
}> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    javaScriptEnabled,
    baseURL: inject("baseUrl"),
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export type Phone = { context: BrowserContext; page: Page; close: () => Promise<void> };

type PhoneOptions = { javaScriptEnabled?: boolean; width?: number };

/**
 * One chromium for a whole test file: each phone it opens is a fresh context
 * (its own cookies, so its own "device") and is much quicker to open than a
 * new browser. Close every phone in its test, and the browser after the file.
 */
export async function launchPhones(): Promise<{
  openPhone: (options?: PhoneOptions) => Promise<Phone>;
  /** Opens a phone for `use` and closes it afterwards, whatever happens. */
  withPhone: (options: PhoneOptions, use: (phone: Phone) => Promise<void>) => Promise<void>;
  close: () => Promise<void>;
}> {
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const openPhone = async ({ javaScriptEnabled = true, width = 390 }: PhoneOptions = {}): Promise<Phone> => {
    const context = await browser.newContext({
      viewport: { width, height: 844 },
      isMobile: true,
      hasTouch: true,
      javaScriptEnabled,
      baseURL: inject("baseUrl"),
    });
    const page = await context.newPage();
    return { context, page, close: () => context.close() };
  };
  return {
    openPhone,
    withPhone: async (options, use) => {
      const phone = await openPhone(options);
      try {
        await use(phone);
      } finally {
        await phone.close();
      }
    },
    close: () => browser.close(),
  };
}

/** How far a page scrolls sideways (0: it fits the screen). */
export function sidewaysScroll(page: Phone["page"]): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
