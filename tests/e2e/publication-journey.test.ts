import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parsePublicationPeriod } from "~/domain/publication";
import { addDays, periodKeyOf, previousPeriodKey } from "~/domain/periods";
import { vietnamDate } from "~/domain/vietnam-time";
import { submitResponse } from "~/modules/survey/submission.service.server";
import { startApp, type AppProcess } from "../setup/app-process";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../setup/browser";
import { ADMINISTRATIVE_ANSWERS, receivedSoonAfter, trustedSubmission } from "../setup/submissions";
import { useFreshDatabase } from "../setup/test-database";
import { signInOnPage } from "./support/admin";
import { wcagViolations } from "./support/axe";
import { createToken } from "./support/callers";

/*
 * Issue 11's "Done when", in chromium against the production build: an
 * administrator publishes last month; the public page, opened without
 * signing in, shows the scorecard and rankings the dashboard shows for that
 * month; a response then posted into that month through a kiosk token (an
 * old answeredAt) leaves the public page unchanged until republishing, after
 * which it shows the new figures and lists the earlier revision; a comment
 * with a phone number appears only after approval, masked. SQLite and PostgreSQL.
 */

const { db, url } = useFreshDatabase();
const TODAY = vietnamDate(new Date());
const MONTH = previousPeriodKey(periodKeyOf(TODAY, "month"));
const PERIOD = parsePublicationPeriod(MONTH)!;
const PHONE = "0912 345 678";
const COMMENT = `Hồ sơ trả chậm, xin gọi lại cho tôi số ${PHONE} vào buổi sáng.`;

let app: AppProcess;
let browser: Browser;
let kiosk: string;

async function respond(point: string, date: string, overall: number, comment?: string) {
  const answeredAt = new Date(`${date}T10:00:00+07:00`);
  const answers: Record<string, unknown> = { ...ADMINISTRATIVE_ANSWERS, overall };
  if (comment) answers.comment = comment;
  // The commune desks serve land and construction: these answers are land's.
  const sectorCode = point.startsWith("TT-") ? null : "land";
  const outcome = await submitResponse(db, trustedSubmission(point, answers, { answeredAt, sectorCode }), receivedSoonAfter(answeredAt));
  expect(outcome.kind).toBe("created");
}

beforeAll(async () => {
  // Last month: two land agencies with enough respondents to rank, a third with too few, and a little construction.
  for (let i = 0; i < 40; i += 1) await respond("TT-DD-01", addDays(PERIOD.from, i % 25), i < 36 ? 5 : 2);
  for (let i = 0; i < 35; i += 1) await respond("TV-01", addDays(PERIOD.from, i % 25), i < 24 ? 4 : 1);
  for (let i = 0; i < 5; i += 1) await respond("HN-01", addDays(PERIOD.from, i), 5);
  for (let i = 0; i < 6; i += 1) await respond("TT-XD-01", addDays(PERIOD.from, i), 4);
  await respond("TT-DD-02", addDays(PERIOD.from, 2), 1, COMMENT);
  // Nothing is published automatically while the test runs: the administrator does it.
  app = await startApp(url, { env: { PUBLISH_AFTER_DAYS: "366" } });
  kiosk = await createToken(db, "kiosk");
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (/\w*Error\b|"level":[56]0/.test(app?.output() ?? "")) console.log(`server log:\n${app.output()}`);
  await db.destroy();
});

async function newPage(width = 1280, javaScriptEnabled = true): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, baseURL: app.baseUrl, javaScriptEnabled });
  return { page: await context.newPage(), context };
}

/** Each scorecard line's figure, interval and n as the page shows them. */
async function scorecardOf(page: Page): Promise<Record<string, string[]>> {
  return page.$$eval("table.scorecard tbody tr", (rows) =>
    Object.fromEntries(
      rows.map((r) => [
        r.getAttribute("data-indicator")!,
        ["estimate", "interval", "n"].map((f) => r.querySelector(`[data-figure="${f}"]`)!.textContent!.trim()),
      ]),
    ),
  );
}

