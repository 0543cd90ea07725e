import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { SERVICE_POINTS } from "#db/seed/organisation";
import { createTickets } from "~/modules/tickets/tickets.repository.server";
import { launchPhones, type Phone } from "../setup/browser";
import {
  countResponses,
  findServicePointId,
  findStoredAnswers,
  findStoredResponse,
  openServerDatabase,
} from "../setup/server-database";
import { administrativeFormFields, newClientId, postSurveyForm, visibleText } from "./support/submissions";
import {
  choose,
  ENGLISH_CHOICES,
  errorBeside,
  isChosen,
  question,
  send,
  STORED_CHOICES,
  VIETNAMESE_CHOICES,
  without,
} from "./support/survey-page";

const db = openServerDatabase();
let phones: Awaited<ReturnType<typeof launchPhones>>;
beforeAll(async () => {
  phones = await launchPhones();
});
afterAll(async () => {
  await phones.close();
  await db.destroy();
});

/** Runs a test on a fresh phone (its own cookies: its own device) and always puts the phone away. */

const heading = (phone: Phone) => phone.page.getByRole("heading", { level: 1 }).textContent();
const REQUIRED_MESSAGE = "Xin Ông/Bà chọn một câu trả lời cho câu này.";

describe("a citizen at a land counter", () => {
  for (const javaScriptEnabled of [true, false]) {
    const js = `with JavaScript ${javaScriptEnabled ? "on" : "off"}`;

    test(`completes the survey ${js} and one response is stored`, () =>
      phones.withPhone({ javaScriptEnabled }, async (phone) => {
        const { page } = phone;
        await page.goto("/s/TT-DD-01");
        expect(await heading(phone)).toContain("Quầy số 1 — Đất đai");
        const clientId = await page.locator('input[name="id"]').inputValue();
        await choose(page, VIETNAMESE_CHOICES);
        await page.getByLabel(/Ông\/Bà có góp ý gì/).fill("Cán bộ rất nhiệt tình.");
        await page.getByRole("button", { name: "Gửi đánh giá" }).click();
        await page.waitForURL(/\/s\/TT-DD-01\/thanks/);
        expect(await heading(phone)).toBe("Cảm ơn Ông/Bà!");
        expect(await countResponses(db, { clientId })).toBe(1);
        expect(await findStoredAnswers(db, clientId)).toEqual({ ...STORED_CHOICES, comment: "Cán bộ rất nhiệt tình." });
      }));

    test(`taps the send button twice quickly ${js}: one response is stored and the thank-you page shows`, () =>
      phones.withPhone({ javaScriptEnabled }, async (phone) => {
        const { page } = phone;
        await page.goto("/s/TT-DD-01");
        const clientId = await page.locator('input[name="id"]').inputValue();
        await choose(page, VIETNAMESE_CHOICES);
        await page.getByRole("button", { name: "Gửi đánh giá" }).dblclick();
        // Without JavaScript the browser may abandon the first post for the second: wait for where it ends up.
        await expect.poll(() => page.url(), { timeout: 20_000 }).toMatch(/\/s\/TT-DD-01\/thanks/);
        await page.waitForLoadState();
        expect(await heading(phone)).toBe("Cảm ơn Ông/Bà!");
        expect(await countResponses(db, { clientId })).toBe(1);
      }));

    test(`goes back from the thank-you page and sends the form again ${js}: still one response`, () =>
      phones.withPhone({ javaScriptEnabled }, async (phone) => {
        const { page } = phone;
        await page.goto("/s/TT-DD-01");
        const clientId = await page.locator('input[name="id"]').inputValue();
        await choose(page, VIETNAMESE_CHOICES);
        await page.getByRole("button", { name: "Gửi đánh giá" }).click();
        await page.waitForURL(/\/thanks/);

        await page.goBack();
        expect(await page.locator('input[name="id"]').inputValue()).toBe(clientId);
        expect(await isChosen(page, "overall", "5 · Rất hài lòng")).toBe(true);
        const again = await send(page);
        await page.waitForURL(/\/thanks/);
        expect(again.status()).toBe(303);
        expect(await heading(phone)).toBe("Cảm ơn Ông/Bà!");
        expect(await countResponses(db, { clientId })).toBe(1);
      }));

    test(`leaves questions unanswered ${js}: the page says which, beside each, and keeps every answer given`, () =>
      phones.withPhone({ javaScriptEnabled }, async (phone) => {
        const { page } = phone;
        await page.goto("/s/TT-DD-01");
        const clientId = await page.locator('input[name="id"]').inputValue();
        const missing = ["as_posted", "courtesy", "on_time"];
        const given = { ...without(VIETNAMESE_CHOICES, ...missing), posted: "2 · Không hài lòng", visits: "3 lần trở lên" };
        await choose(page, given);
        await page.getByLabel(/Ông\/Bà có góp ý gì/).fill("Phải chờ lâu, nhưng cán bộ chu đáo.");

        const refused = await send(page);
        expect(refused.status()).toBe(400);
        await page.locator("#error-summary").waitFor();
        // The summary takes the focus, so it is in view (and read out) wherever the button was.
        expect(await page.evaluate(() => document.activeElement?.id)).toBe("error-summary");
        expect(await page.locator("#error-summary h2").textContent()).toBe("Vui lòng kiểm tra lại 3 câu trả lời");
        // Unanswered questions share one short line, each a link to its question.
        expect(await page.locator("#error-summary li").allTextContents()).toEqual(["Chưa trả lời: Câu 3, Câu 4, Câu 10"]);
        expect(await page.locator("#error-summary a").evaluateAll((links) => links.map((a) => a.getAttribute("href")))).toEqual([
          "#q-as_posted",
          "#q-courtesy",
          "#q-on_time",
        ]);
        // The 400 page may still be replacing the old one when its response arrives: wait for what it says.
        for (const key of missing) await expect.poll(() => errorBeside(page, key)).toBe(REQUIRED_MESSAGE);
        expect(await errorBeside(page, "signage")).toBeNull();
        for (const [key, label] of Object.entries(given)) expect(await isChosen(page, key, label), key).toBe(true);
        expect(await page.getByLabel(/Ông\/Bà có góp ý gì/).inputValue()).toBe("Phải chờ lâu, nhưng cán bộ chu đáo.");
        expect(await countResponses(db, { clientId })).toBe(0);

        await choose(page, { as_posted: "4 · Hài lòng", courtesy: "4 · Hài lòng", on_time: "Trễ hẹn" });
        await page.getByRole("button", { name: "Gửi đánh giá" }).click();
        await page.waitForURL(/\/thanks/);
        expect(await countResponses(db, { clientId })).toBe(1);
        expect(await findStoredAnswers(db, clientId)).toMatchObject({
          posted: 2,
          visits: "3+",
          on_time: "late",
          comment: "Phải chờ lâu, nhưng cán bộ chu đáo.",
        });
      }));
  }

  test("re-posting the very same form body stores one response and shows the thank-you page both times", async () => {
    const page = await (await fetch(`${inject("baseUrl")}/s/TT-DD-01`)).text();
    const clientId = /name="id" value="([^"]+)"/.exec(page)?.[1] ?? "";
    const started = /name="started" value="([^"]+)"/.exec(page)?.[1] ?? "";
    const body: Array<[string, string]> = [
      ["id", clientId],
      ["started", started],
      ["lang", "vi"],
      ...Object.entries(STORED_CHOICES).map(([key, value]): [string, string] => [`q.${key}`, String(value)]),
    ];
    const first = await postSurveyForm("TT-DD-01", body);
    const second = await postSurveyForm("TT-DD-01", body);
    for (const reply of [first, second]) {
      expect(reply.status).toBe(303);
      expect(reply.location).toBe("/s/TT-DD-01/thanks?lang=vi");
    }
    expect(await countResponses(db, { clientId })).toBe(1);
  });

  test("switches to English with the visible link, and gets an English thank-you; the response is stored as English", () =>
    phones.withPhone({}, async (phone) => {
      const { page } = phone;
      await page.goto("/s/TT-DD-01");
      await page.getByRole("link", { name: "English" }).click();
      await page.waitForURL(/lang=en/);
      expect(await heading(phone)).toContain("Counter 1 — Land");
      expect(await question(page, "signage").locator("legend").textContent()).toContain(
        "The reception area has clear signs, enough seating and equipment.",
      );
      const clientId = await page.locator('input[name="id"]').inputValue();
      await choose(page, ENGLISH_CHOICES);
      await page.getByRole("button", { name: "Send my rating" }).click();
      await page.waitForURL(/\/thanks\?lang=en/);
      expect(await heading(phone)).toBe("Thank you!");
      expect(await findStoredResponse(db, clientId)).toMatchObject({ locale: "en", servicePoint: "TT-DD-01" });
      expect(await findStoredAnswers(db, clientId)).toEqual(STORED_CHOICES);
    }));
});

