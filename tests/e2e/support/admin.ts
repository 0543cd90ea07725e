import type { Browser, Page } from "playwright-core";
import { expect, inject } from "vitest";
import { DEMO_PASSWORD } from "./callers";

/** Signs in through the login form in this browser page and lands on `redirectTo`. */
export async function signInOnPage(page: Page, email: string, redirectTo = "/admin"): Promise<void> {
  await page.goto(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  await page.getByLabel(/Email|Thư điện tử/i).fill(email);
  await page.getByLabel(/Mật khẩu|Password/i).fill(DEMO_PASSWORD);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/login")), page.locator("form button[type=submit]").click()]);
}

/** A fresh browser context signed in as `email` on `to`, `width` pixels wide; `close` ends it. */
export async function staffPage(browser: Browser, email: string, to: string, width = 1280): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, baseURL: inject("baseUrl"), acceptDownloads: true });
  const page = await context.newPage();
  await signInOnPage(page, email, to);
  return { page, close: () => context.close() };
}

/** The anti-forgery token of a session, read from an admin page as a browser would get it. */
export async function csrfOf(cookie: string, path = "/admin"): Promise<string> {
  const response = await fetch(`${inject("baseUrl")}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
  const html = await response.text();
  // A form's hidden field, or the admin frame's loader data the page carries for its forms.
  const match = /name="_csrf" value="([^"]+)"/.exec(html) ?? /\\?"csrf\\?",\\?"([\w-]+)\\?"/.exec(html);
  expect(match, `a _csrf field on ${path}`).not.toBeNull();
  return match![1]!;
}

/** Posts a form to the server under test as a signed-in browser would (same origin, token added unless given). */
export function postAdminForm(
  cookie: string,
  path: string,
  fields: Record<string, string | string[]>,
  options: { csrf?: string | null; origin?: string } = {},
): Promise<Response> {
  const body = new URLSearchParams();
  if (options.csrf) body.set("_csrf", options.csrf);
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  return fetch(`${inject("baseUrl")}${path}`, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", Origin: options.origin ?? inject("baseUrl") },
    body: body.toString(),
    redirect: "manual",
  });
}
