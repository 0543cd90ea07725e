import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { enqueue } from "~/modules/outbox/outbox.service.server";
import { launchPhones } from "../setup/browser";
import { openServerDatabase } from "../setup/server-database";
import { csrfOf, postAdminForm, signInOnPage } from "./support/admin";
import { getAs, signIn } from "./support/callers";
import { wcagViolations } from "./support/axe";

/*
 * An administrator finds a message that could not be sent at /admin/outbox
 * on a phone, reads why (the recipient masked), and sends it again. The
 * shared server has no SMTP_URL or SMS_WEBHOOK_URL: its messages wait there.
 */

const db = openServerDatabase();
let phones: Awaited<ReturnType<typeof launchPhones>>;
const stamp = Date.now();
const FAILED_KEY = `e2e-outbox:${stamp}:sms`;
const WAITING_KEY = `e2e-outbox:${stamp}:email`;
let failedId = 0;

beforeAll(async () => {
  phones = await launchPhones();
  const at = new Date(Date.now() - 60 * 60 * 1000);
  await db.transaction().execute((trx) =>
    enqueue(
      trx,
      [
        { channel: "sms", kind: "case_answered", recipient: "0987654321", subject: null, body: "Ý kiến của ông/bà đã được trả lời.", idempotencyKey: FAILED_KEY, about: { type: "case", id: 41 } },
        { channel: "email", kind: "apology_sent", recipient: "pham.thu@example.vn", subject: "Thư xin lỗi", body: "Xin lỗi bà.", idempotencyKey: WAITING_KEY, about: { type: "apology", id: 9 } },
      ],
      at,
    ),
  );
  // As a worker leaves a message after its last attempt.
  await db.updateTable("outbox_messages").set({ status: "failed", attempts: 8, last_error: "HTTP 422" }).where("idempotency_key", "=", FAILED_KEY).execute();
  failedId = (await db.selectFrom("outbox_messages").select("id").where("idempotency_key", "=", FAILED_KEY).executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await phones.close();
  await db.destroy();
});

const horizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe("/admin/outbox", () => {
  test("an administrator reads a failed message's error, masked, and sends it again; the audit log says so", async () => {
    const { page, close } = await phones.openPhone();
    try {
      await signInOnPage(page, "admin@demo.vn", "/admin");
      await page.getByRole("link", { name: "Thông báo gửi đi" }).click();
      await page.waitForURL(/\/admin\/outbox$/);
      await page.getByRole("heading", { level: 1, name: "Thông báo gửi đi" }).waitFor();
      expect(await page.title()).toBe("Thông báo gửi đi · Quản trị · Hài Lòng");

      const failed = page.locator(`tr[data-message-id="${failedId}"]`);
      expect(await failed.getAttribute("data-status")).toBe("failed");
      const text = (await failed.textContent()) ?? "";
      expect(text).toContain("Trả lời ý kiến");
      expect(text).toContain("09•••••321");
      expect(text).toContain("HTTP 422");
      expect(text).toContain("8/8");
      expect(text).toContain("Ý kiến #41");
      const html = await page.content();
      expect(html).not.toMatch(/0987654321|pham\.thu@/);
      // Without SMTP_URL, e-mail waits, and the page says why.
      expect(await page.locator('li[data-channel="email"]').textContent()).toContain("chưa cấu hình (SMTP_URL)");
      expect(await page.locator(`tr:has-text("p•••@example.vn")`).first().getAttribute("data-status")).toBe("pending");

      expect(await wcagViolations(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);
      await page.screenshot({ path: "/tmp/outbox-failed.png", fullPage: true });

      await Promise.all([page.waitForURL(/\/admin\/outbox\?retried=1$/), failed.getByRole("button", { name: /Gửi lại ngay/ }).click()]);
      await page.getByRole("status").filter({ hasText: "Đã đưa thông báo vào hàng chờ gửi lại." }).waitFor();
      expect(await page.locator(`tr[data-message-id="${failedId}"]`).getAttribute("data-status")).toBe("pending");
      expect(await db.selectFrom("outbox_messages").select(["status", "attempts"]).where("id", "=", failedId).executeTakeFirstOrThrow()).toEqual({ status: "pending", attempts: 0 });

      await page.goto("/admin/audit?entity=outbox_message");
      const entry = page.locator('tr[data-entity="outbox_message"][data-action="retry"]').first();
      expect(await entry.textContent()).toContain("case_answered · 09•••••321");

      await page.goto("/admin/outbox?lang=en");
      await page.getByRole("heading", { level: 1, name: "Outbox" }).waitFor();
      expect(await page.locator('li[data-channel="sms"]').textContent()).toContain("not set up (SMS_WEBHOOK_URL)");
      expect(await page.locator(`tr[data-message-id="${failedId}"]`).textContent()).toContain("Feedback answered");
    } finally {
      await close();
    }
  });

  test("a manager gets 403 on the page and the retry; a post from another site is refused", async () => {
    const manager = await signIn("manager.land@demo.vn");
    const page = await getAs({ cookie: manager }, "/admin/outbox");
    expect(page.status).toBe(403);
    expect(await page.text()).not.toContain("09•••••321");
    await db.updateTable("outbox_messages").set({ status: "failed" }).where("id", "=", failedId).execute();
    expect((await postAdminForm(manager, "/admin/outbox", { intent: "retry", id: String(failedId) }, { csrf: await csrfOf(await signIn("admin@demo.vn")) })).status).toBe(403);

    const admin = await signIn("admin@demo.vn");
    const forged = await postAdminForm(admin, "/admin/outbox", { intent: "retry", id: String(failedId) }, { csrf: await csrfOf(admin), origin: "https://evil.example" });
    expect(forged.status).toBe(403);
    expect((await db.selectFrom("outbox_messages").select("status").where("id", "=", failedId).executeTakeFirstOrThrow()).status).toBe("failed");

    const done = await postAdminForm(admin, "/admin/outbox", { intent: "retry", id: String(failedId) }, { csrf: await csrfOf(admin) });
    expect(done.status).toBe(303);
    expect(done.headers.get("Location")).toBe("/admin/outbox?retried=1");
  });
});
