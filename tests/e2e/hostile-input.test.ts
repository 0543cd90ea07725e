import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { inject } from "vitest";
import { launchPhones } from "../setup/browser";
import { countResponses, findStoredAnswers, openServerDatabase } from "../setup/server-database";
import {
  ADMINISTRATIVE_ANSWERS,
  administrativeFormFields,
  newClientId,
  postResponseJson,
  postSurveyForm,
  visibleText,
  type Reply,
} from "./support/submissions";

/*
 * The rule for anything a stranger can send: never a 500, always a clear 4xx
 * with a message, and nothing stored for the refused request.
 */

const db = openServerDatabase();
afterAll(() => db.destroy());

const baseUrl = inject("baseUrl");
const FORM_POINT = "TT-DD-01";
const ONE_MEGABYTE_COMMENT = "a".repeat(1024 * 1024);
const MALFORMED_UTF8 = (prefix: string) => new Uint8Array([...Buffer.from(prefix), 0xff, 0xfe]);

/** A JSON submission to TT-DD-02 that would be accepted; the tests spoil one thing. */
function jsonSubmission(overrides: Record<string, unknown> = {}) {
  return { id: newClientId(), servicePoint: "TT-DD-02", answers: { ...ADMINISTRATIVE_ANSWERS }, ...overrides };
}

/** The form refused the whole request with a page that says so in Vietnamese. */
function expectFormPageRefusal(reply: Reply, status: number) {
  expect(reply.status, visibleText(reply.text).slice(0, 300)).toBe(status);
  expect(reply.contentType).toContain("text/html");
  expect(visibleText(reply.text)).toContain("Phiếu gửi lên không hợp lệ. Xin tải lại trang và thử lại.");
}

function expectJsonRefusal(reply: Reply, status: number) {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.json).toMatchObject({ error: expect.any(String) });
  expect((reply.json as { error: string }).error.length).toBeGreaterThan(5);
}

