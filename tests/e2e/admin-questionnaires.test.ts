import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchPhones } from "../setup/browser";
import { signInOnPage } from "./support/admin";
import { wcagViolations } from "./support/axe";

/*
 * An administrator builds a questionnaire on a phone: creates it, adds
 * questions of two types, reorders them with JavaScript off, previews what
 * citizens will see and publishes. Its own questionnaire (a unique code): the
 * seeded ones belong to the other tests.
 */

const CODE = `e2e-${Date.now().toString(36)}`;
const BUILDER = `/admin/questionnaires/${CODE}/draft`;
let phones: Awaited<ReturnType<typeof launchPhones>>;
beforeAll(async () => {
  phones = await launchPhones();
});
afterAll(async () => {
  await phones.close();
});

async function keysInOrder(page: Page): Promise<string[]> {
  return page.locator(".q-list > li").evaluateAll((items) => items.map((li) => li.getAttribute("data-key") ?? ""));
}

test("an administrator creates, builds, reorders without JavaScript, previews and publishes a questionnaire at 390 px", async () => {
  const phone = await phones.openPhone();
  const noScript = await phones.openPhone({ javaScriptEnabled: false });
  try {
    const { page } = phone;
    page.on("dialog", (dialog) => void dialog.accept());
    await signInOnPage(page, "admin@demo.vn", "/admin/questionnaires");
    await expect.poll(() => page.locator("h1").textContent()).toBe("Bộ câu hỏi");

    // Create: a mistake first, shown beside the field with what was typed kept.
    await page.getByLabel("Mã bộ câu hỏi").fill("Sai Mã");
    await page.getByLabel("Tên tiếng Việt").fill("Phiếu thử nghiệm");
    await page.getByLabel("Tên tiếng Anh").fill("Trial survey");
    await page.getByRole("button", { name: "Tạo và soạn bản nháp" }).click();
    await page.locator(".field-invalid .field-error").first().waitFor();
    expect(await page.getByLabel("Tên tiếng Việt").inputValue()).toBe("Phiếu thử nghiệm");
    await page.getByLabel("Mã bộ câu hỏi").fill(CODE);
    await Promise.all([page.waitForURL((url) => url.pathname === BUILDER), page.getByRole("button", { name: "Tạo và soạn bản nháp" }).click()]);
    await page.locator(".flash").waitFor();

    // A scale question, flagged overall.
    await page.getByRole("link", { name: "Thêm câu hỏi thang điểm 1–5" }).click();
    await page.getByLabel("Mã câu hỏi").fill("overall");
    await page.getByLabel("Nội dung tiếng Việt").fill("Nhìn chung, Ông/Bà hài lòng thế nào với lần làm thủ tục này?");
    await page.getByLabel("Nội dung tiếng Anh").fill("Overall, how satisfied are you this time?");
    await page.getByLabel("Câu hỏi đánh giá chung").check();
    await page.getByRole("button", { name: "Thêm vào bản nháp" }).click();
    await expect.poll(() => keysInOrder(page)).toEqual(["overall"]);

    // A single-choice question, options one per line.
    await page.getByRole("link", { name: "Thêm câu hỏi chọn một" }).click();
    await page.getByLabel("Mã câu hỏi").fill("channel");
    await page.getByLabel("Nội dung tiếng Việt").fill("Ông/Bà nộp hồ sơ theo hình thức nào?");
    await page.getByLabel("Nội dung tiếng Anh").fill("How did you submit the dossier?");
    await page.getByLabel("Các lựa chọn").fill("online | Trực tuyến | Online\nin_person | Trực tiếp | In person");
    await page.getByRole("button", { name: "Thêm vào bản nháp" }).click();
    await expect.poll(() => keysInOrder(page)).toEqual(["overall", "channel"]);

    expect(await wcagViolations(page)).toEqual([]);
    await page.screenshot({ path: "/tmp/q-builder.png", fullPage: true });

    // Editing: a mistake is shown beside its field, what was typed is kept.
    await page.getByRole("link", { name: "Sửa câu 2" }).click();
    await page.getByLabel("Các lựa chọn").fill("online Trực tuyến Online");
    await page.getByLabel("Nội dung tiếng Việt").fill("Ông/Bà đã nộp hồ sơ bằng cách nào?");
    await page.getByRole("button", { name: "Lưu câu hỏi" }).click();
    await page.locator(".error-summary").waitFor();
    expect(await page.getByLabel("Nội dung tiếng Việt").inputValue()).toBe("Ông/Bà đã nộp hồ sơ bằng cách nào?");
    expect(await wcagViolations(page)).toEqual([]);
    await page.screenshot({ path: "/tmp/q-form-error.png", fullPage: true });
    await page.getByLabel("Các lựa chọn").fill("online | Trực tuyến | Online\nin_person | Trực tiếp | In person");
    await page.getByRole("button", { name: "Lưu câu hỏi" }).click();
    await expect.poll(() => page.locator('.q-item[data-key="channel"] .q-text').textContent()).toBe("Ông/Bà đã nộp hồ sơ bằng cách nào?");

    // Reorder with JavaScript off: plain form posts.
    await signInOnPage(noScript.page, "admin@demo.vn", BUILDER);
    await noScript.page.getByRole("button", { name: "Đưa câu 1 xuống dưới" }).click();
    await expect.poll(() => keysInOrder(noScript.page)).toEqual(["channel", "overall"]);
    expect(new URL(noScript.page.url()).searchParams.get("saved")).toBe("1");
    await noScript.page.getByRole("button", { name: "Đưa câu 2 lên trên" }).click();
    await expect.poll(() => keysInOrder(noScript.page)).toEqual(["overall", "channel"]);

    // The preview: the citizen's page in a frame, marked as a preview, nothing to send.
    await page.goto(`${BUILDER}/preview`);
    const frame = page.frameLocator("iframe.q-preview-frame");
    await frame.locator(".preview-banner").waitFor();
    expect(await frame.locator("fieldset.question").count()).toBe(2);
    expect(await frame.getByText("Trực tuyến").count()).toBe(1);
    expect(await frame.locator("button.submit").isDisabled()).toBe(true);
    await page.locator(".q-preview-langs").getByRole("link", { name: "Tiếng Anh" }).click();
    await expect.poll(() => frame.getByText("How did you submit the dossier?").count()).toBe(1);
    await page.screenshot({ path: "/tmp/q-preview.png", fullPage: true });
    await page.locator(".q-preview-langs").getByRole("link", { name: "Tiếng Việt" }).click();
    await expect.poll(() => frame.getByText("Ông/Bà đã nộp hồ sơ bằng cách nào?").count()).toBe(1);
    await noScript.page.goto(`/admin/questionnaires/${CODE}/frame/draft?lang=vi`);
    await noScript.page.screenshot({ path: "/tmp/q-preview-frame.png", fullPage: true });

    // Publish: the draft becomes version 1.
    await page.goto(BUILDER);
    await Promise.all([
      page.waitForURL((url) => url.pathname === `/admin/questionnaires/${CODE}`),
      page.getByRole("button", { name: "Công bố phiên bản v1" }).click(),
    ]);
    await page.locator('tr[data-version="1"][data-status="published"]').waitFor();
    await page.screenshot({ path: "/tmp/q-versions.png", fullPage: true });
  } finally {
    await phone.close();
    await noScript.close();
  }
});