describe("a citizen at the commune's one-stop desk, which serves several sectors", () => {
  test("must say which kind of procedure it was, and the response is attributed to it", () =>
    phones.withPhone({ javaScriptEnabled: false }, async (phone) => {
      const { page } = phone;
      await page.goto("/s/HN-01");
      expect(await question(page, "sector").locator("legend").textContent()).toContain(
        "Ông/Bà vừa làm thủ tục thuộc lĩnh vực nào?",
      );
      const clientId = await page.locator('input[name="id"]').inputValue();
      await choose(page, VIETNAMESE_CHOICES);

      expect((await send(page)).status()).toBe(400);
      await expect.poll(() => errorBeside(page, "sector")).toBe("Xin chọn lĩnh vực thủ tục Ông/Bà vừa làm.");
      expect(await isChosen(page, "overall", "5 · Rất hài lòng")).toBe(true);

      await choose(page, { sector: "Xây dựng" });
      await page.getByRole("button", { name: "Gửi đánh giá" }).click();
      await page.waitForURL(/\/s\/HN-01\/thanks/);
      expect(await findStoredResponse(db, clientId)).toMatchObject({ servicePoint: "HN-01", sector: "construction" });
    }));
});

describe("a citizen with a per-dossier ticket from the receipt", () => {
  async function mintTicket(code: string, sector: string) {
    const sectorRow = await db.selectFrom("sectors").select("id").where("code", "=", sector).executeTakeFirstOrThrow();
    const [token] = await createTickets(db, {
      servicePointId: await findServicePointId(db, code),
      sectorId: sectorRow.id,
      dossierCode: `000.00.10.H42-${Date.now()}`,
      count: 1,
    });
    return token!;
  }

  test("answers once: the response comes through the ticket, and the ticket cannot be used again", () =>
    phones.withPhone({ javaScriptEnabled: false }, async (phone) => {
      const { page } = phone;
      const token = await mintTicket("HN-01", "admin");
      await page.goto(`/s/HN-01?t=${token}`);
      expect(await question(page, "sector").count()).toBe(0); // the ticket already names the sector
      const clientId = await page.locator('input[name="id"]').inputValue();
      await choose(page, VIETNAMESE_CHOICES);
      await page.getByRole("button", { name: "Gửi đánh giá" }).click();
      await page.waitForURL(/\/s\/HN-01\/thanks/);
      expect(await findStoredResponse(db, clientId)).toMatchObject({ channel: "ticket", sector: "admin", flagReasons: ["too_fast"] });

      const reopened = await page.goto(`/s/HN-01?t=${token}`);
      expect(reopened?.status()).toBe(409);
      expect(await heading(phone)).toBe("Phiếu đánh giá này đã được sử dụng");
      expect(await page.locator("form").count()).toBe(0);
    }));

  test("with an unknown ticket sees a 404 page offering to answer without one", () =>
    phones.withPhone({ javaScriptEnabled: false }, async (phone) => {
      const { page } = phone;
      const response = await page.goto("/s/HN-01?t=NOT-A-TICKET");
      expect(response?.status()).toBe(404);
      expect(await heading(phone)).toBe("Không tìm thấy phiếu đánh giá");
      await page.getByRole("link", { name: "Đánh giá không cần mã phiếu" }).click();
      await page.waitForURL(/\/s\/HN-01$/);
      expect(await heading(phone)).toContain("Bộ phận Một cửa xã Hưng Nguyên");
      expect(await page.locator('input[name="t"]').count()).toBe(0);
    }));
});

