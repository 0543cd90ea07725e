import fs from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../setup/browser";
import { openServerDatabase } from "../setup/server-database";
import { signInOnPage } from "./support/admin";
import { decodeQr, expectA4, pdfPages } from "./support/print";
import { choose, send, VIETNAMESE_CHOICES } from "./support/survey-page";
import { wcagViolations } from "./support/axe";

/*
 * An administrator prints a counter's poster and a sheet of ticket labels in
 * a real chromium: one A4 page per poster, QR codes that a camera reads as
 * the exact survey address, and a ticket that opens the citizen's survey.
 */

const baseUrl = inject("baseUrl");
const db = openServerDatabase();
/** A4 at 96 px per inch: what a poster looks like on paper. */
const A4_VIEWPORT = { width: 794, height: 1123 };

let browser: Browser;
let admin: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  admin = await browser.newContext({ viewport: A4_VIEWPORT, baseURL: baseUrl, acceptDownloads: true });
  page = await admin.newPage();
  await signInOnPage(page, "admin@demo.vn", "/admin/posters");
});
afterAll(async () => {
  await browser?.close();
  await db.destroy();
});

describe("QR posters", () => {
  test("the poster list has a poster, SVG and PNG per counter and a print-all per agency, with no axe violations", async () => {
    await page.goto("/admin/posters");
    await expect.poll(() => page.locator("tr[data-code]").count()).toBeGreaterThanOrEqual(10);
    const row = page.locator('tr[data-code="TT-DD-01"]');
    expect(await row.locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href")))).toEqual([
      "/admin/posters/TT-DD-01",
      "/admin/posters/TT-DD-01.svg",
      "/admin/posters/TT-DD-01.png",
    ]);
    expect(await page.locator('a[href="/admin/posters/agency/ttphvhcc"]').count()).toBe(1);
    expect(await wcagViolations(page)).toEqual([]);
    await page.screenshot({ path: "/tmp/qr-list.png", fullPage: true });
  });

  test("a poster prints on exactly one A4 page and its QR reads as the counter's survey address", async () => {
    await page.goto("/admin/posters");
    await page.getByRole("link", { name: /Áp phích của TT-DD-01/ }).click();
    await page.waitForURL(/\/admin\/posters\/TT-DD-01$/);
    await page.locator(".poster-qr svg").waitFor();
    expect(await wcagViolations(page)).toEqual([]);

    const expected = `${baseUrl}/s/TT-DD-01`;
    expect(decodeQr(await page.locator(".poster-qr").screenshot())).toBe(expected);
    await expect.poll(() => page.locator(".poster-url").textContent()).toBe(expected.replace(/^https?:\/\//, ""));

    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    fs.writeFileSync("/tmp/qr-poster.pdf", pdf);
    const { count, sizes } = pdfPages(pdf);
    expect(count).toBe(1);
    expectA4(sizes);

    // What the paper shows: the admin frame and buttons gone, the QR large.
    await page.emulateMedia({ media: "print" });
    try {
      expect(await page.locator(".dash-header").isVisible()).toBe(false);
      expect(await page.getByRole("button", { name: "In áp phích" }).isVisible()).toBe(false);
      const box = (await page.locator(".poster-qr").boundingBox())!;
      // 130 mm at 96 px per inch.
      expect(box.width).toBeGreaterThan(480);
      expect(box.width).toBeLessThan(500);
      await page.screenshot({ path: "/tmp/qr-poster.png", fullPage: true });
    } finally {
      await page.emulateMedia({ media: null });
    }
  });

  test("the PNG download is named after the counter and decodes to its survey address", async () => {
    await page.goto("/admin/posters/BV-KKB");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Tải mã QR (PNG)" }).click()]);
    expect(download.suggestedFilename()).toBe("poster-BV-KKB.png");
    const png = fs.readFileSync((await download.path())!);
    expect(PNG.sync.read(png).width).toBeGreaterThanOrEqual(1200);
    expect(decodeQr(png)).toBe(`${baseUrl}/s/BV-KKB`);

    const svg = await admin.request.get("/admin/posters/BV-KKB.svg");
    expect(svg.status()).toBe(200);
    expect(svg.headers()["content-disposition"]).toBe('attachment; filename="poster-BV-KKB.svg"');
    expect(await svg.text()).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/);
    expect((await admin.request.get("/admin/posters/NOPE.png")).status()).toBe(404);
    expect((await admin.request.get("/admin/posters/NOPE")).status()).toBe(404);
  });

  test("a whole agency prints one page per active counter, sub-agencies included", async () => {
    await page.goto("/admin/posters/agency/ttphvhcc");
    const posters = await page.locator("article.poster").count();
    const active = await db
      .selectFrom("service_points as p")
      .innerJoin("agencies as a", "a.id", "p.agency_id")
      .leftJoin("agencies as parent", "parent.id", "a.parent_id")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("p.active", "=", 1)
      .where((eb) => eb.or([eb("a.code", "=", "ttphvhcc"), eb("parent.code", "=", "ttphvhcc")]))
      .executeTakeFirstOrThrow();
    expect(posters).toBe(Number(active.n));
    expect(posters).toBeGreaterThanOrEqual(2);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    fs.writeFileSync("/tmp/qr-agency.pdf", pdf);
    const { count, sizes } = pdfPages(pdf);
    expect(count).toBe(posters);
    expectA4(sizes);
  });
});