describe("the survey form refuses what no browser would send", () => {
  test("a 1 MB comment is refused with 413 and not stored", async () => {
    const id = newClientId();
    const reply = await postSurveyForm(FORM_POINT, administrativeFormFields(id, [["q.comment", ONE_MEGABYTE_COMMENT]]));
    expectFormPageRefusal(reply, 413);
    expect(await countResponses(db, { clientId: id })).toBe(0);
  });

  test("an answer given twice is shown beside that question", async () => {
    const id = newClientId();
    const reply = await postSurveyForm(FORM_POINT, administrativeFormFields(id, [["q.overall", "1"]]));
    expect(reply.status).toBe(400);
    const beside = /id="q-overall-error"[^>]*>([^<]*)</.exec(reply.text)?.[1];
    expect(beside).toBe("Câu này có nhiều câu trả lời; xin chỉ chọn một.");
    expect(await countResponses(db, { clientId: id })).toBe(0);
  });

  test("an id given twice is refused, and neither id is stored", async () => {
    const [first, second] = [newClientId(), newClientId()];
    const reply = await postSurveyForm(FORM_POINT, [["id", second], ...administrativeFormFields(first)]);
    expectFormPageRefusal(reply, 400);
    expect(await countResponses(db, { clientId: first })).toBe(0);
    expect(await countResponses(db, { clientId: second })).toBe(0);
  });

  test.each([
    ["text/plain", "text/plain;charset=UTF-8"],
    ["multipart/form-data", "multipart/form-data; boundary=x"],
    ["application/json", "application/json"],
  ])("a body sent as %s is refused with 415", async (_, contentType) => {
    const id = newClientId();
    const body = new URLSearchParams(administrativeFormFields(id)).toString();
    expectFormPageRefusal(await postSurveyForm(FORM_POINT, body, contentType), 415);
    expect(await countResponses(db, { clientId: id })).toBe(0);
  });

  test("bytes that are not UTF-8 are refused with 400", async () => {
    const before = await countResponses(db);
    expectFormPageRefusal(await postSurveyForm(FORM_POINT, MALFORMED_UTF8("q.comment=")), 400);
    expect(await countResponses(db)).toBe(before);
  });

  test("a broken percent-escape is refused with 400", async () => {
    const id = newClientId();
    const body = `${new URLSearchParams(administrativeFormFields(id)).toString()}&q.comment=%E0%A4%A`;
    expectFormPageRefusal(await postSurveyForm(FORM_POINT, body), 400);
    expect(await countResponses(db, { clientId: id })).toBe(0);
  });

  test("an empty body gets the form back with its errors, and nothing is stored", async () => {
    const before = await countResponses(db);
    const reply = await postSurveyForm(FORM_POINT, "");
    expect(reply.status).toBe(400);
    expect(visibleText(reply.text)).toContain("Vui lòng kiểm tra lại");
    expect(await countResponses(db)).toBe(before);
  });

  test("thousands of made-up answer fields are refused with 400", async () => {
    const id = newClientId();
    const made_up = Array.from({ length: 3000 }, (_, i): [string, string] => [`q.k${i}`, "5"]);
    const reply = await postSurveyForm(FORM_POINT, administrativeFormFields(id, made_up));
    expect(reply.status).toBe(400);
    expect(visibleText(reply.text)).toContain("Câu hỏi này không thuộc phiếu khảo sát.");
    expect(await countResponses(db, { clientId: id })).toBe(0);
  });

  test("bracketed, nested field names are unknown questions, not structure", async () => {
    const id = newClientId();
    const reply = await postSurveyForm(FORM_POINT, administrativeFormFields(id, [["q.overall[a][b][c]", "5"]]));
    expect(reply.status).toBe(400);
    expect(await countResponses(db, { clientId: id })).toBe(0);
  });

  test.each(["__proto__", "constructor", "toString"])("an answer to the question %s is refused as not in the survey", async (key) => {
    const id = newClientId();
    const reply = await postSurveyForm(FORM_POINT, administrativeFormFields(id, [[`q.${key}`, "5"]]));
    expect(reply.status).toBe(400);
    expect(visibleText(reply.text)).toContain(`${key}: Câu hỏi này không thuộc phiếu khảo sát.`);
    expect(await countResponses(db, { clientId: id })).toBe(0);
  });

  test("an unknown service point is a 404 page, even for a well-formed post", async () => {
    const id = newClientId();
    const reply = await postSurveyForm("NOPE", administrativeFormFields(id));
    expect(reply.status).toBe(404);
    expect(visibleText(reply.text)).toContain("Không tìm thấy quầy dịch vụ");
    expect(await countResponses(db, { clientId: id })).toBe(0);
  });
});