describe("a citizen who could not scan the QR", () => {
  test("finds every active service point on /s, grouped by agency, each linking to its survey", () =>
    phones.withPhone({ javaScriptEnabled: false }, async (phone) => {
      const { page } = phone;
      await page.goto("/s");
      expect(await heading(phone)).toBe("Chọn nơi Ông/Bà được phục vụ");
      const agencies = page.locator("section.agency");
      expect(await agencies.locator("h2").allTextContents()).toContain("Bệnh viện Hữu nghị Đa khoa Nghệ An");

      const hrefs = await page.locator(".point-list a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
      expect(hrefs.sort()).toEqual(SERVICE_POINTS.map((p) => `/s/${p.code}?lang=vi`).sort());
      const hospital = agencies.filter({ hasText: "Bệnh viện Hữu nghị Đa khoa Nghệ An" });
      expect(await hospital.locator(".point-list a").count()).toBe(2);

      await hospital.getByRole("link", { name: /Khoa Khám bệnh/ }).click();
      await page.waitForURL(/\/s\/BV-KKB/);
      expect(await heading(phone)).toContain("Khoa Khám bệnh");
    }));

  test("who types an unknown code sees a 404 page that leads to the list", () =>
    phones.withPhone({ javaScriptEnabled: false }, async (phone) => {
      const { page } = phone;
      const response = await page.goto("/s/NOPE");
      expect(response?.status()).toBe(404);
      expect(await heading(phone)).toBe("Không tìm thấy quầy dịch vụ");
      expect(await page.locator("main").textContent()).toContain('Mã quầy "NOPE" không tồn tại');
      await page.getByRole("link", { name: "Xem danh sách các quầy" }).click();
      await page.waitForURL(/\/s$/);
      expect(await heading(phone)).toBe("Chọn nơi Ông/Bà được phục vụ");
    }));

  test("cannot reach or answer a service point that was closed, and does not see it listed", () =>
    phones.withPhone({ javaScriptEnabled: false }, async (phone) => {
      const { page } = phone;
      await db.updateTable("service_points").set({ active: 0 }).where("code", "=", "TV-02").execute();
      try {
        const response = await page.goto("/s/TV-02");
        expect(response?.status()).toBe(404);
        expect(await heading(phone)).toBe("Không tìm thấy quầy dịch vụ");
        expect(await page.getByRole("link", { name: "Xem danh sách các quầy" }).getAttribute("href")).toBe("/s");

        const before = await countResponses(db, { servicePoint: "TV-02" });
        const posted = await postSurveyForm("TV-02", [["id", newClientId()], ["q.overall", "5"]]);
        expect(posted.status).toBe(404);
        expect(await countResponses(db, { servicePoint: "TV-02" })).toBe(before);

        await page.goto("/s");
        expect(await page.locator('.point-list a[href^="/s/TV-02"]').count()).toBe(0);
      } finally {
        await db.updateTable("service_points").set({ active: 1 }).where("code", "=", "TV-02").execute();
      }
    }));
});

describe("how fast a survey was filled in", () => {
  test("a survey sent within seconds of opening is stored, flagged too fast", () =>
    phones.withPhone({ javaScriptEnabled: false }, async (phone) => {
      const { page } = phone;
      await page.goto("/s/TT-DD-01");
      const clientId = await page.locator('input[name="id"]').inputValue();
      await choose(page, VIETNAMESE_CHOICES);
      await page.getByRole("button", { name: "Gửi đánh giá" }).click();
      await page.waitForURL(/\/thanks/);
      expect((await findStoredResponse(db, clientId))?.flagReasons).toContain("too_fast");
    }));

  test("a survey that took longer than 8 seconds is stored without any flag", () =>
    phones.withPhone({ javaScriptEnabled: false }, async (phone) => {
      const { page } = phone;
      // TT-DT-01 gets no other traffic in the run, so neither burst nor repeat flags can apply.
      await page.goto("/s/TT-DT-01");
      const opened = Date.now();
      const clientId = await page.locator('input[name="id"]').inputValue();
      await choose(page, VIETNAMESE_CHOICES);
      await page.waitForTimeout(Math.max(0, 8_500 - (Date.now() - opened)));
      await page.getByRole("button", { name: "Gửi đánh giá" }).click();
      await page.waitForURL(/\/thanks/);
      expect(await findStoredResponse(db, clientId)).toMatchObject({ servicePoint: "TT-DT-01", flagReasons: [] });
    }));
});

describe("a phone that keeps sending answers to one counter", () => {
  test("after six in an hour is shown the please-wait page, told by Retry-After when it may answer again", async () => {
    const base = inject("baseUrl");
    const opened = await fetch(`${base}/s/TT-DD-02`);
    const device = (opened.headers.get("Set-Cookie") ?? "").split(";")[0]!;
    expect(device).toMatch(/^hl_device=/);
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 7; i++) {
      last = await fetch(`${base}/s/TT-DD-02`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: device },
        body: new URLSearchParams(administrativeFormFields(newClientId())).toString(),
      });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([303, 303, 303, 303, 303, 303, 429]);
    const retryAfter = Number(last!.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(visibleText(await last!.text())).toContain("Ông/Bà đã gửi nhiều đánh giá");
  });
});