describe("per-dossier tickets", () => {
  test("an administrator mints a batch, prints its label sheet, and a ticket opens the survey once", async () => {
    await page.goto("/admin/tickets");
    expect(await wcagViolations(page)).toEqual([]);

    // A bad count is shown beside the field; nothing minted.
    await page.getByLabel("Điểm phục vụ").selectOption("HN-01");
    await page.getByLabel("Số phiếu").fill("501");
    await page.getByRole("button", { name: "Phát hành và mở tờ in" }).click();
    await page.locator(".error-summary").waitFor();
    expect(await page.locator("#field-count-error").textContent()).toBe("Không được lớn hơn 500.");
    expect(await page.locator("#field-sector-error").textContent()).toBe("Xin điền mục này.");
    expect(await wcagViolations(page)).toEqual([]);
    await page.screenshot({ path: "/tmp/qr-tickets-errors.png", fullPage: true });
    // Long counter names in the select do not push the form off the page.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

    await page.getByLabel("Lĩnh vực").selectOption("admin");
    await page.getByLabel("Số phiếu").fill("25");
    await Promise.all([page.waitForURL(/\/admin\/tickets\/\d+$/), page.getByRole("button", { name: "Phát hành và mở tờ in" }).click()]);
    const labels = page.locator(".ticket-label");
    await labels.first().waitFor();
    expect(await labels.count()).toBe(25);
    expect(await page.locator(".label-sheet").count()).toBe(2);

    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    fs.writeFileSync("/tmp/qr-labels.pdf", pdf);
    const { count, sizes } = pdfPages(pdf);
    expect(count).toBe(2);
    expectA4(sizes);

    const token = (await labels.first().getAttribute("data-token"))!;
    expect(decodeQr(await labels.first().locator(".ticket-qr").screenshot({ scale: "device" }))).toBe(`${baseUrl}/s/HN-01?t=${token}`);
    await page.emulateMedia({ media: "print" });
    try {
      await page.screenshot({ path: "/tmp/qr-labels.png", fullPage: true });
    } finally {
      await page.emulateMedia({ media: null });
    }

    // The citizen scans it: the survey opens without asking the sector (the ticket names it).
    const citizen = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, baseURL: baseUrl });
    try {
      const phone = await citizen.newPage();
      const opened = await phone.goto(`/s/HN-01?t=${token}`);
      expect(opened!.status()).toBe(200);
      expect(await phone.locator("#q-overall").count()).toBe(1);
      expect(await phone.locator('input[name="t"], input[name="ticket"]').first().inputValue()).toBe(token);
      await phone.screenshot({ path: "/tmp/qr-ticket-survey.png" });
      await choose(phone, VIETNAMESE_CHOICES);
      expect((await send(phone)).status()).toBe(303);
      await phone.waitForURL(/\/s\/HN-01\/thanks/);
      // Used once: the same ticket is refused the second time.
      expect((await phone.goto(`/s/HN-01?t=${token}`))!.status()).toBe(409);
    } finally {
      await citizen.close();
    }

    await page.goto("/admin/tickets");
    const batchRow = page.locator("tr[data-batch]").first();
    expect(await batchRow.locator("td").nth(3).textContent()).toBe("25");
  });
});