/** The land ranking: each ranked unit's rank (with its range) and figure, and the units listed apart. */
async function landRankingOf(page: Page): Promise<{ ranked: string[][]; unranked: string[] }> {
  const table = page.locator('table[data-breakdown="ranking-land"], table[data-breakdown="by-agency"]').first();
  const ranked = await table.locator("tbody tr").evaluateAll((rows) =>
    rows.map((r) => [r.getAttribute("data-unit")!, ...["rank", "estimate", "n"].map((f) => r.querySelector(`[data-figure="${f}"]`)!.textContent!.trim())]),
  );
  const apart = page.locator('[data-unranked="ranking-land"], [data-unranked="by-agency"]').first().locator("li");
  const unranked = await apart.evaluateAll((items) => items.map((i) => i.getAttribute("data-unit")!));
  return { ranked, unranked };
}

async function publish(page: Page, note?: string) {
  await page.goto("/admin/publication");
  const row = page.locator(`tr[data-period="${MONTH}"]`);
  if (note) await row.getByPlaceholder(/Lý do/).fill(note);
  await Promise.all([page.waitForURL(/published=/), row.getByRole("button").click()]);
  await page.getByRole("status").filter({ hasText: "Đã công bố" }).waitFor();
}

const publicUrl = `/ket-qua?period=${MONTH}`;

