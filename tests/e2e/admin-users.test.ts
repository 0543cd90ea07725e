import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchPhones } from "../setup/browser";
import { openServerDatabase } from "../setup/server-database";
import { signInOnPage } from "./support/admin";
import { wcagViolations } from "./support/axe";

/*
 * An administrator opens an account for a new sector manager on a phone and
 * hands over the temporary password; the manager signs in on their own phone,
 * is asked for a new password first, and lands on the dashboard. The suite
 * shares one server: this file only creates its own account.
 */

const db = openServerDatabase();
let phones: Awaited<ReturnType<typeof launchPhones>>;
beforeAll(async () => {
  phones = await launchPhones();
});
afterAll(async () => {
  await phones.close();
  await db.destroy();
});

const horizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe("a new sector manager, from account to dashboard", () => {
  test("the administrator creates the account and reads the temporary password; the manager sets their own and lands on the dashboard", async () => {
    const email = `e2e.manager.${Date.now()}@nghean.gov.vn`;
    const admin = await phones.openPhone();
    const manager = await phones.openPhone();
    try {
      const page = admin.page;
      await signInOnPage(page, "admin@demo.vn", "/admin/users");
      await page.getByRole("heading", { level: 1, name: "Người dùng" }).waitFor();
      expect(await wcagViolations(page)).toEqual([]);
      await page.screenshot({ path: "/tmp/users-list.png", fullPage: true });

      await page.getByRole("link", { name: "Thêm người dùng" }).click();
      await page.waitForURL(/\/admin\/users\/new$/);
      expect(await wcagViolations(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);

      // A manager without a sector is refused beside the field, with the typed values kept.
      await page.getByLabel("Thư điện tử", { exact: true }).fill(email);
      await page.getByLabel("Họ và tên").fill("Phan Văn Thử");
      await page.getByLabel("Vai trò").selectOption("manager");
      await page.getByRole("button", { name: "Tạo tài khoản" }).click();
      await page.locator(".error-summary").waitFor();
      expect(await page.locator("#field-sectors-error").textContent()).toContain("Xin chọn ít nhất một mục");
      expect(await page.getByLabel("Thư điện tử", { exact: true }).inputValue()).toBe(email);
      expect(await wcagViolations(page)).toEqual([]);
      await page.screenshot({ path: "/tmp/users-form-errors.png", fullPage: true });

      await page.getByLabel("Đất đai").check();
      await page.getByRole("button", { name: "Tạo tài khoản" }).click();
      await page.getByRole("heading", { level: 1, name: /Đã tạo tài khoản cho Phan Văn Thử/ }).waitFor();
      const temporary = ((await page.getByTestId("one-time-secret").textContent()) ?? "").trim();
      expect(temporary).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
      expect(await page.getByText(/trao mật khẩu tạm này trực tiếp/).isVisible()).toBe(true);
      await page.screenshot({ path: "/tmp/users-created.png", fullPage: true });
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await db.selectFrom("users").select(["role", "must_change_password"]).where("email", "=", email).executeTakeFirst()).toEqual({
        role: "manager",
        must_change_password: 1,
      });

      // The manager, on their own phone.
      const phone = manager.page;
      await phone.goto("/login?redirectTo=%2Fdashboard");
      await phone.getByLabel("Thư điện tử").fill(email);
      await phone.getByLabel("Mật khẩu").fill(temporary);
      await Promise.all([phone.waitForURL(/\/account\/password\?redirectTo=%2Fdashboard$/), phone.locator("form button[type=submit]").click()]);
      await phone.getByRole("heading", { level: 1, name: "Đổi mật khẩu" }).waitFor();
      await phone.screenshot({ path: "/tmp/users-password.png", fullPage: true });
      expect(await wcagViolations(phone)).toEqual([]);
      expect(await horizontalOverflow(phone)).toBe(0);

      // Every staff page sends them back here until the password is changed.
      await phone.goto("/dashboard/sectors/land");
      await phone.waitForURL(/\/account\/password\?redirectTo=%2Fdashboard%2Fsectors%2Fland$/);

      const password = "Bến Thủy lúc hoàng hôn 2026";
      await phone.getByLabel("Mật khẩu mới", { exact: true }).fill(password);
      await phone.getByLabel("Nhập lại mật khẩu mới").fill(password);
      await Promise.all([phone.waitForURL(/\/dashboard\/sectors\/land$/), phone.getByRole("button", { name: "Lưu mật khẩu mới" }).click()]);
      await phone.getByRole("heading", { level: 1 }).waitFor();
      expect(await db.selectFrom("users").select("must_change_password").where("email", "=", email).executeTakeFirst()).toEqual({ must_change_password: 0 });
      await phone.goto("/dashboard");
      await phone.waitForURL(/\/dashboard$/);
      await phone.screenshot({ path: "/tmp/users-dashboard.png" });
    } finally {
      await admin.close();
      await manager.close();
    }
  }, 180_000);

  test("the user form of an existing account and the token pages have no axe violations", async () => {
    const admin = await phones.openPhone();
    try {
      const page = admin.page;
      await signInOnPage(page, "admin@demo.vn", "/admin/users");
      const viewer = await db.selectFrom("users").select("id").where("email", "=", "viewer@demo.vn").executeTakeFirstOrThrow();
      // Only looking: the demo accounts other tests sign in with are never changed here.
      await page.goto(`/admin/users/${viewer.id}`);
      await page.getByRole("heading", { level: 1 }).waitFor();
      expect(await wcagViolations(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);
      await page.screenshot({ path: "/tmp/users-edit.png", fullPage: true });
      await page.goto("/admin/tokens/new");
      expect(await wcagViolations(page)).toEqual([]);
      await page.getByLabel("Tên khoá").fill(`E2E kiosk ${Date.now()}`);
      await page.getByLabel("Vai trò").selectOption("kiosk");
      await page.getByRole("button", { name: "Tạo khoá" }).click();
      const secret = ((await page.getByTestId("one-time-secret").textContent()) ?? "").trim();
      expect(secret).toMatch(/^hl_/);
      await page.screenshot({ path: "/tmp/users-token-created.png", fullPage: true });
      await page.goto("/admin/tokens");
      expect(await wcagViolations(page)).toEqual([]);
      await page.screenshot({ path: "/tmp/users-tokens.png", fullPage: true });
    } finally {
      await admin.close();
    }
  }, 180_000);
});
