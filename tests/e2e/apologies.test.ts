import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { vietnamLocalInput } from "~/domain/dossiers";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../setup/browser";
import { openServerDatabase } from "../setup/server-database";
import { csrfOf, postAdminForm, staffPage } from "./support/admin";
import { createToken, getAs, signIn } from "./support/callers";
import { expectA4, pdfPages } from "./support/print";
import { wcagViolations } from "./support/axe";

/*
 * The apologies of late dossiers through HTTP and chromium: the one-stop
 * software posts late dossiers; a land manager lists them, fills in the
 * Phiếu, sends it (the citizen's e-mail waits in the outbox) and prints it on
 * one A4 page; a viewer only reads; another sector's apology is 404; bad
 * input is 400 beside the field with nothing stored. And the timeliness page.
 */

const baseUrl = inject("baseUrl");
const db = openServerDatabase();
const SCREENSHOTS = path.resolve("test-results");
const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();
/** Five days from now at 17:00 Vietnam time, as the date field takes it. */
const NEW_DATE = `${vietnamLocalInput(new Date(Date.now() + 5 * DAY).toISOString()).slice(0, 10)}T17:00`;

let integration: string;
let browser: Browser;
const codes = { emailed: `AP/${process.pid}-1`, returned: `AP/${process.pid}-2`, construction: `AP/${process.pid}-3`, raced: `AP/${process.pid}-4`, bad: `AP/${process.pid}-5` };
const apologyIds: Record<keyof typeof codes, number> = { emailed: 0, returned: 0, construction: 0, raced: 0, bad: 0 };

