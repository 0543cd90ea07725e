import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../setup/browser";
import { openServerDatabase } from "../setup/server-database";
import { signInOnPage } from "./support/admin";
import { decodeQr, expectA4, pdfPages } from "./support/print";

/*
 * The "done when", in one browser: an administrator goes from nothing
 * to a new counter with a printed, scannable poster and a new questionnaire
 * version without touching code, and every step is in the audit log. The
 * suite shares one server and database: the counter is this file's own and
 * removed afterwards; the education questionnaire keeps its new wording (no
 * other test reads it).
 */

const baseUrl = inject("baseUrl");
const db = openServerDatabase();
const CODE = `THCS-${Date.now().toString(36).toUpperCase()}`;
const OLD_WORDING = "Môi trường học tập an toàn, thân thiện.";
const NEW_WORDING = `Môi trường học tập an toàn, thân thiện, không có bạo lực học đường (${CODE}).`;

let browser: Browser;
let adminContext: BrowserContext;
let admin: Page;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  adminContext = await browser.newContext({ viewport: { width: 1024, height: 900 }, baseURL: baseUrl });
  admin = await adminContext.newPage();
  await signInOnPage(admin, "admin@demo.vn", "/admin");
});

afterAll(async () => {
  await browser?.close();
  const point = db.selectFrom("service_points").select("id").where("code", "=", CODE);
  await db.deleteFrom("service_point_sectors").where("service_point_id", "in", point).execute();
  await db.deleteFrom("service_points").where("code", "=", CODE).execute();
  await db.destroy();
});

describe("from nothing to a new counter with a poster and a new questionnaire version", () => {
  test("the administrator creates the service point through the form", async () => {
    const school = await db.selectFrom("agencies").select("id").where("code", "=", "thpt-htk").executeTakeFirstOrThrow();
    await admin.goto("/admin/service-points/new");
    await admin.getByLabel("Mã điểm phục vụ").fill(CODE);
    await admin.getByLabel("Tên điểm phục vụ (tiếng Việt)").fill("Bộ phận tiếp nhận hồ sơ tuyển sinh");
    await admin.getByLabel("Cơ quan quản lý").selectOption(String(school.id));
    await admin.getByLabel("Giáo dục").check();
    await Promise.all([admin.waitForURL(`**/admin/service-points/${CODE}?saved=1`), admin.getByRole("button", { name: /Tạo điểm phục vụ/ }).click()]);
    expect(await admin.title()).toBe("Điểm phục vụ · Quản trị · Hài Lòng");
  });

  test("prints its poster: one A4 page whose QR decodes to the counter's survey address", async () => {
    await Promise.all([admin.waitForURL(`**/admin/posters/${CODE}`), admin.getByRole("link", { name: "In áp phích QR" }).click()]);
    await admin.locator(".poster-qr svg").waitFor();
    expect(await admin.locator(".poster").textContent()).toContain("Bộ phận tiếp nhận hồ sơ tuyển sinh");
    expect(decodeQr(await admin.locator(".poster-qr").screenshot())).toBe(`${baseUrl}/s/${CODE}`);
    const { count, sizes } = pdfPages(await admin.pdf({ preferCSSPageSize: true, printBackground: true }));
    expect(count).toBe(1);
    expectA4(sizes);
  });

  test("edits a question of the questionnaire the counter serves, and publishes a new version", async () => {
    const before = await db
      .selectFrom("questionnaire_versions as v")
      .innerJoin("questionnaires as q", "q.id", "v.questionnaire_id")
      .select((eb) => eb.fn.max("v.version").as("version"))
      .where("q.code", "=", "education")
      .executeTakeFirstOrThrow();
    const next = Number(before.version) + 1;

    await admin.goto("/admin/questionnaires/education");
    await Promise.all([
      admin.waitForURL((url) => url.pathname === "/admin/questionnaires/education/draft"),
      admin.getByRole("button", { name: "Tạo bản nháp mới" }).click(),
    ]);
    await admin.goto("/admin/questionnaires/education/draft?edit=environment");
    await admin.getByLabel("Nội dung tiếng Việt").fill(NEW_WORDING);
    await Promise.all([
      admin.waitForURL((url) => url.pathname === "/admin/questionnaires/education/draft" && !url.search.includes("edit=")),
      admin.getByRole("button", { name: "Lưu câu hỏi" }).click(),
    ]);
    // Publishing asks "are you sure?" first; the administrator is.
    const confirmations: string[] = [];
    admin.once("dialog", (dialog) => {
      confirmations.push(dialog.message());
      void dialog.accept();
    });
    await Promise.all([
      admin.waitForURL((url) => url.pathname === "/admin/questionnaires/education"),
      admin.getByRole("button", { name: `Công bố phiên bản v${next}` }).click(),
    ]);
    await admin.locator(`tr[data-version="${next}"][data-status="published"]`).waitFor();
    expect(confirmations).toHaveLength(1);
  });

  test("a citizen scanning the new poster sees the new wording at once", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, baseURL: baseUrl });
    try {
      const page = await phone.newPage();
      const response = await page.goto(`/s/${CODE}`);
      expect(response!.status()).toBe(200);
      const text = await page.locator("main").textContent();
      expect(text).toContain("Bộ phận tiếp nhận hồ sơ tuyển sinh");
      expect(text).toContain(NEW_WORDING);
      expect(text).not.toContain(OLD_WORDING);
    } finally {
      await phone.close();
    }
  });

  test("the audit log shows both changes, with who made them", async () => {
    await admin.goto(`/admin/audit?q=${encodeURIComponent(CODE)}`);
    const created = admin.locator('tr[data-entity="service_point"][data-action="create"]');
    expect(await created.count()).toBe(1);
    expect(await created.textContent()).toContain("Quản trị viên");

    await admin.goto("/admin/audit?q=education");
    const edited = admin.locator('tr[data-entity="question"][data-action="update_question"]', { hasText: "environment" });
    expect(await edited.first().textContent()).toContain(NEW_WORDING);
    expect(await admin.locator('tr[data-entity="questionnaire_version"][data-action="publish"]', { hasText: "education" }).count()).toBeGreaterThanOrEqual(1);
  });
});
