import { afterAll, describe, expect, test } from "vitest";
import { inject } from "vitest";
import { countResponses, findStoredAnswers, findStoredResponse, openServerDatabase } from "../setup/server-database";
import { createToken } from "./support/callers";
import { ADMINISTRATIVE_ANSWERS, HEALTH_ANSWERS, newClientId, postResponseJson } from "./support/submissions";
import { MS_PER_DAY } from "~/domain/vietnam-time";

const db = openServerDatabase();
afterAll(() => db.destroy());

const baseUrl = inject("baseUrl");

/** A valid submission to the land counter TT-DD-02, with a fresh id; override what a test is about. */
function landSubmission(overrides: Record<string, unknown> = {}) {
  return { id: newClientId(), servicePoint: "TT-DD-02", locale: "vi", answers: { ...ADMINISTRATIVE_ANSWERS }, ...overrides };
}

/** A valid submission to the outpatient department BV-KKB. */
function healthSubmission(overrides: Record<string, unknown> = {}) {
  return { id: newClientId(), servicePoint: "BV-KKB", locale: "vi", answers: { ...HEALTH_ANSWERS }, ...overrides };
}

/** Sends a submission that must be refused, and returns the 400 body after checking nothing was stored. */
async function expectRefused(body: { id?: unknown } & Record<string, unknown>) {
  const reply = await postResponseJson(body);
  expect(reply.status, reply.text).toBe(400);
  if (typeof body.id === "string") expect(await countResponses(db, { clientId: body.id.toLowerCase() })).toBe(0);
  return reply.json as { error: string; field: string };
}