async function postDossier(body: Record<string, unknown>): Promise<number> {
  const response = await fetch(`${baseUrl}/api/v1/dossiers`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${integration}` },
    body: JSON.stringify({ servicePoint: "TT-DD-01", sector: "land", procedure: "Cấp giấy chứng nhận quyền sử dụng đất lần đầu", receivedAt: daysAgo(12), dueAt: daysAgo(2), ...body }),
  });
  const answer = (await response.json()) as { late: boolean; apology: { id: number } | null };
  expect(response.status, JSON.stringify(answer)).toBe(201);
  expect(answer.late).toBe(true);
  return answer.apology!.id;
}

beforeAll(async () => {
  integration = await createToken(db, "integration");
  // Late for two hours: its apology is owed, not yet overdue; the others' were due a day ago.
  apologyIds.emailed = await postDossier({ code: codes.emailed, dueAt: new Date(Date.now() - 2 * 60 * 60 * 1000).toISOString(), contact: { email: "cong.dan@example.vn" }, consent: true });
  // The longest procedure the API takes.
  apologyIds.returned = await postDossier({ code: codes.returned, returnedAt: daysAgo(1), procedure: "Cấp đổi, cấp lại giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất ".repeat(3).slice(0, 200) });
  apologyIds.construction = await postDossier({ code: codes.construction, servicePoint: "TT-XD-01", sector: "construction" });
  apologyIds.raced = await postDossier({ code: codes.raced, contact: { phone: "0912345678" }, consent: true });
  apologyIds.bad = await postDossier({ code: codes.bad });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await db.destroy();
});

const apologyRow = (id: number) => db.selectFrom("apologies").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const outboxOf = (id: number) => db.selectFrom("outbox_messages").selectAll().where("subject_type", "=", "apology").where("subject_id", "=", id).execute();
const dueChanges = (code: string) =>
  db.selectFrom("dossier_due_changes as c").innerJoin("dossiers as d", "d.id", "c.dossier_id").selectAll("c").where("d.code", "=", code).execute();

describe("a land manager and the apologies", () => {
  test("lists the sector's late dossiers, fills in and sends the Phiếu, and prints it on one A4 page", async () => {
    const { page, close } = await staffPage(browser, "manager.land@demo.vn", "/dashboard/apologies");
    try {
      // The list: land's apologies, not construction's; the dashboard's navigation leads here.
      await page.locator(`tr[data-apology="${apologyIds.emailed}"]`).waitFor();
      expect(await page.locator(`tr[data-apology="${apologyIds.construction}"]`).count()).toBe(0);
      const row = page.locator(`tr[data-apology="${apologyIds.emailed}"]`);
      expect(await row.getAttribute("data-status")).toBe("required");
      // Overdue first.
      const order = await page.locator("tr[data-apology]").evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-apology"))));
      expect(order.indexOf(apologyIds.returned)).toBeLessThan(order.indexOf(apologyIds.emailed));
      expect(await page.locator(`tr[data-apology="${apologyIds.returned}"]`).getAttribute("data-status")).toBe("overdue");
      expect(await row.textContent()).toContain("Cấp giấy chứng nhận quyền sử dụng đất lần đầu");
      expect(await row.textContent()).toContain("Quầy số 1 — Đất đai");
      expect(await page.getByRole("link", { name: /Cần gửi \(\d+\)/ }).getAttribute("aria-current")).toBe("page");
      expect(await page.locator(".dash-nav").getByRole("link", { name: "Xin lỗi trễ hẹn" }).count()).toBe(1);
      expect(await wcagViolations(page)).toEqual([]);

      await row.getByRole("link", { name: codes.emailed }).click();
      await page.getByRole("heading", { name: "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" }).waitFor();
      expect(await page.getByText("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").count()).toBe(1);
      expect(await page.getByText("Độc lập - Tự do - Hạnh phúc").count()).toBe(1);
      expect(await page.getByText(/sẽ được gửi qua thư điện tử/).count()).toBe(1);
      expect(await wcagViolations(page)).toEqual([]);

      // A reason too short first: the answer is the form again, the error beside the field, what was typed kept.
      await page.getByLabel("Lý do trễ hẹn").fill("Trễ.");
      await page.getByLabel("Ngày hẹn trả kết quả mới").fill(NEW_DATE);
      await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Gửi phiếu xin lỗi" }).click()]);
      await page.locator("#apology-reason-error").waitFor();
      expect(await page.locator("#apology-reason-error").textContent()).toBe("Cần ít nhất 10 ký tự.");
      expect(await page.getByLabel("Lý do trễ hẹn").getAttribute("aria-invalid")).toBe("true");
      expect(await page.getByLabel("Ngày hẹn trả kết quả mới").inputValue()).toBe(NEW_DATE);
      expect(await wcagViolations(page)).toEqual([]);
      expect((await apologyRow(apologyIds.emailed)).status).toBe("required");

      const reason = "Hồ sơ cần xác minh thêm nguồn gốc đất với UBND xã Hưng Nguyên.";
      await page.getByLabel("Lý do trễ hẹn").fill(reason);
      await Promise.all([page.waitForURL(/sent=email/), page.getByRole("button", { name: "Gửi phiếu xin lỗi" }).click()]);
      await page.getByTestId("apology-sent").waitFor();
      expect(await page.getByTestId("apology-sent").textContent()).toContain("Người dân sẽ nhận thư điện tử.");
      expect(await page.getByTestId("phieu-reason").textContent()).toBe(reason);
      expect(await page.getByTestId("phieu-new-date").textContent()).toBe(`${NEW_DATE.slice(8, 10)}/${NEW_DATE.slice(5, 7)}/${NEW_DATE.slice(0, 4)} 17:00`);
      expect(await wcagViolations(page)).toEqual([]);

      // What was stored: the apology, the extension by the manager, the citizen's e-mail waiting in the outbox.
      const stored = await apologyRow(apologyIds.emailed);
      expect(stored).toMatchObject({ status: "sent", reason });
      const [change] = await dueChanges(codes.emailed).then((all) => all.filter((c) => c.source === "apology"));
      expect(change).toMatchObject({ to_due_at: stored.new_due_at, actor_name: "Lãnh đạo ngành Đất đai" });
      const [message] = await outboxOf(apologyIds.emailed);
      expect(message).toMatchObject({ channel: "email", kind: "apology_sent", recipient: "cong.dan@example.vn", idempotency_key: `apology:${apologyIds.emailed}:email` });
      expect(message!.body).toContain(codes.emailed);
      expect(message!.body).toContain(reason);
      expect(message!.body).toContain(`17:00 ngày ${NEW_DATE.slice(8, 10)}/${NEW_DATE.slice(5, 7)}/${NEW_DATE.slice(0, 4)}`);

      // Printed: one A4 page, the dashboard's frame and buttons gone.
      const pdf = await page.pdf({ format: "A4", printBackground: true });
      fs.writeFileSync(path.join(SCREENSHOTS, "apology-phieu.pdf"), pdf);
      const { count, sizes } = pdfPages(pdf);
      expect(count).toBe(1);
      expectA4(sizes);
      await page.setViewportSize({ width: 794, height: 1123 });
      await page.emulateMedia({ media: "print" });
      expect(await page.locator(".dash-header").isVisible()).toBe(false);
      expect(await page.getByRole("button", { name: "In phiếu" }).isVisible()).toBe(false);
      expect(await page.getByTestId("phieu-code").isVisible()).toBe(true);
      await page.screenshot({ path: path.join(SCREENSHOTS, "apology-phieu.png"), fullPage: true });
      await page.emulateMedia({ media: "screen" });

      // The list now shows it sent, in time.
      await page.goto("/dashboard/apologies?status=sent");
      const sentRow = page.locator(`tr[data-apology="${apologyIds.emailed}"]`);
      await sentRow.waitFor();
      expect(await sentRow.getAttribute("data-status")).toBe("sent");
      expect(await sentRow.locator("td").last().textContent()).toBe("Đúng hạn");
    } finally {
      await close();
    }
  });

  test("the longest reason and procedure still print on one page, the signatures included", async () => {
    const cookie = await signIn("manager.land@demo.vn");
    const path_ = `/dashboard/apologies/${apologyIds.returned}`;
    const reason = `${"Cơ quan phối hợp chưa có văn bản trả lời đúng thời hạn, cần lấy thêm ý kiến. ".repeat(14)}`.slice(0, 999) + ".";
    const sent = await postAdminForm(cookie, path_, { reason }, { csrf: await csrfOf(cookie, path_) });
    expect(sent.status).toBe(303);
    const { page, close } = await staffPage(browser, "manager.land@demo.vn", path_, 794);
    try {
      await page.getByTestId("phieu-reason").waitFor();
      expect((await page.getByTestId("phieu-reason").textContent())!.length).toBe(1000);
      const pdf = await page.pdf({ format: "A4", printBackground: true });
      fs.writeFileSync(path.join(SCREENSHOTS, "apology-phieu-longest.pdf"), pdf);
      expect(pdfPages(pdf).count).toBe(1);
      // Nothing is clipped to make it fit (no overflow is hidden): what does not fit would be a second page.
      await page.emulateMedia({ media: "print" });
      await page.screenshot({ path: path.join(SCREENSHOTS, "apology-phieu-longest.png"), fullPage: true });
    } finally {
      await close();
    }
  });

  test("two sends at once: one is sent (303), the other is told it already was (409), and one message waits", async () => {
    const cookie = await signIn("manager.land@demo.vn");
    const path_ = `/dashboard/apologies/${apologyIds.raced}`;
    const csrf = await csrfOf(cookie, path_);
    const fields = { reason: "Cán bộ thụ lý nghỉ ốm đột xuất, chưa kịp bàn giao.", newDueAt: NEW_DATE };
    const answers = await Promise.all([postAdminForm(cookie, path_, fields, { csrf }), postAdminForm(cookie, path_, fields, { csrf })]);
    expect(answers.map((a) => a.status).sort()).toEqual([303, 409]);
    const refused = answers.find((a) => a.status === 409)!;
    expect(await refused.text()).toContain("Phiếu xin lỗi này đã được gửi");
    expect(await outboxOf(apologyIds.raced)).toMatchObject([{ channel: "sms", recipient: "0912345678" }]);
    expect((await dueChanges(codes.raced)).filter((c) => c.source === "apology")).toHaveLength(1);
  });

  test("bad input is 400 beside the field, a forged post 403, and nothing is stored", async () => {
    const cookie = await signIn("manager.land@demo.vn");
    const path_ = `/dashboard/apologies/${apologyIds.bad}`;
    const csrf = await csrfOf(cookie, path_);
    const cases: Array<[Record<string, string>, string]> = [
      [{ newDueAt: NEW_DATE }, "Cần điền."],
      [{ reason: "x".repeat(1001), newDueAt: NEW_DATE }, "Tối đa 1000 ký tự."],
      [{ reason: "Một lý do đủ dài cho phiếu.", newDueAt: "2026-02-30T17:00" }, "Cần một ngày giờ hợp lệ."],
      [{ reason: "Một lý do đủ dài cho phiếu.", newDueAt: "2020-01-01T17:00" }, "Cần sau thời điểm hiện tại."],
      [{ reason: "Một lý do đủ dài cho phiếu." }, "Cần điền."],
    ];
    for (const [fields, message] of cases) {
      const answer = await postAdminForm(cookie, path_, fields, { csrf });
      expect(answer.status, JSON.stringify(fields).slice(0, 80)).toBe(400);
      expect(await answer.text()).toContain(message);
    }
    const fine = { reason: "Một lý do đủ dài cho phiếu.", newDueAt: NEW_DATE };
    expect((await postAdminForm(cookie, path_, fine, { csrf: null })).status).toBe(403);
    expect((await postAdminForm(cookie, path_, fine, { csrf, origin: "https://evil.example" })).status).toBe(403);
    expect((await apologyRow(apologyIds.bad)).status).toBe("required");
    expect(await outboxOf(apologyIds.bad)).toEqual([]);
    expect((await dueChanges(codes.bad)).filter((c) => c.source === "apology")).toEqual([]);
  });
});

describe("on a phone", () => {
  test("the list, the Phiếu and the sector page's timeliness sentence fit 390 px, with no axe violations", async () => {
    const { page, close } = await staffPage(browser, "manager.land@demo.vn", "/dashboard/apologies?status=sent", 390);
    try {
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      await page.locator("tr[data-apology]").first().waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
      expect(await wcagViolations(page)).toEqual([]);
      await page.goto(`/dashboard/apologies/${apologyIds.bad}`);
      await page.getByLabel("Lý do trễ hẹn").waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
      expect(await wcagViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, "apology-form-390.png"), fullPage: true });
      await page.goto("/dashboard/sectors/land");
      const block = page.getByTestId("sector-timeliness");
      await block.waitFor();
      expect(await block.textContent()).toMatch(/hồ sơ đã trả, đúng hạn .*xin lỗi \d+\/\d+/);
      expect(await block.getByRole("link", { name: "Chi tiết đúng hạn" }).getAttribute("href")).toMatch(/^\/dashboard\/timeliness/);
    } finally {
      await close();
    }
  });
});

describe("who else may see an apology", () => {
  test("another sector's apology is 404 to a land manager, to read and to send; an unknown or malformed id too", async () => {
    const cookie = await signIn("manager.land@demo.vn");
    const path_ = `/dashboard/apologies/${apologyIds.construction}`;
    expect((await getAs({ cookie }, path_)).status).toBe(404);
    const csrf = await csrfOf(cookie, `/dashboard/apologies/${apologyIds.bad}`);
    expect((await postAdminForm(cookie, path_, { reason: "Một lý do đủ dài cho phiếu.", newDueAt: NEW_DATE }, { csrf })).status).toBe(404);
    expect((await apologyRow(apologyIds.construction)).status).toBe("required");
    for (const bad of ["999999", "0", "abc", "1e3"]) expect((await getAs({ cookie }, `/dashboard/apologies/${bad}`)).status, bad).toBe(404);
    expect((await getAs({ cookie }, "/dashboard/apologies?status=nonsense")).status).toBe(400);
    // Its own manager sees it.
    expect((await getAs({ cookie: await signIn("manager.construction@demo.vn") }, path_)).status).toBe(200);
  });

  test("a viewer reads the Phiếu but has no form, and a post is 403 with nothing stored", async () => {
    const { page, close } = await staffPage(browser, "viewer@demo.vn", `/dashboard/apologies/${apologyIds.construction}`);
    try {
      await page.getByText("Tài khoản xem không gửi được phiếu xin lỗi.").waitFor();
      expect(await page.getByRole("button", { name: "Gửi phiếu xin lỗi" }).count()).toBe(0);
      expect(await page.locator("textarea").count()).toBe(0);
    } finally {
      await close();
    }
    // No page gives a viewer an anti-forgery token for this form; the role is refused before the form is read.
    const viewer = await signIn("viewer@demo.vn");
    const answer = await postAdminForm(viewer, `/dashboard/apologies/${apologyIds.construction}`, { reason: "Một lý do đủ dài cho phiếu.", newDueAt: NEW_DATE });
    expect(answer.status).toBe(403);
    expect(await answer.text()).toContain("data-status=\"403\"");
    expect((await apologyRow(apologyIds.construction)).status).toBe("required");
  });
});

describe("the timeliness page", () => {
  test("shows each sector's and agency's dossiers on time against 95%, apologies and response rate, in Vietnamese or English, with no axe violations", async () => {
    const { page, close } = await staffPage(browser, "manager.land@demo.vn", "/dashboard/timeliness");
    try {
      await page.getByRole("heading", { name: "Giải quyết hồ sơ đúng hạn" }).waitFor();
      const land = page.locator('#timeliness-sectors tr[data-key="land"]');
      await land.waitFor();
      // A land manager sees land only.
      expect(await page.locator('#timeliness-sectors tr[data-key="construction"]').count()).toBe(0);
      expect(Number(await land.locator('[data-col="overdueOpen"]').textContent())).toBeGreaterThanOrEqual(1);
      expect(await land.locator('[data-col="apologies"]').textContent()).toMatch(/^\d+ \/ \d+ \(/);
      expect(await page.locator('#timeliness-agencies tr[data-key="so-nnmt"]').count()).toBe(1);
      expect(await page.locator(".dash-nav").getByRole("link", { name: "Đúng hạn" }).getAttribute("aria-current")).toBe("page");
      expect(await wcagViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, "timeliness.png"), fullPage: true });

      await page.goto("/dashboard/timeliness?lang=en");
      await page.getByRole("heading", { name: "Dossiers handled on time" }).waitFor();
      expect(await page.getByRole("columnheader", { name: "On time (citizens say)" }).count()).toBe(2);
      expect((await getAs({ cookie: await signIn("manager.land@demo.vn") }, "/dashboard/timeliness?period=nonsense")).status).toBe(400);
    } finally {
      await close();
    }
  });
});
