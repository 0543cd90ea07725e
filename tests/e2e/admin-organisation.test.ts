import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchPhones, type Phone } from "../setup/browser";
import { openServerDatabase } from "../setup/server-database";
import { signInOnPage } from "./support/admin";
import { wcagViolations } from "./support/axe";

/*
 * An administrator on a phone sets up a new counter: an agency, then a
 * service point under it. The suite shares one server and database, so this
 * file makes its own agency and point (unique codes) and removes them after.
 */

const db = openServerDatabase();
const SUFFIX = Date.now().toString(36).toUpperCase();
const AGENCY = `e2e-${SUFFIX.toLowerCase()}`;
const POINT = `E2E-${SUFFIX}-01`;
const HOSTILE_NAME = `<img src=x onerror="document.title='hacked'"> Quầy thử`;

let phones: Awaited<ReturnType<typeof launchPhones>>;
let phone: Phone;
let page: Page;

beforeAll(async () => {
  phones = await launchPhones();
  phone = await phones.openPhone({ width: 390 });
  page = phone.page;
  await signInOnPage(page, "admin@demo.vn", "/admin/agencies");
});

afterAll(async () => {
  await phone?.close();
  await phones?.close();
  // Leave the shared database as the other test files expect it.
  const points = db.selectFrom("service_points").select("id").where("code", "like", `E2E-${SUFFIX}-%`);
  await db.deleteFrom("service_point_sectors").where("service_point_id", "in", points).execute();
  await db.deleteFrom("service_points").where("code", "like", `E2E-${SUFFIX}-%`).execute();
  await db.deleteFrom("agencies").where("code", "=", AGENCY).execute();
  await db.destroy();
});

/** How far the page scrolls sideways, and the elements sticking out (to say what to fix). */
async function horizontalOverflow(): Promise<{ overflow: number; wide: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = Array.from(document.querySelectorAll<HTMLElement>("main *"))
      .filter((e) => e.getBoundingClientRect().right > width + 1)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}`)
      .slice(0, 5);
    return { overflow: document.documentElement.scrollWidth - width, wide };
  });
}

async function submit(name: RegExp) {
  await page.getByRole("button", { name }).click();
}

describe("setting up a new counter on a phone", () => {
  test("an administrator creates an agency through the form", async () => {
    await page.goto("/admin/agencies");
    await page.getByLabel("Mã cơ quan").fill(AGENCY);
    await page.getByLabel("Tên cơ quan (tiếng Việt)").fill("Trung tâm thử nghiệm tự động");
    await page.getByLabel("Trực thuộc").selectOption({ label: "Trung tâm Phục vụ hành chính công tỉnh Nghệ An" });
    await submit(/Tạo cơ quan/);
    await page.waitForURL(`**/admin/agencies/${AGENCY}?saved=1`);
    await expect(page.locator(".flash").textContent()).resolves.toContain("Đã lưu");
    await page.goto("/admin/agencies");
    await expect(page.locator(`.agency-row[data-code="${AGENCY}"]`).count()).resolves.toBe(1);
  });

  test("then a service point under it, whose page links to its QR poster", async () => {
    await page.goto(`/admin/service-points/new?agency=${AGENCY}`);
    await page.getByLabel("Mã điểm phục vụ").fill(POINT.toLowerCase());
    await page.getByLabel("Tên điểm phục vụ (tiếng Việt)").fill(HOSTILE_NAME);
    await page.getByLabel("Đất đai").check();
    await submit(/Tạo điểm phục vụ/);
    await page.waitForURL(`**/admin/service-points/${POINT}?saved=1`);
    await page.locator("h1", { hasText: HOSTILE_NAME }).waitFor();
    expect(await page.title()).not.toBe("hacked");
    await expect(page.getByRole("link", { name: "In áp phích QR" }).getAttribute("href")).resolves.toBe(`/admin/posters/${POINT}`);
  });

  test("a duplicate code is refused, with the error beside the code and what was typed kept", async () => {
    await page.goto("/admin/service-points/new");
    await page.getByLabel("Mã điểm phục vụ").fill(POINT);
    await page.getByLabel("Tên điểm phục vụ (tiếng Việt)").fill("Quầy trùng mã");
    await page.getByLabel("Cơ quan quản lý").selectOption({ label: "— Trung tâm thử nghiệm tự động" });
    await page.getByLabel("Xây dựng").check();
    await submit(/Tạo điểm phục vụ/);
    await page.locator(".error-summary").waitFor();
    await expect(page.locator("#field-code-error").textContent()).resolves.toContain("Mã này đã được dùng");
    await expect(page.getByLabel("Mã điểm phục vụ").getAttribute("aria-describedby")).resolves.toContain("field-code-error");
    await expect(page.getByLabel("Tên điểm phục vụ (tiếng Việt)").inputValue()).resolves.toBe("Quầy trùng mã");
    await expect(page.getByLabel("Xây dựng").isChecked()).resolves.toBe(true);
    expect((await horizontalOverflow()).overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: "/tmp/org-service-point-form.png", fullPage: true });
    expect(await db.selectFrom("service_points").select("id").where("name_vi", "=", "Quầy trùng mã").executeTakeFirst()).toBeUndefined();
  });

  test.each([
    ["/admin/sectors"],
    ["/admin/sectors/land"],
    ["/admin/agencies"],
    [`/admin/agencies/${AGENCY}`],
    ["/admin/service-points"],
    ["/admin/service-points/new"],
    [`/admin/service-points/${POINT}`],
  ])("%s has no WCAG 2.1 AA violations axe can find and fits a 390 px screen", async (path) => {
    await page.goto(path);
    await page.screenshot({ path: `/tmp/org-${path.split("/").slice(2).join("-").replace(/[^\w-]/g, "") || "admin"}.png`, fullPage: true });
    expect(await wcagViolations(page)).toEqual([]);
    expect(await horizontalOverflow()).toMatchObject({ overflow: 0, wide: [] });
  });
});

test("without JavaScript the forms are plain posts: a refused one comes back with its errors", async () => {
  const plain = await phones.openPhone({ javaScriptEnabled: false });
  try {
    const p = plain.page;
    await signInOnPage(p, "admin@demo.vn", "/admin/sectors/new");
    await p.getByLabel("Mã lĩnh vực").fill("land");
    await p.getByLabel("Tên lĩnh vực (tiếng Việt)").fill("Đất đai lần nữa");
    const [response] = await Promise.all([p.waitForEvent("response", (r) => r.request().method() === "POST"), p.getByRole("button", { name: "Tạo lĩnh vực" }).click()]);
    expect(response.status()).toBe(400);
    await expect(p.locator("#field-code-error").textContent()).resolves.toContain("Mã này đã được dùng");
    await expect(p.getByLabel("Tên lĩnh vực (tiếng Việt)").inputValue()).resolves.toBe("Đất đai lần nữa");
  } finally {
    await plain.close();
  }
});
