import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchPhones, sidewaysScroll } from "../setup/browser";
import { countResponses, openServerDatabase } from "../setup/server-database";
import { csrfOf, postAdminForm, signInOnPage } from "./support/admin";
import { getAs, signIn } from "./support/callers";
import { administrativeFormFields, newClientId, postResponseJson, postSurveyForm, visibleText, ADMINISTRATIVE_ANSWERS } from "./support/submissions";
import { choose, VIETNAMESE_CHOICES } from "./support/survey-page";
import { wcagViolations } from "./support/axe";

/*
 * Follow-up cases through the production server: a citizen leaves a phone
 * with consent and gets a code, the land manager answers, /tra-cuu shows it;
 * bad inputs on every form; wrong codes limited per address (last: it uses
 * up this machine's address for an hour).
 */

const db = openServerDatabase();
let phones: Awaited<ReturnType<typeof launchPhones>>;
const cookies: Record<"manager" | "otherManager" | "viewer", string> = { manager: "", otherManager: "", viewer: "" };
beforeAll(async () => {
  phones = await launchPhones();
  cookies.manager = await signIn("manager.land@demo.vn");
  cookies.otherManager = await signIn("manager.health@demo.vn");
  cookies.viewer = await signIn("viewer@demo.vn");
});
afterAll(async () => {
  await phones.close();
  await db.destroy();
});



const caseOfCode = (code: string) => db.selectFrom("cases").selectAll().where("code", "=", code).executeTakeFirst();

/** A case opened through the JSON API, for the tests that start from one. */
async function caseThroughApi(contact: Record<string, string> = { phone: "0912345678" }): Promise<string> {
  const reply = await postResponseJson({ id: newClientId(), servicePoint: "TT-DD-01", answers: ADMINISTRATIVE_ANSWERS, contact, consent: true });
  expect(reply.status).toBe(201);
  return (reply.json as { case: { code: string } }).case.code;
}

