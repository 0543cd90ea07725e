import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { vietnamLocalInput } from "~/domain/dossiers";
import { compareDossierSummariesWithRaw } from "~/modules/dossiers/dossier-summaries.repository.server";
import { smsWebhookKey } from "~/modules/outbox/transports.server";
import { startApp, type AppProcess } from "../setup/app-process";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../setup/browser";
import { signatureVerifies, startSmsProvider, startSmtpServer, type LocalSmsProvider, type LocalSmtp } from "../setup/local-providers";
import { useFreshDatabase } from "../setup/test-database";
import { signInOnPage } from "./support/admin";
import { createToken } from "./support/callers";
import { choose, VIETNAMESE_CHOICES } from "./support/survey-page";

/*
 * Issue 10's loop, end to end, in chromium against the production build as
 * `npm start` runs it, with a real SMTP server and an SMS provider on
 * 127.0.0.1: the one-stop software posts a dossier that comes back late; the
 * dashboard shows it late with its apology due; the land manager fills in and
 * sends the Phiếu and the citizen's e-mail arrives; the return is posted and
 * its receipt's ticket opens the survey; the citizen, dissatisfied, leaves a
 * phone number with consent and gets a tracking code; the manager answers the
 * case, the SMS goes out, /tra-cuu shows the answer; the timeliness figures
 * and the response rate equal a hand count. On SQLite (e2e) and PostgreSQL (e2e-pg).
 */

const SECRET = "accountability-journey-secret-of-32-chars";
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

const { db, url } = useFreshDatabase();
let app: AppProcess;
let smtp: LocalSmtp;
let sms: LocalSmsProvider;
let browser: Browser;
let oneStop: string;
let viewer: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  sms = await startSmsProvider();
  app = await startApp(url, { env: { SESSION_SECRET: SECRET, SMTP_URL: smtp.url, SMS_WEBHOOK_URL: sms.url, SURVEY_MIN_FILL_SECONDS: "1" } });
  oneStop = await createToken(db, "integration");
  viewer = await createToken(db, "viewer");
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (/\w*Error\b|"level":[56]0/.test(app?.output() ?? "")) console.log(`server log:\n${app.output()}`);
  await Promise.all([smtp?.close(), sms?.close()]);
  await db.destroy();
});

async function api(method: "GET" | "POST", path: string, token: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${app.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

async function newPage(width = 1280): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, baseURL: app.baseUrl });
  return { page: await context.newPage(), context };
}

const LATE = {
  code: `H40.29-${process.pid}-0001`,
  servicePoint: "TT-DD-01",
  sector: "land",
  procedure: "Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
  receivedAt: ago(12 * DAY),
  dueAt: ago(2 * DAY),
  contact: { email: "nguyen.van.an@example.vn" },
  consent: true,
};