describe("the survey form keeps hostile text as text", () => {
  const SCRIPT = "<script>alert(1)</script>";
  const SQL = "'; DROP TABLE responses; --";

  test("a script and an SQL fragment in the comment are stored exactly as typed", async () => {
    const [scriptId, sqlId] = [newClientId(), newClientId()];
    expect((await postSurveyForm(FORM_POINT, administrativeFormFields(scriptId, [["q.comment", SCRIPT]]))).status).toBe(303);
    expect((await postSurveyForm(FORM_POINT, administrativeFormFields(sqlId, [["q.comment", SQL]]))).status).toBe(303);
    expect((await findStoredAnswers(db, scriptId)).comment).toBe(SCRIPT);
    expect((await findStoredAnswers(db, sqlId)).comment).toBe(SQL);
    expect(await countResponses(db, { clientId: sqlId })).toBe(1); // and the responses table is still there
  });

  test("a script in the comment comes back escaped when the form is shown again with errors", async () => {
    const reply = await postSurveyForm(FORM_POINT, [["id", newClientId()], ["q.comment", SCRIPT]]);
    expect(reply.status).toBe(400);
    expect(reply.text).not.toContain(SCRIPT);
    expect(reply.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;</textarea>");
  });

  describe("in a real browser", () => {
    let phones: Awaited<ReturnType<typeof launchPhones>>;
    beforeAll(async () => {
      phones = await launchPhones();
    });
    afterAll(() => phones.close());

    test("the re-shown form keeps the script as the comment's text and never runs it", async () => {
      const phone = await phones.openPhone();
      try {
        const { page } = phone;
        const dialogs: string[] = [];
        page.on("dialog", (dialog) => {
          dialogs.push(dialog.message());
          void dialog.dismiss();
        });
        await page.goto(`/s/${FORM_POINT}`);
        await page.getByLabel(/Ông\/Bà có góp ý gì/).fill(`${SCRIPT}<img src=x onerror=alert(2)>`);
        await page.getByRole("button", { name: "Gửi đánh giá" }).click();
        await page.locator("#error-summary").waitFor();
        expect(await page.getByLabel(/Ông\/Bà có góp ý gì/).inputValue()).toBe(`${SCRIPT}<img src=x onerror=alert(2)>`);
        expect(await page.locator("img[src=x]").count()).toBe(0);
        expect(dialogs).toEqual([]);
      } finally {
        await phone.close();
      }
    });
  });
});

describe("the JSON API refuses what no kiosk would send", () => {
  test("a 1 MB comment is refused with 413 and not stored", async () => {
    const body = jsonSubmission({ answers: { ...ADMINISTRATIVE_ANSWERS, comment: ONE_MEGABYTE_COMMENT } });
    expectJsonRefusal(await postResponseJson(body), 413);
    expect(await countResponses(db, { clientId: body.id })).toBe(0);
  });

  test("a 1 MB body of unknown length still gets its 413 instead of a dropped connection", async () => {
    const body = jsonSubmission({ answers: { ...ADMINISTRATIVE_ANSWERS, comment: ONE_MEGABYTE_COMMENT } });
    const bytes = new TextEncoder().encode(JSON.stringify(body));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 16 * 1024) controller.enqueue(bytes.slice(at, at + 16 * 1024));
        controller.close();
      },
    });
    const response = await fetch(`${baseUrl}/api/v1/responses`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: expect.stringContaining("larger than") });
    expect(await countResponses(db, { clientId: body.id })).toBe(0);
  });

  test("an answer key given twice is refused, naming the key", async () => {
    const id = newClientId();
    const text = `{"id":"${id}","servicePoint":"TT-DD-02","answers":${JSON.stringify(ADMINISTRATIVE_ANSWERS).replace("}", ',"overall":1}')}}`;
    const reply = await postResponseJson(text);
    expectJsonRefusal(reply, 400);
    expect(reply.json).toMatchObject({ field: "answers.overall" });
    expect(await countResponses(db, { clientId: id })).toBe(0);
  });

  test("an id given twice is refused, and neither id is stored", async () => {
    const [first, second] = [newClientId(), newClientId()];
    const text = JSON.stringify(jsonSubmission({ id: first })).replace("{", `{"id":"${second}",`);
    const reply = await postResponseJson(text);
    expectJsonRefusal(reply, 400);
    expect(reply.json).toMatchObject({ field: "id" });
    expect(await countResponses(db, { clientId: first })).toBe(0);
    expect(await countResponses(db, { clientId: second })).toBe(0);
  });

  test.each([
    ["a form", "application/x-www-form-urlencoded"],
    ["text/plain", "text/plain"],
    ["multipart/form-data", "multipart/form-data; boundary=x"],
  ])("a body sent as %s is refused with 415", async (_, contentType) => {
    const body = jsonSubmission();
    const reply = await postResponseJson(JSON.stringify(body), contentType);
    expectJsonRefusal(reply, 415);
    expect(await countResponses(db, { clientId: body.id })).toBe(0);
  });

  test.each([
    ["invalid JSON", '{"id": '],
    ["an empty body", ""],
    ["an array", "[]"],
    ["a string", '"hello"'],
    ["null", "null"],
    ["a number", "42"],
  ])("%s is refused with 400", async (_, text) => {
    const before = await countResponses(db);
    expectJsonRefusal(await postResponseJson(text), 400);
    expect(await countResponses(db)).toBe(before);
  });

  test("bytes that are not UTF-8 are refused with 400", async () => {
    const id = newClientId();
    const reply = await postResponseJson(MALFORMED_UTF8(`{"id":"${id}","servicePoint":"TT-DD-02","answers":{"comment":"`));
    expectJsonRefusal(reply, 400);
    expect(await countResponses(db, { clientId: id })).toBe(0);
  });

  test("thousands of answer keys are refused with 400", async () => {
    const answers = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, 5]));
    const body = jsonSubmission({ answers });
    const reply = await postResponseJson(body);
    expectJsonRefusal(reply, 400);
    expect(reply.json).toMatchObject({ field: "answers" });
    expect(await countResponses(db, { clientId: body.id })).toBe(0);
  });

  test.each([
    ["an answer", (text: string) => text.replace('"overall":4', `"overall":${nestedJson(5000)}`)],
    ["the answers", (text: string) => text.replace(/"answers":\{.*\}\}$/, `"answers":${nestedJson(5000)}}`)],
  ])("JSON nested 5,000 deep in %s is refused with 400", async (_, spoil) => {
    const body = jsonSubmission();
    const text = spoil(JSON.stringify(body));
    expect(text.length).toBeGreaterThan(25_000);
    expectJsonRefusal(await postResponseJson(text), 400);
    expect(await countResponses(db, { clientId: body.id })).toBe(0);
  });

  test("JSON nested 5,000 deep in an unknown top-level field is ignored, as unknown fields are", async () => {
    const body = jsonSubmission();
    const text = JSON.stringify(body).replace("{", `{"extra":${nestedJson(5000)},`);
    expect((await postResponseJson(text)).status).toBe(201);
    expect(await countResponses(db, { clientId: body.id })).toBe(1);
  });

  test.each(["__proto__", "constructor", "toString", "hasOwnProperty"])("an answer to the question %s is refused", async (key) => {
    const id = newClientId();
    const text = `{"id":"${id}","servicePoint":"TT-DD-02","answers":${JSON.stringify(ADMINISTRATIVE_ANSWERS).replace("}", `,"${key}":5}`)}}`;
    const reply = await postResponseJson(text);
    expectJsonRefusal(reply, 400);
    expect(reply.json).toMatchObject({ field: `answers.${key}` });
    expect(await countResponses(db, { clientId: id })).toBe(0);
  });

  test("prototype-pollution attempts leave the server's objects clean: a missing answer is still missing", async () => {
    const { overall: _missing, ...withoutOverall } = ADMINISTRATIVE_ANSWERS;
    const attempts = [
      `{"__proto__":{"overall":5,"sector":"land"},"id":"${newClientId()}","servicePoint":"TT-DD-02","answers":{}}`,
      `{"constructor":{"prototype":{"overall":5}},"id":"${newClientId()}","servicePoint":"TT-DD-02","answers":{}}`,
      `{"id":"${newClientId()}","servicePoint":"TT-DD-02","answers":{"__proto__":{"overall":5}}}`,
    ];
    for (const text of attempts) expect((await postResponseJson(text)).status).toBe(400);
    await postSurveyForm(FORM_POINT, [["id", newClientId()], ["q.__proto__.overall", "5"], ["__proto__[overall]", "5"]]);

    const id = newClientId();
    const reply = await postResponseJson(jsonSubmission({ id, answers: withoutOverall }));
    expectJsonRefusal(reply, 400);
    expect(reply.json).toMatchObject({ field: "answers.overall", error: expect.stringContaining("required") });
    expect(await countResponses(db, { clientId: id })).toBe(0);
  });

  test("a script and an SQL fragment are stored as plain text", async () => {
    const comment = "<script>alert(1)</script> '; DROP TABLE responses; --";
    const body = jsonSubmission({ answers: { ...ADMINISTRATIVE_ANSWERS, comment } });
    expect((await postResponseJson(body)).status).toBe(201);
    expect((await findStoredAnswers(db, body.id)).comment).toBe(comment);
  });

  test("an SQL fragment as the service point or sector is just an unknown code", async () => {
    const bodies = [
      jsonSubmission({ servicePoint: "TT-DD-02' OR '1'='1" }),
      jsonSubmission({ servicePoint: "HN-01", sector: "land' --" }),
    ];
    for (const body of bodies) {
      expectJsonRefusal(await postResponseJson(body), 400);
      expect(await countResponses(db, { clientId: body.id })).toBe(0);
    }
  });
});