describe("a dissatisfied citizen who leaves a phone number", () => {
  test("without JavaScript gets a tracking code on the thank-you page, /tra-cuu shows it open, and the land manager's answer shows there", () =>
    phones.withPhone({ javaScriptEnabled: false }, async (phone) => {
      const { page } = phone;
      await page.goto("/s/TT-DD-01");
      await expect.poll(() => page.getByText(/được xóa 90 ngày sau khi phản ánh được đóng/).count()).toBe(1);
      await choose(page, { ...VIETNAMESE_CHOICES, overall: "2 · Không hài lòng" });
      await page.getByLabel(/Ông\/Bà có góp ý gì/).fill("Hẹn trả kết quả nhưng bị trễ, không được báo trước.");
      await page.getByLabel("Số điện thoại", { exact: true }).fill("0912 345 678");
      await page.getByLabel(/Tôi đồng ý để cơ quan lưu/).check();
      await page.getByRole("button", { name: "Gửi đánh giá" }).click();
      await page.waitForURL(/\/s\/TT-DD-01\/thanks/);
      const code = await page.locator("[data-tracking-code]").getAttribute("data-tracking-code");
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
      expect(await page.locator(".tracking-code").textContent()).toBe(`${code!.slice(0, 5)}-${code!.slice(5)}`);
      // The address names neither the response nor the code.
      expect(page.url()).not.toContain(code!);
      expect(await caseOfCode(code!)).toMatchObject({ status: "open", contact_phone: "0912345678" });

      await page.getByRole("link", { name: "Tra cứu kết quả xử lý" }).click();
      await page.waitForURL(/\/tra-cuu\?/);
      expect(await page.locator("[data-case-status]").getAttribute("data-case-status")).toBe("open");
      expect(await page.locator(".case-status").textContent()).toBe("Đang xử lý");
      expect(await page.content()).not.toContain("0912345678");

      await phones.withPhone({ javaScriptEnabled: false }, async (staff) => {
        await signInOnPage(staff.page, "manager.land@demo.vn", "/dashboard/cases");
        await staff.page.getByRole("link", { name: `${code!.slice(0, 5)}-${code!.slice(5)}` }).click();
        await staff.page.waitForURL(new RegExp(`/dashboard/cases/${code}`));
        expect(await staff.page.locator("[data-contact]").textContent()).toContain("0912345678");
        expect(await staff.page.getByText("Hẹn trả kết quả nhưng bị trễ").count()).toBeGreaterThan(0);
        await staff.page.getByLabel(/Nội dung trả lời/).fill("Chúng tôi xin lỗi vì trả kết quả trễ; hồ sơ đã được trả ngày 02/12.");
        await staff.page.getByRole("button", { name: "Gửi trả lời" }).click();
        await staff.page.waitForURL(/saved=answer/);
        expect(await staff.page.locator("[data-case-status]").getAttribute("data-case-status")).toBe("answered");
      });

      // A lower-case code with a hyphen, as a citizen may type it.
      await page.goto(`/tra-cuu?code=${code!.slice(0, 5).toLowerCase()}-${code!.slice(5).toLowerCase()}`);
      expect(await page.locator(".case-status").textContent()).toBe("Đã trả lời");
      expect(await page.locator(".case-answer").textContent()).toBe("Chúng tôi xin lỗi vì trả kết quả trễ; hồ sơ đã được trả ngày 02/12.");
      const stored = await caseOfCode(code!);
      const messages = await db.selectFrom("outbox_messages").selectAll().where("subject_type", "=", "case").where("subject_id", "=", stored!.id).execute();
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ channel: "sms", recipient: "0912345678", kind: "case_answered" });
    }));

  test("with JavaScript on (the survey's script posts the form) the thank-you page shows the code too", () =>
    phones.withPhone({ javaScriptEnabled: true }, async (phone) => {
      const { page } = phone;
      await page.goto("/s/TT-DD-01");
      await choose(page, VIETNAMESE_CHOICES);
      await page.getByLabel("E-mail", { exact: true }).fill("dan@example.vn");
      await page.getByLabel(/Tôi đồng ý để cơ quan lưu/).check();
      await page.getByRole("button", { name: "Gửi đánh giá" }).click();
      await page.waitForURL(/\/s\/TT-DD-01\/thanks/);
      const code = await page.locator("[data-tracking-code]").getAttribute("data-tracking-code");
      expect(await caseOfCode(code!)).toMatchObject({ status: "open", contact_email: "dan@example.vn" });
      // The next survey from this phone without contact shows no code: the cookie is replaced, not left behind.
      await page.goto("/s/TT-DD-01");
      await choose(page, VIETNAMESE_CHOICES);
      await page.getByRole("button", { name: "Gửi đánh giá" }).click();
      await page.waitForURL(/\/s\/TT-DD-01\/thanks/);
      await page.waitForLoadState();
      expect(await page.locator("[data-tracking-code]").count()).toBe(0);
    }));

  test("in English, /tra-cuu speaks English", async () => {
    const code = await caseThroughApi();
    const response = await getAs({}, `/tra-cuu?code=${code}&lang=en`);
    expect(response.status).toBe(200);
    const text = visibleText(await response.text());
    expect(text).toContain("Being handled");
    expect(text).toContain("Follow your feedback");
  });
});