describe("closing the loop on a late dossier", () => {
  let apologyId = 0;
  let ticketUrl = "";
  let trackingCode = "";

  test("the one-stop software posts three dossiers: one open past its due time, one returned on time, one returned late", async () => {
    const late = await api("POST", "/api/v1/dossiers", oneStop, LATE);
    expect(late.status).toBe(201);
    expect(late.json).toMatchObject({ status: "in_progress", late: true, onTime: null, apology: { status: "required" }, ticket: null });
    apologyId = late.json.apology.id;

    const onTime = await api("POST", "/api/v1/dossiers", oneStop, {
      code: `H40.29-${process.pid}-0002`, servicePoint: "TT-DD-01", sector: "land", receivedAt: ago(6 * DAY), dueAt: ago(1 * DAY), returnedAt: ago(3 * DAY),
    });
    expect(onTime.json).toMatchObject({ status: "returned", onTime: true, late: false, apology: null });
    const lateReturned = await api("POST", "/api/v1/dossiers", oneStop, {
      code: `H40.29-${process.pid}-0003`, servicePoint: "TT-DD-01", sector: "land", receivedAt: ago(9 * DAY), dueAt: ago(4 * DAY), returnedAt: ago(1 * DAY),
    });
    expect(lateReturned.json).toMatchObject({ status: "returned", onTime: false, late: true, apology: { status: "required" } });
  });

  test("the dashboard shows it late with its apology overdue; the manager sends the Phiếu and the citizen's e-mail arrives", async () => {
    const { page, context } = await newPage();
    try {
      await signInOnPage(page, "manager.land@demo.vn", "/dashboard/timeliness");
      const land = page.locator('tr[data-key="land"]').first();
      await land.waitFor();
      expect(await land.locator('[data-col="overdueOpen"]').textContent()).toBe("1");

      await page.locator(".dash-nav").getByRole("link", { name: "Xin lỗi trễ hẹn" }).click();
      const row = page.locator(`tr[data-apology="${apologyId}"]`);
      await row.waitFor();
      // Late since its due time two days ago, so the apology was due a day ago.
      expect(await row.getAttribute("data-status")).toBe("overdue");

      await row.getByRole("link", { name: LATE.code }).click();
      await page.getByRole("heading", { name: "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" }).waitFor();
      const reason = "Cơ quan phối hợp chưa có văn bản trả lời đúng thời hạn.";
      const newDate = `${vietnamLocalInput(new Date(Date.now() + 5 * DAY).toISOString()).slice(0, 10)}T17:00`;
      await page.getByLabel("Lý do trễ hẹn").fill(reason);
      await page.getByLabel("Ngày hẹn trả kết quả mới").fill(newDate);
      await Promise.all([page.waitForURL(/sent=email/), page.getByRole("button", { name: "Gửi phiếu xin lỗi" }).click()]);

      // The outbox worker of the app process delivers it to the SMTP server within a few seconds.
      await expect.poll(() => smtp.received.length, { timeout: 30_000, interval: 250 }).toBe(1);
      const [mail] = smtp.received;
      expect(mail!.envelopeTo).toEqual([LATE.contact.email]);
      expect(mail!.text).toContain(LATE.code);
      expect(mail!.text).toContain(reason);
      expect(mail!.text).toContain(`17:00 ngày ${newDate.slice(8, 10)}/${newDate.slice(5, 7)}/${newDate.slice(0, 4)}`);
      expect(mail!.subject.length).toBeGreaterThan(0);
      const stored = await db.selectFrom("outbox_messages").select(["status", "attempts"]).where("subject_type", "=", "apology").where("subject_id", "=", apologyId).execute();
      expect(stored).toEqual([{ status: "sent", attempts: 1 }]);
    } finally {
      await context.close();
    }
  });

  test("the return is posted with the due time the software knew, and the receipt's ticket opens the survey", async () => {
    const returned = await api("POST", "/api/v1/dossiers", oneStop, { ...LATE, returnedAt: ago(5 * 60 * 1000) });
    expect(returned.status).toBe(200);
    expect(returned.json).toMatchObject({ status: "returned", late: true, onTime: false, apology: { status: "sent" } });
    expect(returned.json.ticket.svg).toContain("<svg");
    ticketUrl = returned.json.ticket.url;
    expect(ticketUrl).toMatch(new RegExp(`^${app.baseUrl}/s/TT-DD-01\\?t=`));
  });

  test("the citizen, dissatisfied, leaves a phone number with consent (no JavaScript) and gets a tracking code", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false, baseURL: app.baseUrl });
    try {
      const page = await context.newPage();
      await page.goto(ticketUrl);
      await choose(page, { ...VIETNAMESE_CHOICES, courtesy: "2 · Không hài lòng", overall: "2 · Không hài lòng", on_time: "Trễ hẹn" });
      await page.getByLabel(/Ông\/Bà có góp ý gì/).fill("Hẹn trả kết quả nhưng bị trễ, không được báo trước.");
      await page.getByLabel("Số điện thoại", { exact: true }).fill("0912 345 678");
      await page.getByLabel(/Tôi đồng ý để cơ quan lưu/).check();
      // A person takes longer than SURVEY_MIN_FILL_SECONDS: faster is flagged and left out of the citizens' figures.
      await page.waitForTimeout(1200);
      await Promise.all([page.waitForURL(/\/s\/TT-DD-01\/thanks/), page.getByRole("button", { name: "Gửi đánh giá" }).click()]);
      trackingCode = (await page.locator("[data-tracking-code]").getAttribute("data-tracking-code"))!;
      expect(trackingCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);

      // The ticket is spent: the same receipt cannot answer twice.
      const again = await page.goto(ticketUrl);
      expect(again!.status()).toBe(409);
    } finally {
      await context.close();
    }
  });

  test("the manager answers the case, the SMS goes out signed, and /tra-cuu shows the answer", async () => {
    const { page, context } = await newPage();
    const answer = "Chúng tôi xin lỗi vì trả kết quả trễ hẹn; đã nhắc nhở bộ phận phối hợp.";
    try {
      await signInOnPage(page, "manager.land@demo.vn", "/dashboard/cases");
      await page.getByRole("link", { name: `${trackingCode.slice(0, 5)}-${trackingCode.slice(5)}` }).click();
      await page.getByLabel(/Nội dung trả lời/).fill(answer);
      await Promise.all([page.waitForURL(/saved=answer/), page.getByRole("button", { name: "Gửi trả lời" }).click()]);
      // With JavaScript the address changes before the page shows what the loader read again.
      await expect.poll(() => page.locator("[data-case-status]").getAttribute("data-case-status")).toBe("answered");

      await expect.poll(() => sms.requests.length, { timeout: 30_000, interval: 250 }).toBe(1);
      const [request] = sms.requests;
      expect(signatureVerifies(smsWebhookKey(SECRET), request!.body, request!.signature)).toBe(true);
      expect(request!.json).toMatchObject({ to: "0912345678" });
      expect((request!.json as { text: string }).text).toContain(trackingCode.slice(0, 5));

      await page.goto(`/tra-cuu?code=${trackingCode.toLowerCase()}`);
      expect(await page.locator(".case-status").textContent()).toBe("Đã trả lời");
      expect(await page.locator(".case-answer").textContent()).toBe(answer);
      expect(await page.content()).not.toContain("0912345678");
    } finally {
      await context.close();
    }
  });

  test("the timeliness figures and the response rate equal a hand count, on the API and the dashboard", async () => {
    // By hand: three land dossiers at TT-DD-01, all returned in the last two weeks — one on time, two late;
    // two apologies owed (both became late in the range), one sent, after its due time; one of the three
    // receipts answered through its ticket; nothing open.
    const to = vietnamLocalInput(new Date().toISOString()).slice(0, 10);
    const from = vietnamLocalInput(new Date(Date.now() - 30 * DAY).toISOString()).slice(0, 10);
    const { status, json } = await api("GET", `/api/v1/timeliness?groupBy=servicePoint&from=${from}&to=${to}`, viewer);
    expect(status).toBe(200);
    expect(json.rows).toHaveLength(1);
    const [row] = json.rows;
    expect(row).toMatchObject({
      key: "TT-DD-01",
      received: 3,
      returned: 3,
      onTime: 1,
      late: 2,
      overdueOpen: 0,
      apologies: { required: 2, sent: 1, sentInTime: 0 },
      responseRate: { returned: 3, responses: 1 },
      // Three dossiers are too few to judge against 95%.
      status: "insufficient",
    });
    expect(row.onTimeRate.rate).toBeCloseTo(1 / 3, 10);
    expect(row.responseRate.rate).toBeCloseTo(1 / 3, 10);
    // The citizen said "late" on the survey: the citizens' own rate beside the system's.
    expect(row.citizenOnTime).toMatchObject({ n: 1, rate: 0 });

    const { page, context } = await newPage(390);
    try {
      await signInOnPage(page, "manager.land@demo.vn", "/dashboard/timeliness");
      const land = page.locator('tr[data-key="land"]').first();
      await land.waitFor();
      expect(await land.locator('[data-col="overdueOpen"]').textContent()).toBe("0");
      expect(await land.locator('[data-col="onTimeRate"]').textContent()).toMatch(/33[,.]3\s?%/);
    } finally {
      await context.close();
    }
    // And the roll-up the figures read is what a recount of the dossiers gives.
    expect(await compareDossierSummariesWithRaw(db)).toEqual([]);
  });
});