describe("hostile survey addresses", () => {
  test.each([
    ["a broken percent-escape", "/s/%E0%A4%A"],
    ["a 5,000-character code", `/s/${"A".repeat(5000)}`],
    ["an encoded path traversal", `/s/${encodeURIComponent("../../etc/passwd")}`],
    ["a code with markup", `/s/${encodeURIComponent('<script>alert(1)</script>')}`],
    ["a survey API code with a traversal", `/api/v1/service-points/${encodeURIComponent("../../etc/passwd")}/survey`],
  ])("%s answers a 4xx, never a 500", async (_, path) => {
    const response = await fetch(`${baseUrl}${path}`);
    const text = await response.text();
    expect(response.status, text.slice(0, 200)).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(text).not.toContain("<script>alert(1)");
    expect(text).not.toContain("root:x:0:0");
  });

  test("a code with markup is echoed on the 404 page as text", async () => {
    const response = await fetch(`${baseUrl}/s/${encodeURIComponent("<b>x</b>")}`);
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).not.toContain("<b>x</b>");
    expect(visibleText(html)).toContain('Mã quầy "<b>x</b>" không tồn tại');
  });

  test("posting to a survey address that cannot be decoded answers a 4xx", async () => {
    const before = await countResponses(db);
    const response = await fetch(`${baseUrl}/s/%E0%A4%A`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(administrativeFormFields(newClientId())).toString(),
      redirect: "manual",
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await countResponses(db)).toBe(before);
  });

  test("the survey API answers other methods with 405, naming the one it allows", async () => {
    const response = await fetch(`${baseUrl}/api/v1/service-points/TT-DD-01/survey`, { method: "POST" });
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("GET");
    expect(await response.json()).toEqual({ error: "use GET" });
  });
});