describe("bad contact details on the form", () => {
  test("a phone without the consent box is a 400 beside the box, the answers are kept, and nothing is stored", async () => {
    const clientId = newClientId();
    const reply = await postSurveyForm("TT-DD-01", administrativeFormFields(clientId, [["contact_phone", "0912345678"]]));
    expect(reply.status).toBe(400);
    const text = visibleText(reply.text);
    expect(text).toContain("Xin đánh dấu ô đồng ý nếu muốn được liên hệ");
    expect(reply.text).toMatch(/id="q-contact_consent"[\s\S]*?class="field-error"/);
    expect(reply.text).toContain('value="0912345678"');
    expect(reply.text).toMatch(/name="q.overall" checked="" value="4"/);
    expect(await countResponses(db, { clientId })).toBe(0);
  });

  test("a foreign phone, a bad e-mail and consent without contact are each refused beside their field", async () => {
    for (const [extra, message] of [
      [[["contact_phone", "+1 415 555 0100"], ["contact_consent", "1"]], "Số điện thoại không đúng"],
      [[["contact_email", `${"x".repeat(300)}@example.vn`], ["contact_consent", "1"]], "Địa chỉ e-mail không đúng"],
      [[["contact_consent", "1"]], "Xin nhập số điện thoại hoặc e-mail"],
    ] as Array<[Array<[string, string]>, string]>) {
      const clientId = newClientId();
      const reply = await postSurveyForm("TT-DD-01", administrativeFormFields(clientId, extra));
      expect(reply.status).toBe(400);
      expect(visibleText(reply.text)).toContain(message);
      expect(await countResponses(db, { clientId })).toBe(0);
    }
    // 100 KB in a contact field is over the survey's 64 KB form: refused whole (413), as any oversized body is.
    const clientId = newClientId();
    const huge = await postSurveyForm("TT-DD-01", administrativeFormFields(clientId, [["contact_email", "x".repeat(100_000)], ["contact_consent", "1"]]));
    expect(huge.status).toBe(413);
    expect(await countResponses(db, { clientId })).toBe(0);
  });

  test("the JSON API names the field, 201 and its repeat carry the same case code, and a repeat opens no second case", async () => {
    const id = newClientId();
    const body = { id, servicePoint: "TT-DD-01", answers: ADMINISTRATIVE_ANSWERS, contact: { email: "dan@example.vn" }, consent: true };
    const first = await postResponseJson(body);
    const again = await postResponseJson(body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    const code = (first.json as { case: { code: string } }).case.code;
    expect(again.json).toEqual({ id, case: { code } });
    const response = await db.selectFrom("responses").select("id").where("client_id", "=", id).executeTakeFirstOrThrow();
    expect(await db.selectFrom("cases").select("code").where("response_id", "=", response.id).execute()).toEqual([{ code }]);

    for (const [contact, consent, field] of [
      [{ phone: "0912345678" }, false, "consent"],
      [{ phone: "12345" }, true, "contact.phone"],
      [{ email: `${"a".repeat(300)}@example.vn` }, true, "contact.email"],
      [null, true, "contact"],
    ] as const) {
      const clientId = newClientId();
      const reply = await postResponseJson({ id: clientId, servicePoint: "TT-DD-01", answers: ADMINISTRATIVE_ANSWERS, contact, consent });
      expect(reply.status, field).toBe(400);
      expect(reply.json).toMatchObject({ field });
      expect(await countResponses(db, { clientId })).toBe(0);
    }
    const plain = await postResponseJson({ id: newClientId(), servicePoint: "TT-DD-01", answers: ADMINISTRATIVE_ANSWERS });
    expect(plain.status).toBe(201);
    expect(plain.json).not.toHaveProperty("case");
  });
});

describe("the staff's case pages", () => {
  test("another sector's manager gets 404, a viewer reads without the contact and may not post (403)", async () => {
    const code = await caseThroughApi();
    expect((await getAs({ cookie: cookies.otherManager }, `/dashboard/cases/${code}`)).status).toBe(404);
    const list = await (await getAs({ cookie: cookies.otherManager }, "/dashboard/cases")).text();
    expect(list).not.toContain(code);
    const viewerPage = await getAs({ cookie: cookies.viewer }, `/dashboard/cases/${code}`);
    expect(viewerPage.status).toBe(200);
    const html = await viewerPage.text();
    expect(html).not.toContain("0912345678");
    expect(html).not.toContain('name="_csrf"');
    const csrf = await csrfOf(cookies.manager, `/dashboard/cases/${code}`);
    const posted = await postAdminForm(cookies.viewer, `/dashboard/cases/${code}`, { intent: "close" }, { csrf });
    expect(posted.status).toBe(403);
    expect((await caseOfCode(code))!.status).toBe("open");
  });

  test("a forged form (no token, or another site's origin) is 403 and changes nothing", async () => {
    const code = await caseThroughApi();
    const path = `/dashboard/cases/${code}`;
    expect((await postAdminForm(cookies.manager, path, { intent: "close" })).status).toBe(403);
    const csrf = await csrfOf(cookies.manager, path);
    expect((await postAdminForm(cookies.manager, path, { intent: "close" }, { csrf, origin: "https://evil.example" })).status).toBe(403);
    expect((await caseOfCode(code))!.status).toBe("open");
  });

  test("100 KB of answer or note is a 400 beside the field, and nothing is stored; an impossible date likewise", async () => {
    const code = await caseThroughApi();
    const path = `/dashboard/cases/${code}`;
    const csrf = await csrfOf(cookies.manager, path);
    const huge = "Trả lời rất dài. ".repeat(6000);
    for (const [fields, message] of [
      [{ intent: "answer", answer: huge }, "Nội dung quá dài: tối đa 4000 ký tự."],
      [{ intent: "answer", answer: "   " }, "Xin nhập nội dung."],
      [{ intent: "note", note: huge }, "Nội dung quá dài: tối đa 4000 ký tự."],
      [{ intent: "changeDue", dueDate: "2026-02-30" }, "Xin nhập một ngày có thật"],
    ] as Array<[Record<string, string>, string]>) {
      const response = await postAdminForm(cookies.manager, path, fields, { csrf });
      expect(response.status, fields.intent).toBe(400);
      expect(visibleText(await response.text())).toContain(message);
    }
    const stored = await caseOfCode(code);
    expect(stored).toMatchObject({ status: "open", public_answer: null });
    expect(await db.selectFrom("case_notes").select("id").where("case_id", "=", stored!.id).execute()).toEqual([]);
    expect(await db.selectFrom("audit_log").select("id").where("entity_type", "=", "case").where("entity_id", "=", stored!.id).execute()).toEqual([]);
  });

  test("the lookup page and the case pages pass axe's WCAG 2.1 AA checks", () =>
    phones.withPhone({}, async ({ page }) => {
      const code = await caseThroughApi();
      await page.goto(`/tra-cuu?code=${code}`);
      expect(await wcagViolations(page)).toEqual([]);
      await signInOnPage(page, "manager.land@demo.vn", `/dashboard/cases/${code}`);
      expect(await wcagViolations(page)).toEqual([]);
      expect(await sidewaysScroll(page)).toBe(0);
      await page.goto("/dashboard/cases");
      expect(await wcagViolations(page)).toEqual([]);
      // A 390 px phone: the list's table scrolls inside its frame, the page does not.
      expect(await sidewaysScroll(page)).toBe(0);
    }));

  test("the responses CSV carries the case's answers but never its contact", async () => {
    const clientId = newClientId();
    const reply = await postResponseJson({
      id: clientId,
      servicePoint: "TT-DD-01",
      answers: { ...ADMINISTRATIVE_ANSWERS, comment: "Góp ý có liên hệ kèm theo" },
      contact: { phone: "0388 777 666", email: "rieng.tu@example.vn" },
      consent: true,
    });
    expect(reply.status).toBe(201);
    const csv = await (await getAs({ cookie: cookies.manager }, "/dashboard/export/responses.csv?includeFlagged=1")).text();
    expect(csv).toContain(clientId);
    expect(csv).toContain("Góp ý có liên hệ kèm theo");
    expect(csv).not.toContain("0388777666");
    expect(csv).not.toContain("rieng.tu@example.vn");
  });

  test("the overview counts overdue cases and links to the list, overdue first", async () => {
    const code = await caseThroughApi();
    await db.updateTable("cases").set({ due_at: "2026-01-01T00:00:00.000Z" }).where("code", "=", code).execute();
    const overview = await (await getAs({ cookie: cookies.manager }, "/dashboard")).text();
    const count = Number(/data-overdue-cases="(\d+)"/.exec(overview)?.[1]);
    expect(count).toBeGreaterThanOrEqual(1);
    expect(visibleText(overview)).toContain("phản ánh quá hạn chưa trả lời");
    const list = await (await getAs({ cookie: cookies.manager }, "/dashboard/cases?status=open")).text();
    const firstRow = /data-case="([0-9A-Z]{10})" data-overdue="(\d)"/.exec(list);
    expect(firstRow?.[2]).toBe("1");
    expect(list).toContain(`data-case="${code}" data-overdue="1"`);
    expect((await getAs({ cookie: cookies.manager }, "/dashboard/cases?status=lost")).status).toBe(400);
  });
});

describe("looking up tracking codes", () => {
  // The only wrong lookups of this file: every one counts against this machine's address.
  test("an unknown code is a 404 page saying so (and passes axe); after 60 wrong codes from one address the next lookup is a 429 with Retry-After", async () => {
    const code = await caseThroughApi();
    await phones.withPhone({}, async ({ page }) => {
      const unknown = await page.goto("/tra-cuu?code=0000000000");
      expect(unknown?.status()).toBe(404);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Không tìm thấy mã tra cứu");
      expect(await page.locator("input[name=code]").inputValue()).toBe("0000000000");
      expect(await wcagViolations(page)).toEqual([]);
    });
    // A right code gives its count back: it does not bring the limit closer.
    expect((await getAs({}, `/tra-cuu?code=${code}`)).status).toBe(200);
    for (let i = 1; i < 60; i++) {
      const wrong = await getAs({}, `/tra-cuu?code=${i % 2 === 0 ? "not-a-code" : "ZZZZZZZZZ" + (i % 10)}`);
      expect(wrong.status, `wrong lookup ${i + 1}`).toBe(404);
    }
    const refused = await getAs({}, "/tra-cuu?code=0000000001");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(visibleText(await refused.text())).toContain("Tra cứu sai quá nhiều lần");
    // Even the right code waits: the address is refused, not the code.
    expect((await getAs({}, `/tra-cuu?code=${code}`)).status).toBe(429);
  });
});
