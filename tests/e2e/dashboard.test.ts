import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { periodKeyOf } from "~/domain/periods";
import { vietnamDate } from "~/domain/vietnam-time";
import { launchPhones, type Phone } from "../setup/browser";
import { openServerDatabase } from "../setup/server-database";
import { createToken, getAs, signIn } from "./support/callers";
import { ADMINISTRATIVE_ANSWERS, administrativeFormFields, newClientId, postSurveyForm } from "./support/submissions";
import { MS_PER_DAY } from "~/domain/vietnam-time";
import { wcagViolations } from "./support/axe";

/*
 * The dashboard as a land manager and a viewer use it, on a phone and a
 * laptop: every figure shown must be the one GET /api/v1/indices gives for the
 * same query, a manager must never see another sector, and the page must work
 * for screen readers and without JavaScript.
 */

const SCREENSHOTS = path.resolve("test-results");
const baseUrl = inject("baseUrl");
const db = openServerDatabase();
let phones: Awaited<ReturnType<typeof launchPhones>>;
const cookies: { manager: string; viewer: string } = { manager: "", viewer: "" };

const now = new Date();
const today = vietnamDate(now);
const year = today.slice(0, 4);
const quarter = periodKeyOf(today, "quarter");
const month = periodKeyOf(today, "month");
/** Twenty-nine days back: the furthest an offline kiosk may report, and (most days) another month. */
const monthAgo = new Date(now.getTime() - 29 * MS_PER_DAY);
const MARKER = "E2E bảng điều khiển";

type Figure = { n: number; rate: number | null; ciLow: number | null; ciHigh: number | null };
type ApiRow = {
  key: string;
  respondents: number;
  overall: Figure | null;
  answers: Figure;
  headline: string | null;
  status: string | null;
  side: string | null;
};