describe("publishing last month", () => {
  let admin: { page: Page; context: BrowserContext };
  let citizen: { page: Page; context: BrowserContext };
  let first: Record<string, string[]>;
  let firstLand: string;

  beforeAll(async () => {
    admin = await newPage();
    await signInOnPage(admin.page, "admin@demo.vn", "/admin/publication");
    // The public side: no session, no JavaScript.
    citizen = await newPage(390, false);
  });
  afterAll(async () => {
    await admin?.context.close();
    await citizen?.context.close();
  });

  test("before publication the public page says so", async () => {
    const response = await citizen.page.goto(publicUrl);
    expect(response?.status()).toBe(404);
    await citizen.page.getByRole("heading", { name: "Chưa có kết quả công bố" }).waitFor();
  });

  test("an administrator publishes; the public page equals the dashboard's month", async () => {
    await publish(admin.page);
    expect(await admin.page.locator(`tr[data-period="${MONTH}"]`).getAttribute("data-revision")).toBe("1");

    const response = await citizen.page.goto(publicUrl);
    expect(response?.status()).toBe(200);
    expect(await citizen.page.locator("[data-revision]").first().getAttribute("data-revision")).toBe("1");
    first = await scorecardOf(citizen.page);
    expect(Object.keys(first)).toContain("tthc-all");

    await admin.page.goto(`/dashboard?period=${MONTH}`);
    expect(await scorecardOf(admin.page)).toEqual(first);

    const publicLand = await landRankingOf(citizen.page);
    await admin.page.goto(`/dashboard/sectors/land?period=${MONTH}`);
    const dashboardLand = await landRankingOf(admin.page);
    expect(publicLand).toEqual(dashboardLand);
    expect(publicLand.ranked.map(([code]) => code).sort()).toEqual(["phuong-thanh-vinh", "so-nnmt"]);
    expect(publicLand.unranked).toEqual(["xa-hung-nguyen"]);
    // Every ranked unit shows a rank range beside its rank.
    for (const [, rank] of publicLand.ranked) expect(rank).toMatch(/^\d+( \(\d+–\d+\))?/);
    firstLand = (await citizen.page.locator('tr[data-sector="land"] [data-figure="n"]').textContent())!.trim();

    // The comment with a phone number is not public: it has not been approved.
    const html = await citizen.page.content();
    expect(html).not.toContain("0912");
    expect(html).not.toContain("Hồ sơ trả chậm");
    // A phone screen: nothing wider than the screen, and axe finds nothing.
    expect(await citizen.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    const checker = await newPage(390, true);
    await checker.page.goto(publicUrl);
    expect(await wcagViolations(checker.page)).toEqual([]);
    await checker.page.setViewportSize({ width: 1280, height: 900 });
    expect(await wcagViolations(checker.page)).toEqual([]);
    await checker.context.close();
  });

  test("a late kiosk response changes nothing public until republishing, which lists the earlier revision", async () => {
    const answeredAt = new Date(`${PERIOD.to}T16:30:00+07:00`).toISOString();
    const posted = await fetch(`${app.baseUrl}/api/v1/responses`, {
      method: "POST",
      headers: { Authorization: `Bearer ${kiosk}`, "Content-Type": "application/json" },
      body: JSON.stringify({ id: crypto.randomUUID(), servicePoint: "TT-DD-01", answeredAt, answers: { ...ADMINISTRATIVE_ANSWERS, overall: 1 } }),
    });
    expect(posted.status, await posted.clone().text()).toBe(201);

    await citizen.page.goto(publicUrl);
    expect(await scorecardOf(citizen.page)).toEqual(first);
    expect((await citizen.page.locator('tr[data-sector="land"] [data-figure="n"]').textContent())!.trim()).toBe(firstLand);

    // The land manager approves the comment meanwhile; it waits for the next publication.
    const manager = await newPage();
    await signInOnPage(manager.page, "manager.land@demo.vn", "/dashboard/moderation");
    const item = manager.page.locator("li[data-answer]").filter({ hasText: "Hồ sơ trả chậm" });
    await Promise.all([manager.page.waitForURL(/done=approve/), item.getByRole("button", { name: "Duyệt công bố" }).click()]);
    await manager.context.close();
    await citizen.page.goto(publicUrl);
    expect(await citizen.page.content()).not.toContain("Hồ sơ trả chậm");

    await publish(admin.page, "Phiếu gửi muộn từ máy tính bảng");
    expect(await admin.page.locator(`tr[data-period="${MONTH}"]`).getAttribute("data-revision")).toBe("2");

    await citizen.page.goto(publicUrl);
    expect(await citizen.page.locator("[data-revision]").first().getAttribute("data-revision")).toBe("2");
    const second = await scorecardOf(citizen.page);
    expect(second).not.toEqual(first);
    expect(second["tthc-all"]![2]).not.toBe(first["tthc-all"]![2]);
    expect((await citizen.page.locator('tr[data-sector="land"] [data-figure="n"]').textContent())!.trim()).not.toBe(firstLand);
    // The earlier revision is listed and still readable as it was.
    const revisions = citizen.page.locator("[data-revisions]");
    expect(await revisions.locator("li").count()).toBe(2);
    await Promise.all([citizen.page.waitForURL(/revision=1/), revisions.getByRole("link", { name: /lần 1/ }).click()]);
    expect(await scorecardOf(citizen.page)).toEqual(first);
    await citizen.page.goto(publicUrl);

    // The comment, approved and published, is masked.
    const comments = citizen.page.locator(".public-comments");
    expect(await comments.innerText()).toContain("Hồ sơ trả chậm, xin gọi lại cho tôi số [số điện thoại] vào buổi sáng.");
    expect(await citizen.page.content()).not.toContain("0912");

    // The dashboard, reading live figures, agrees with the new revision.
    await admin.page.goto(`/dashboard?period=${MONTH}`);
    expect(await scorecardOf(admin.page)).toEqual(second);

    // The same in English, and as open data.
    await citizen.page.goto(`${publicUrl}&lang=en`);
    await citizen.page.getByRole("heading", { level: 1, name: /Citizen satisfaction results/ }).waitFor();
    const api = await fetch(`${app.baseUrl}/api/v1/public/results?period=${MONTH}`);
    expect(api.status).toBe(200);
    const json = await api.json();
    expect(json).toMatchObject({ period: MONTH, revision: 2, current: true });
    expect(json.revisions.map((r: { revision: number }) => r.revision)).toEqual([2, 1]);
    expect(JSON.stringify(json)).not.toContain("0912");
    const etag = api.headers.get("ETag")!;
    expect((await fetch(`${app.baseUrl}/api/v1/public/results?period=${MONTH}`, { headers: { "If-None-Match": etag } })).status).toBe(304);
    const page = await fetch(`${app.baseUrl}${publicUrl}`);
    expect(Buffer.from(await page.clone().arrayBuffer()).indexOf(0)).toBe(-1);
    expect((await fetch(`${app.baseUrl}${publicUrl}`, { headers: { "If-None-Match": page.headers.get("ETag")! } })).status).toBe(304);
  });
});
