import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openPhone } from "../setup/browser";
import { countResponses, openServerDatabase } from "../setup/server-database";
import type { Page } from "playwright-core";

const db = openServerDatabase();
afterAll(() => db.destroy());

/** Answers every required question of the administrative-procedures survey. */
async function answerAll(page: Page) {
  for (const key of ["signage", "posted", "as_posted", "courtesy", "guidance", "result_correct"]) {
    await page.getByRole("group", { name: new RegExp(questionText[key]!) }).getByLabel("4 · Hài lòng").check();
  }
  await page.getByRole("group", { name: /góp ý, phản ánh/ }).getByLabel("Không ý kiến / Không áp dụng").check();
  await page.getByRole("group", { name: /Nhìn chung/ }).getByLabel("5 · Rất hài lòng").check();
  await page.getByRole("group", { name: /đi lại bao nhiêu lần/ }).getByLabel("1 lần").check();
  await page.getByRole("group", { name: /đúng hẹn/ }).getByLabel("Đúng hẹn").check();
  await page.getByRole("group", { name: /hình thức nào/ }).getByLabel("Trực tuyến trên Cổng Dịch vụ công").check();
}

const questionText: Record<string, string> = {
  signage: "biển chỉ dẫn",
  posted: "niêm yết công khai, đầy đủ",
  as_posted: "đúng như đã niêm yết",
  courtesy: "lịch sự, lắng nghe",
  guidance: "một lần là đủ",
  result_correct: "Kết quả giải quyết chính xác",
};

describe("a citizen at a land counter", () => {
  for (const javaScriptEnabled of [true, false]) {
    test(`completes the survey with JavaScript ${javaScriptEnabled ? "on" : "off"} and one response is stored`, async () => {
      const phone = await openPhone({ javaScriptEnabled });
      try {
        const { page } = phone;
        await page.goto("/s/TT-DD-01");
        expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("Quầy số 1 — Đất đai");
        const clientId = await page.locator('input[name="id"]').inputValue();
        await answerAll(page);
        await page.getByLabel(/Ông\/Bà có góp ý gì/).fill("Cán bộ rất nhiệt tình.");
        await page.getByRole("button", { name: "Gửi đánh giá" }).click();
        await page.waitForURL(/\/s\/TT-DD-01\/thanks/);
        expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Cảm ơn Ông/Bà!");
        expect(await countResponses(db, { clientId })).toBe(1);
      } finally {
        await phone.close();
      }
    });
  }
});