/** GET /api/v1/indices as the signed-in staff member, for the same query the page shows. */
async function apiRows(cookie: string, params: Record<string, string>): Promise<ApiRow[]> {
  const response = await getAs({ cookie }, `/api/v1/indices?${new URLSearchParams(params).toString()}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { rows: ApiRow[] }).rows;
}

/** "85,3%" → 85.3 */
const percentOf = (text: string) => Number(text.replace("%", "").replace(",", ".").trim());

/** The headline figures a card shows, read as a person reads them. */
async function cardFigures(page: Page, sector: string) {
  const card = page.locator(`[data-sector="${sector}"]`);
  const estimate = (await card.locator('[data-figure="estimate"]').textContent()) ?? "";
  const interval = (await card.locator('[data-figure="interval"]').textContent()) ?? "";
  const n = (await card.locator('[data-figure="n"]').textContent()) ?? "";
  const [, low = "", high = ""] = /([\d,]+)–([\d,]+)%/.exec(interval) ?? [];
  return {
    estimate: percentOf(estimate),
    low: percentOf(low),
    high: percentOf(high),
    n: Number(/n = ([\d.]+)/.exec(n)?.[1]?.replace(/\./g, "")),
    status: await card.locator(".status").getAttribute("data-status"),
    statusText: (await card.locator(".status").textContent()) ?? "",
  };
}

/**
 * The page shows the API's figure, to the one decimal it displays: the
 * sector's headline index (health's target is on all answers, with respondents
 * as its n; the others' on the overall question).
 */
function expectSameFigure(shown: Awaited<ReturnType<typeof cardFigures>>, api: ApiRow | undefined) {
  expect(api, "the API has a row for it").toBeDefined();
  const overall = api!.headline === "answers" ? { ...api!.answers, n: api!.respondents } : api!.overall!;
  expect(shown.n).toBe(overall.n);
  expect(Math.abs(shown.estimate - overall.rate! * 100)).toBeLessThanOrEqual(0.051);
  expect(Math.abs(shown.low - overall.ciLow! * 100)).toBeLessThanOrEqual(0.051);
  expect(Math.abs(shown.high - overall.ciHigh! * 100)).toBeLessThanOrEqual(0.051);
  expect(shown.status).toBe(api!.status);
}

const STATUS_WORDS: Record<string, RegExp> = {
  meets: /Đạt mục tiêu/,
  below: /Chưa đạt mục tiêu/,
  inconclusive: /Chưa kết luận được: ước lượng đang (cao|thấp) hơn mục tiêu/,
  insufficient: /Chưa đủ mẫu \(n < 30\)/,
};

/** The dates the page says it shows (the period picker carries them). */
async function shownRange(page: Page) {
  const picker = page.locator(".period-picker");
  return { from: (await picker.getAttribute("data-from"))!, to: (await picker.getAttribute("data-to"))! };
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** A phone (or, with a width, a laptop) signed in with a session cookie; errors in its console fail the test. */
async function withStaff(
  cookie: string | null,
  options: { width?: number; javaScriptEnabled?: boolean },
  use: (phone: Phone, errors: string[]) => Promise<void>,
) {
  const phone = await phones.openPhone(options);
  const errors: string[] = [];
  phone.page.on("pageerror", (error) => errors.push(error.message));
  phone.page.on("console", (message) => {
    // A 403 page is a deliberate answer, which the browser logs as a failed resource.
    if (message.type() === "error" && !/status of 40[34]/.test(message.text())) errors.push(message.text());
  });
  if (cookie) {
    const [name, value] = cookie.split("=", 2) as [string, string];
    await phone.context.addCookies([{ name, value, url: baseUrl }]);
  }
  try {
    await use(phone, errors);
  } finally {
    await phone.close();
  }
}

/**
 * Waits for the page to show the figures of `address` (path and query): a
 * client-side navigation changes the URL a moment before the new figures render.
 */
async function showing(page: Page, address: string) {
  await page.waitForURL((url) => url.pathname + url.search === address);
  await page.locator(`main[data-url="${address}"]`).waitFor();
}

/** Waits until React has hydrated the page (the trend chart's canvas appears only then). */
async function hydrated(page: Page) {
  await page.locator(".chart-canvas canvas").first().waitFor({ state: "visible", timeout: 15_000 });
}

async function submitAsKiosk(token: string, body: Record<string, unknown>) {
  const response = await fetch(`${baseUrl}/api/v1/responses`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

beforeAll(async () => {
  phones = await launchPhones();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  cookies.manager = await signIn("manager.land@demo.vn");
  cookies.viewer = await signIn("viewer@demo.vn");

  // A counter kiosk is trusted: no rate limit and no flag, so every index counts these.
  const kiosk = await createToken(db, "kiosk");
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();
  for (let i = 0; i < 34; i += 1) {
    const overall = i % 9 === 4 ? 2 : i % 2 === 0 ? 5 : 4;
    await submitAsKiosk(kiosk, { id: newClientId(), servicePoint: "TT-DD-01", locale: "vi", answeredAt: minutesAgo(30 + i), answers: { ...ADMINISTRATIVE_ANSWERS, overall } });
  }
  for (let i = 0; i < 8; i += 1) {
    await submitAsKiosk(kiosk, {
      id: newClientId(),
      servicePoint: "TT-DD-01",
      locale: "vi",
      answeredAt: new Date(monthAgo.getTime() + i * 60_000).toISOString(),
      answers: { ...ADMINISTRATIVE_ANSWERS, overall: i < 4 ? 2 : 4 },
    });
  }
  // Three comments at a small ward desk (too few respondents to be judged), oldest first.
  const comments: Array<[number, string]> = [
    [2, `${MARKER} 1: phải đi lại nhiều lần.`],
    [5, `${MARKER} 2: cán bộ rất tận tình.`],
    [1, `${MARKER} 3: chờ quá lâu.`],
  ];
  for (const [i, [overall, comment]] of comments.entries()) {
    await submitAsKiosk(kiosk, {
      id: newClientId(),
      servicePoint: "TV-01",
      sector: "land",
      locale: "vi",
      answeredAt: minutesAgo(20 - i * 5),
      answers: { ...ADMINISTRATIVE_ANSWERS, overall, comment },
    });
  }
  for (const overall of [5, 4, 3]) {
    await submitAsKiosk(kiosk, { id: newClientId(), servicePoint: "TT-XD-01", locale: "vi", answers: { ...ADMINISTRATIVE_ANSWERS, overall } });
  }
  // Two anonymous form posts that filled the honeypot: kept, flagged, out of the indices by default.
  for (let i = 0; i < 2; i += 1) {
    const posted = await postSurveyForm("TT-DD-01", administrativeFormFields(newClientId(), [["website", "http://spam.example"]]));
    expect(posted.status).toBe(303);
  }
});

afterAll(async () => {
  await phones.close();
  await db.destroy();
});

describe("signing in", () => {
  test("an anonymous visitor is sent to the login page and, signed in, lands on the dashboard address they asked for", () =>
    withStaff(null, {}, async ({ page }) => {
      const asked = `/dashboard/sectors/land?period=${quarter}`;
      await page.goto(asked);
      expect(new URL(page.url()).pathname).toBe("/login");
      expect(new URL(page.url()).searchParams.get("redirectTo")).toBe(asked);
      await page.getByLabel("Thư điện tử").fill("manager.land@demo.vn");
      await page.getByLabel("Mật khẩu").fill("hailong-demo");
      await page.getByRole("button", { name: "Đăng nhập" }).click();
      await showing(page, asked);
      expect(await page.locator("h1").textContent()).toBe("Ngành Đất đai");
      expect(await page.getByTestId("period-label").textContent()).toBe(`Quý ${quarter.slice(6)}/${year}`);
    }));
});

describe("a land manager on a phone", () => {
  test("sees only the land card, with its status in words and the API's figures; then changes the period and the URL and figures follow", () =>
    withStaff(cookies.manager, {}, async ({ page }, errors) => {
      await page.goto("/dashboard");
      expect(await page.locator("h1").textContent()).toBe("Tổng quan mức độ hài lòng");
      expect(await page.locator("[data-sector]").evaluateAll((cards) => cards.map((c) => c.getAttribute("data-sector")))).toEqual(["land"]);
      const card = page.locator('[data-sector="land"]');
      expect(await card.locator("h3").textContent()).toBe("Đất đai");

      // The default view is this year so far, as the API's default.
      expect(await shownRange(page)).toEqual({ from: `${year}-01-01`, to: today });
      const yearShown = await cardFigures(page, "land");
      const [yearApi] = await apiRows(cookies.manager, { from: `${year}-01-01`, to: today });
      expectSameFigure(yearShown, yearApi);
      expect(yearShown.statusText).toMatch(STATUS_WORDS[yearShown.status!]!);
      expect(await card.textContent()).toContain("Mục tiêu: trên 85%");
      expect(await card.textContent()).toMatch(/(so với|Không có số liệu) Năm \d{4}/);
      await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard-overview-390.png"), fullPage: true });

      // The quarter: picked from the list, sent as a plain GET form.
      await page.locator('select[name="period"]').selectOption(quarter);
      await page.getByRole("button", { name: "Xem kỳ này" }).click();
      await showing(page, `/dashboard?period=${quarter}`);
      expect(await page.getByTestId("period-label").textContent()).toBe(`Quý ${quarter.slice(6)}/${year}`);
      const quarterRange = await shownRange(page);
      expect(quarterRange.to).toBe(today);
      expectSameFigure(await cardFigures(page, "land"), (await apiRows(cookies.manager, quarterRange))[0]);

      // The month: the responses a kiosk sent 29 days ago drop out when that was another month.
      await page.locator('select[name="period"]').selectOption(month);
      await page.getByRole("button", { name: "Xem kỳ này" }).click();
      await showing(page, `/dashboard?period=${month}`);
      const monthShown = await cardFigures(page, "land");
      expectSameFigure(monthShown, (await apiRows(cookies.manager, await shownRange(page)))[0]);
      if (vietnamDate(monthAgo).slice(0, 7) !== today.slice(0, 7)) expect(monthShown.n).toBeLessThan(yearShown.n);

      // A shared link shows the same view.
      const shared = page.url();
      await page.goto("/dashboard");
      await page.goto(shared);
      expect(await cardFigures(page, "land")).toEqual(monthShown);
      expect(errors).toEqual([]);
    }));

  test("opens the land page from its card and a service point from the ranking, with the API's figures", () =>
    withStaff(cookies.manager, {}, async ({ page }, errors) => {
      await page.goto(`/dashboard?period=${year}`);
      await page.locator('[data-sector="land"] h3 a').click();
      await showing(page, `/dashboard/sectors/land?period=${year}`);
      await hydrated(page);
      const range = await shownRange(page);
      expectSameFigure(await cardFigures(page, "land"), (await apiRows(cookies.manager, { ...range, sector: "land" }))[0]);

      // Every ranked service point row shows the API's figure and n, and its rank with the range its
      // interval allows ("2 (1–4)", read out "hạng 2, có thể từ 1 đến 4"); a small one is listed apart, with its n.
      const points = await apiRows(cookies.manager, { ...range, sector: "land", groupBy: "servicePoint" });
      const ranked = points.filter((p) => p.overall!.n >= 30);
      const rows = page.locator('[data-breakdown="by-point"] tbody tr');
      expect(await rows.count()).toBe(ranked.length);
      for (const point of ranked) {
        const row = page.locator(`[data-breakdown="by-point"] tr[data-unit="${point.key}"]`);
        expect(Number((await row.locator('[data-figure="n"]').textContent())!.replace(/\./g, ""))).toBe(point.overall!.n);
        expect(Math.abs(percentOf((await row.locator('[data-figure="estimate"]').textContent())!) - point.overall!.rate! * 100)).toBeLessThanOrEqual(0.051);
        // Best = 1 + the points whose interval lies wholly above; worst = ranked − those wholly below.
        const above = ranked.filter((o) => o.overall!.ciLow! > point.overall!.ciHigh!).length;
        const below = ranked.filter((o) => o.overall!.ciHigh! < point.overall!.ciLow!).length;
        const [best, worst] = [1 + above, ranked.length - below];
        const rankCell = row.locator('[data-figure="rank"]');
        const rank = 1 + ranked.filter((o) => o.overall!.rate! > point.overall!.rate!).length;
        expect(await rankCell.locator(".visually-hidden").textContent()).toBe(
          best === worst ? `hạng ${rank}; khoảng tin cậy không cho phép hạng khác` : `hạng ${rank}, có thể từ ${best} đến ${worst}`,
        );
        expect(await rankCell.locator('[aria-hidden="true"]').textContent()).toBe(best === worst ? `${rank}` : `${rank} (${best}–${worst})`);
      }
      const small = points.filter((p) => p.overall!.n < 30);
      expect(small.map((p) => p.key)).toContain("TV-01");
      expect(await page.locator('[data-unranked="by-point"] h4').textContent()).toBe("Chưa đủ số phiếu để xếp hạng");
      for (const point of small) {
        expect(await page.locator(`[data-breakdown="by-point"] tr[data-unit="${point.key}"]`).count()).toBe(0);
        expect(await page.locator(`[data-unranked="by-point"] li[data-unit="${point.key}"]`).textContent()).toContain(`n = ${point.overall!.n}`);
      }

      // Satisfaction by submission channel: each answer's figure, interval and n as the API's choice grouping.
      const channels = await apiRows(cookies.manager, { ...range, sector: "land", groupBy: "choice", question: "submission_channel" });
      expect(await page.locator("#by-choice-submission_channel-title").textContent()).toBe("Mức độ hài lòng theo hình thức nộp hồ sơ");
      for (const channel of channels) {
        const row = page.locator(`[data-by-choice="submission_channel"] tr[data-answer="${channel.key}"]`);
        expect(Number((await row.locator('[data-figure="n"]').textContent())!.replace(/\./g, ""))).toBe(channel.overall!.n);
        if (channel.overall!.rate !== null) {
          expect(Math.abs(percentOf((await row.locator('[data-figure="estimate"]').textContent())!) - channel.overall!.rate * 100)).toBeLessThanOrEqual(0.051);
        }
      }
      expect(await page.locator('[data-by-choice="visits"] tbody tr').count()).toBeGreaterThan(0);
      // The ranking tables and the choice tables scroll inside their frames on the phone, not the page.
      expect(await horizontalOverflow(page)).toBe(0);
      await page.locator("section.units").screenshot({ path: path.join(SCREENSHOTS, "dashboard-land-ranking-390.png") });
      await page.locator("section.choice-satisfaction").screenshot({ path: path.join(SCREENSHOTS, "dashboard-land-by-choice-390.png") });

      // The ranking can be re-sorted by n, in the browser.
      await page.locator('[data-breakdown="by-point"] th button', { hasText: "n (người)" }).click();
      const sortedNs = await page
        .locator('[data-breakdown="by-point"] tbody [data-figure="n"]')
        .evaluateAll((cells) => cells.map((c) => Number(c.textContent!.replace(/\./g, ""))));
      expect(sortedNs).toEqual([...sortedNs].sort((a, b) => b - a));

      await page.locator('[data-breakdown="by-point"] tr[data-unit="TT-DD-01"] th a').click();
      await showing(page, `/dashboard/sectors/land?period=${year}&servicePoint=TT-DD-01`);
      expect(await page.locator("h1").textContent()).toContain("Quầy số 1 — Đất đai");
      expect(await page.getByTestId("unit-filter").textContent()).toContain("Đang xem riêng quầy Quầy số 1 — Đất đai");
      expectSameFigure(
        await cardFigures(page, "land"),
        (await apiRows(cookies.manager, { ...range, sector: "land", servicePoint: "TT-DD-01" }))[0],
      );
      expect(await page.locator('[data-breakdown="by-point"] tbody tr').count()).toBe(1);
      await hydrated(page);
      expect(await wcagViolations(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard-land-unit-390.png"), fullPage: true });
      expect(errors).toEqual([]);
    }));

  test("gets a 403 page in Vietnamese, and no figures, for another sector's address", () =>
    withStaff(cookies.manager, {}, async ({ page }) => {
      for (const address of ["/dashboard/sectors/health", `/dashboard/sectors/health?period=${year}`, "/dashboard/sectors/land?servicePoint=BV-KKB"]) {
        const response = await page.goto(address);
        expect(response!.status(), address).toBe(403);
        expect(await page.locator("h1").textContent()).toBe("Không có quyền truy cập");
        expect(await page.locator("main").textContent()).toContain("chỉ được xem số liệu của ngành được giao");
        expect(await page.locator("[data-sector], .data-table").count()).toBe(0);
      }
      // The navigation offers only the manager's own sector (and the pages across sectors, scoped the same way).
      expect(await page.locator(".dash-nav a").allTextContents()).toEqual(["Tổng quan", "Đất đai", "Đúng hạn", "Xin lỗi trễ hẹn", "Phản ánh", "Duyệt góp ý"]);
      expect(await wcagViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard-forbidden-390.png"), fullPage: true });

      expect((await page.goto("/dashboard/sectors/nope"))!.status()).toBe(404);
      expect(await page.locator("h1").textContent()).toBe("Không tìm thấy ngành");
      expect((await page.goto("/dashboard/sectors/land?period=2026-13"))!.status()).toBe(400);
      expect(await page.locator("h1").textContent()).toBe("Địa chỉ trang không hợp lệ");
    }));

  test("reads the comments newest first and filters them by service point and rating", () =>
    withStaff(cookies.manager, {}, async ({ page }) => {
      await page.goto(`/dashboard/sectors/land?period=${year}`);
      await page.locator("form.filter-form select[name=unit]").selectOption("TV-01");
      await page.getByRole("button", { name: "Lọc góp ý" }).click();
      await showing(page, `/dashboard/sectors/land?period=${year}&unit=TV-01`);
      const texts = () => page.locator(".comment-text").allTextContents();
      expect(await texts()).toEqual([`${MARKER} 3: chờ quá lâu.`, `${MARKER} 2: cán bộ rất tận tình.`, `${MARKER} 1: phải đi lại nhiều lần.`]);
      expect(await page.locator(".comment .rating").allTextContents()).toEqual([
        "Đánh giá chung: 1 · Rất không hài lòng",
        "Đánh giá chung: 5 · Rất hài lòng",
        "Đánh giá chung: 2 · Không hài lòng",
      ]);
      expect(await page.locator('[data-figure="comments-total"]').textContent()).toBe("Góp ý 1–3 trong tổng số 3, mới nhất trước.");

      await page.locator("form.filter-form select[name=rating]").selectOption("dissatisfied");
      await page.getByRole("button", { name: "Lọc góp ý" }).click();
      await showing(page, `/dashboard/sectors/land?period=${year}&rating=dissatisfied&unit=TV-01`);
      expect(await texts()).toEqual([`${MARKER} 3: chờ quá lâu.`, `${MARKER} 1: phải đi lại nhiều lần.`]);

      await page.locator("form.filter-form select[name=rating]").selectOption("5");
      await page.getByRole("button", { name: "Lọc góp ý" }).click();
      await showing(page, `/dashboard/sectors/land?period=${year}&rating=5&unit=TV-01`);
      expect(await texts()).toEqual([`${MARKER} 2: cán bộ rất tận tình.`]);
    }));

  test("counts the flagged responses with their reasons, and the switch counts them in", () =>
    withStaff(cookies.manager, {}, async ({ page }) => {
      await page.goto(`/dashboard/sectors/land?period=${year}`);
      const range = await shownRange(page);
      const flagged = Number(/Có (\d+) phản hồi bị gắn cờ/.exec((await page.locator('[data-figure="flagged-total"]').textContent())!)?.[1]);
      expect(flagged).toBeGreaterThanOrEqual(2);
      expect(await page.locator(".flag-reasons").textContent()).toContain("Điền vào ô ẩn dành cho máy tự động");
      const before = await cardFigures(page, "land");
      expectSameFigure(before, (await apiRows(cookies.manager, { ...range, sector: "land" }))[0]);

      const flagSwitch = page.getByRole("button", { name: "Tính cả phản hồi bị gắn cờ vào chỉ số" });
      expect(await flagSwitch.getAttribute("aria-pressed")).toBe("false");
      await flagSwitch.click();
      await showing(page, `/dashboard/sectors/land?period=${year}&includeFlagged=1`);
      expect(await flagSwitch.getAttribute("aria-pressed")).toBe("true");
      expect(await page.locator(".notice").textContent()).toContain("đang tính cả các phản hồi bị gắn cờ");
      const after = await cardFigures(page, "land");
      expectSameFigure(after, (await apiRows(cookies.manager, { ...range, sector: "land", includeFlagged: "1" }))[0]);
      expect(after.n).toBeGreaterThanOrEqual(before.n + 2);

      await flagSwitch.click();
      await showing(page, `/dashboard/sectors/land?period=${year}`);
      expect((await cardFigures(page, "land")).n).toBe(before.n);
    }));

  test("without JavaScript, reads the tables and changes the period with the plain form", () =>
    withStaff(cookies.manager, { javaScriptEnabled: false }, async ({ page }) => {
      await page.goto("/dashboard/sectors/land");
      expect(await page.locator("canvas").count()).toBe(0);
      expect(await page.locator("#trend-caption").count()).toBe(1);
      expect(await page.locator('[data-table="by-question"] tbody tr').count()).toBeGreaterThan(0);
      await page.locator('select[name="period"]').selectOption(quarter);
      await page.getByRole("button", { name: "Xem kỳ này" }).click();
      await showing(page, `/dashboard/sectors/land?period=${quarter}`);
      expectSameFigure(await cardFigures(page, "land"), (await apiRows(cookies.manager, { ...(await shownRange(page)), sector: "land" }))[0]);

      // A custom range from the second form; its dates land in the URL.
      await page.locator("details.custom-range summary").click();
      await page.getByLabel("Từ ngày").fill(`${year}-01-01`);
      await page.getByLabel("Đến ngày").fill(today);
      await page.getByRole("button", { name: "Xem khoảng ngày này" }).click();
      await showing(page, `/dashboard/sectors/land?from=${year}-01-01&to=${today}`);
      expect(await shownRange(page)).toEqual({ from: `${year}-01-01`, to: today });
    }));
});

describe("a viewer", () => {
  test("sees a card for every sector, each with the API's figures or no data", () =>
    withStaff(cookies.viewer, { width: 1280 }, async ({ page }, errors) => {
      await page.goto("/dashboard");
      const sectors = await page.locator("[data-sector]").evaluateAll((cards) => cards.map((c) => c.getAttribute("data-sector")));
      expect(sectors).toEqual(["land", "construction", "investment", "health", "education", "admin"]);
      const rows = await apiRows(cookies.viewer, await shownRange(page));
      for (const sector of sectors) {
        const row = rows.find((r) => r.key === sector);
        if (row) expectSameFigure(await cardFigures(page, sector!), row);
        else expect(await page.locator(`[data-sector="${sector}"]`).textContent()).toContain("Chưa có phản hồi trong kỳ này.");
      }
      expect(await wcagViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard-overview-1280.png"), fullPage: true });
      expect(errors).toEqual([]);
    }));
});

describe("accessible and readable on a phone and a laptop", () => {
  test.each([
    ["the overview", "/dashboard", 390],
    ["the land page", "/dashboard/sectors/land", 390],
    ["the land page", "/dashboard/sectors/land", 1280],
    ["the land page in English", "/dashboard/sectors/land?lang=en", 390],
  ])("%s (%s) at %i px: no axe violations, no sideways scrolling, every chart has its table", (name, address, width) =>
    withStaff(cookies.manager, { width }, async ({ page }, errors) => {
      await page.goto(address);
      if (address.includes("sectors")) {
        await hydrated(page);
        // Each canvas has a name and sits beside a table of the same numbers.
        for (const figure of await page.locator(".chart-figure:has(canvas)").all()) {
          expect(await figure.locator("canvas").getAttribute("aria-label")).toMatch(/\S/);
          expect(await figure.locator("table").count()).toBe(1);
        }
      }
      expect(await wcagViolations(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);
      const file = `dashboard-${address.includes("sectors") ? "land" : "overview"}${address.includes("lang=en") ? "-en" : ""}-${width}.png`;
      await page.screenshot({ path: path.join(SCREENSHOTS, file), fullPage: true });
      expect(errors, name).toEqual([]);
    }));
});