/** `{"a":{"a":…5…}}` nested `depth` levels, as JSON text (too deep for JSON.stringify). */
function nestedJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}5${"}".repeat(depth)}`;
}

describe("a NUL character, which PostgreSQL can neither store nor compare (each was a 500 there)", () => {
  test("in a comment of the survey form: the form again with the error, nothing stored", async () => {
    const id = newClientId();
    const reply = await postSurveyForm(FORM_POINT, administrativeFormFields(id, [["q.comment", "Chờ lâu\u0000quá"]]));
    expect(reply.status).toBe(400);
    expect(await countResponses(db, { clientId: id })).toBe(0);
  });

  test.each([
    ["a comment", { answers: { ...ADMINISTRATIVE_ANSWERS, comment: "a\u0000b" } }, "answers.comment"],
    ["the service point", { servicePoint: "TT-DD-02\u0000" }, "servicePoint"],
    ["an answer key", { answers: { ...ADMINISTRATIVE_ANSWERS, "comm\u0000ent": "x" } }, "answers.comm\u0000ent"],
  ])("in %s of a JSON submission: 400 naming it, nothing stored", async (_what, overrides, field) => {
    const body = jsonSubmission(overrides);
    const reply = await postResponseJson(body);
    expectJsonRefusal(reply, 400);
    expect((reply.json as { field: string }).field).toBe(field);
    expect(await countResponses(db, { clientId: body.id })).toBe(0);
  });

  test.each(["/s/TT-DD-01%00", "/s/%00", "/s/TT-DD-01?t=%00", "/api/v1/service-points/TT%00/survey", "/tra-cuu?code=%00ABC", "/ket-qua?period=2026%00", "/dashboard?period=%00"])(
    "in the address %s: 400",
    async (path) => {
      const response = await fetch(`${baseUrl}${path}`, { redirect: "manual" });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("NUL");
    },
  );
});