describe("the health check", () => {
  test("answers 200 ok while the database answers", async () => {
    const response = await fetch(`${baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });
});

describe("GET /api/v1/service-points/:code/survey", () => {
  test("describes the questionnaire a multi-sector point serves, in both languages", async () => {
    const response = await fetch(`${baseUrl}/api/v1/service-points/HN-01/survey`);
    expect(response.status).toBe(200);
    const survey = (await response.json()) as {
      servicePoint: { code: string; name: { vi: string; en: string }; agency: { name: { vi: string } } };
      sectors: Array<{ code: string; name: { vi: string; en: string } }>;
      version: number;
      questions: Array<Record<string, unknown> & { key: string; text: { vi: string; en: string } }>;
    };
    expect(survey.servicePoint).toMatchObject({
      code: "HN-01",
      name: { vi: "Bộ phận Một cửa xã Hưng Nguyên", en: "Hung Nguyen one-stop desk" },
      agency: { name: { vi: "Trung tâm Phục vụ hành chính công xã Hưng Nguyên" } },
    });
    expect(survey.sectors.map((s) => s.code)).toEqual(["land", "construction", "admin"]);
    expect(survey.sectors[0]!.name).toEqual({ vi: "Đất đai", en: "Land" });
    expect(survey.version).toBeTypeOf("number");

    expect(survey.questions.map((q) => q.key)).toEqual([
      "signage", "posted", "as_posted", "courtesy", "guidance", "result_correct", "feedback",
      "overall", "visits", "on_time", "submission_channel", "comment",
    ]);
    for (const question of survey.questions) {
      expect(Object.keys(question)).toEqual(expect.arrayContaining(["key", "type", "group", "overall", "required", "allowNA", "text"]));
      expect(question.text.vi.length).toBeGreaterThan(0);
      expect(question.text.en.length).toBeGreaterThan(0);
    }
    const byKey = new Map(survey.questions.map((q) => [q.key, q]));
    expect(byKey.get("signage")).toMatchObject({ type: "scale", group: "sipas-access", overall: false, required: true, allowNA: false });
    expect(byKey.get("feedback")).toMatchObject({ type: "scale", allowNA: true });
    expect(byKey.get("overall")).toMatchObject({ type: "scale", overall: true, required: true, group: null });
    expect(byKey.get("visits")).toMatchObject({
      type: "choice",
      options: [
        { value: "1", text: { vi: "1 lần", en: "Once" } },
        { value: "2", text: { vi: "2 lần", en: "Twice" } },
        { value: "3+", text: { vi: "3 lần trở lên", en: "3 times or more" } },
      ],
    });
    expect(byKey.get("comment")).toMatchObject({ type: "text", required: false });
    expect(byKey.get("signage")).not.toHaveProperty("options");
  });

  test("gives the range of a number question", async () => {
    const survey = (await (await fetch(`${baseUrl}/api/v1/service-points/BV-KKB/survey`)).json()) as {
      questions: Array<{ key: string }>;
    };
    expect(survey.questions.find((q) => q.key === "expectation")).toMatchObject({ type: "number", min: 0, max: 100 });
  });

  test("answers 404 with a JSON error for an unknown code", async () => {
    const response = await fetch(`${baseUrl}/api/v1/service-points/NOPE/survey`);
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toContain("application/json");
    expect(await response.json()).toMatchObject({ error: expect.stringContaining("unknown") });
  });
});

describe("POST /api/v1/responses", () => {
  test("stores a submission once: 201 with its id, then 200 with the same body for the same id and content", async () => {
    const body = landSubmission();
    const first = await postResponseJson(body);
    expect(first.status).toBe(201);
    expect(first.json).toEqual({ id: body.id });

    const again = await postResponseJson(body);
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ id: body.id });

    expect(await countResponses(db, { clientId: body.id })).toBe(1);
    expect(await findStoredResponse(db, body.id)).toMatchObject({ servicePoint: "TT-DD-02", sector: "land", channel: "api", flagReasons: [] });
    expect(await findStoredAnswers(db, body.id)).toEqual({ ...ADMINISTRATIVE_ANSWERS });
  });

  test("refuses the same id with other answers with 409 and keeps the first submission", async () => {
    const body = landSubmission();
    expect((await postResponseJson(body)).status).toBe(201);
    const changed = await postResponseJson({ ...body, answers: { ...body.answers, overall: 1 } });
    expect(changed.status).toBe(409);
    expect(changed.json).toMatchObject({ field: "id" });
    expect(await countResponses(db, { clientId: body.id })).toBe(1);
    expect((await findStoredAnswers(db, body.id)).overall).toBe(4);
  });

  test("stores the sector a citizen chose at a point serving several sectors", async () => {
    const body = { ...landSubmission({ servicePoint: "HN-01" }), sector: "construction" };
    expect((await postResponseJson(body)).status).toBe(201);
    expect(await findStoredResponse(db, body.id)).toMatchObject({ servicePoint: "HN-01", sector: "construction" });
  });

  test("dates a kiosk's offline capture from two days ago at the time it was answered", async () => {
    const answeredAt = new Date(Date.now() - 2 * MS_PER_DAY);
    answeredAt.setMilliseconds(0);
    const body = healthSubmission({ answeredAt: answeredAt.toISOString() });
    expect((await postResponseJson(body, "application/json", await createToken(db, "kiosk"))).status).toBe(201);
    expect(await findStoredResponse(db, body.id)).toMatchObject({ answeredAt: answeredAt.toISOString(), channel: "kiosk", flagReasons: [] });
  });

  test("refuses a capture from two days ago without a kiosk or integration token, from anyone else", async () => {
    const twoDaysAgo = new Date(Date.now() - 2 * MS_PER_DAY).toISOString();
    const anonymous = await expectRefused(healthSubmission({ answeredAt: twoDaysAgo }));
    expect(anonymous).toEqual({ error: expect.stringContaining("kiosk or integration"), field: "answeredAt" });
    const body = healthSubmission({ answeredAt: twoDaysAgo });
    const withStaffToken = await postResponseJson(body, "application/json", await createToken(db, "administrator"));
    expect(withStaffToken.status).toBe(400);
    expect(withStaffToken.json).toMatchObject({ field: "answeredAt" });
    expect(await countResponses(db, { clientId: body.id })).toBe(0);
  });

  test("stores what a manager's token sends flagged staff, so it stays out of the indices", async () => {
    const body = landSubmission();
    expect((await postResponseJson(body, "application/json", await createToken(db, "manager", ["land"]))).status).toBe(201);
    expect(await findStoredResponse(db, body.id)).toMatchObject({ flagReasons: ["staff"] });
  });

  describe("refuses with 400 {error, field} and stores nothing", () => {
    test("a submission without an id", async () => {
      const { id: _omitted, ...body } = landSubmission();
      const before = await countResponses(db);
      expect(await expectRefused(body)).toMatchObject({ field: "id", error: expect.any(String) });
      expect(await countResponses(db)).toBe(before);
    });

    test("an id that is not a UUID", async () => {
      expect(await expectRefused(landSubmission({ id: "not-a-uuid-1234" }))).toMatchObject({ field: "id" });
    });

    test("an unknown service point", async () => {
      expect(await expectRefused(landSubmission({ servicePoint: "NOPE" }))).toMatchObject({ field: "servicePoint" });
    });

    test("a missing sector at a point serving several sectors", async () => {
      const refusal = await expectRefused(landSubmission({ servicePoint: "HN-01" }));
      expect(refusal).toMatchObject({ field: "sector", error: expect.stringContaining("several sectors") });
    });

    test("a sector the point does not serve", async () => {
      expect(await expectRefused(landSubmission({ servicePoint: "HN-01", sector: "health" }))).toMatchObject({ field: "sector" });
      expect(await expectRefused(landSubmission({ sector: "construction" }))).toMatchObject({ field: "sector" });
    });

    test("an unknown answer key", async () => {
      const refusal = await expectRefused(landSubmission({ answers: { ...ADMINISTRATIVE_ANSWERS, mood: 5 } }));
      expect(refusal).toMatchObject({ field: "answers.mood" });
    });

    test("an answer key from another questionnaire", async () => {
      const refusal = await expectRefused(landSubmission({ answers: { ...ADMINISTRATIVE_ANSWERS, expectation: 90 } }));
      expect(refusal).toMatchObject({ field: "answers.expectation", error: expect.stringContaining("not a question") });
    });

    test.each([
      ["zero", 0],
      ["six", 6],
      ["a fraction", 4.5],
      ["a number with letters", "5x"],
      ["a boolean", true],
      ["null for a required question", null],
    ])("a scale answer that is %s", async (_, overall) => {
      const refusal = await expectRefused(landSubmission({ answers: { ...ADMINISTRATIVE_ANSWERS, overall } }));
      expect(refusal).toMatchObject({ field: "answers.overall", error: expect.stringContaining("answers.overall") });
    });

    test('"na" for a question that needs a rating', async () => {
      const refusal = await expectRefused(landSubmission({ answers: { ...ADMINISTRATIVE_ANSWERS, overall: "na" } }));
      expect(refusal).toMatchObject({ field: "answers.overall", error: expect.stringContaining('"na" is not allowed') });
    });

    test("a choice that is not one of the options", async () => {
      const refusal = await expectRefused(landSubmission({ answers: { ...ADMINISTRATIVE_ANSWERS, visits: "7" } }));
      expect(refusal).toMatchObject({ field: "answers.visits", error: expect.stringContaining("options") });
    });

    test.each([
      ["above the range", 101, "outside"],
      ["below the range", -1, "outside"],
      ["not a number", "abc", "number"],
    ])("a number answer %s", async (_, expectation, message) => {
      const refusal = await expectRefused(healthSubmission({ answers: { ...HEALTH_ANSWERS, expectation } }));
      expect(refusal).toMatchObject({ field: "answers.expectation", error: expect.stringContaining(message) });
    });

    test.each([
      ["31 days ago", -31 * MS_PER_DAY],
      ["10 minutes ahead of the server clock", 10 * 60 * 1000],
    ])("a capture time %s", async (_, offsetMs) => {
      const refusal = await expectRefused(landSubmission({ answeredAt: new Date(Date.now() + offsetMs).toISOString() }));
      expect(refusal).toMatchObject({ field: "answeredAt" });
    });

    test("a 3,000-character comment", async () => {
      const refusal = await expectRefused(landSubmission({ answers: { ...ADMINISTRATIVE_ANSWERS, comment: "ý".repeat(3000) } }));
      expect(refusal).toMatchObject({ field: "answers.comment", error: expect.stringContaining("too long") });
    });
  });
});
