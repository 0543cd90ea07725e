import { afterAll, describe, expect, test } from "vitest";
import { parseIndexQuery } from "~/domain/index-query";
import { vietnamDate } from "~/domain/vietnam-time";
import { compareSummariesWithRaw } from "~/modules/indices/summaries.repository.server";
import { action as listAction, loader as listLoader } from "~/routes/admin.questionnaires._index";
import { action as versionsAction, loader as versionsLoader } from "~/routes/admin.questionnaires.$code._index";
import { action as draftAction, loader as draftLoader } from "~/routes/admin.questionnaires.$code.draft._index";
import { loader as frameLoader } from "~/routes/admin_.questionnaires.$code.frame.$version";
import { loader as versionLoader } from "~/routes/admin.questionnaires.$code.versions.$version";
import { loader as sectorDashboard } from "~/routes/dashboard.sectors.$code";
import { action as surveyAction } from "~/routes/s.$code";
import { computeIndexRows } from "~/modules/indices/indices.service.server";
import { loadPointSurvey, submitResponse } from "~/modules/survey/submission.service.server";
import { getRequest, postForm, runRoute, signInAs, type StaffSession } from "../setup/admin-requests";
import { trustedSubmission } from "../setup/submissions";
import { useFreshDatabase } from "../setup/test-database";

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const OLD_COURTESY = "Công chức tiếp nhận lịch sự, lắng nghe, hướng dẫn tận tình, không gây phiền hà.";
const NEW_COURTESY = "Công chức tiếp nhận hồ sơ lịch sự, tôn trọng và hướng dẫn tận tình.";

async function respond(answers: Record<string, string>) {
  const outcome = await submitResponse(db, trustedSubmission("TT-DD-01", answers, { ip: "192.0.2.9" }));
  expect(outcome.kind).toBe("created");
  return (outcome as { responseId: number }).responseId;
}

const V1_ANSWERS = {
  signage: "4", posted: "4", as_posted: "5", courtesy: "5", guidance: "3", result_correct: "4",
  feedback: "na", overall: "4", visits: "1", on_time: "on_time", submission_channel: "online", comment: "",
};

async function count(table: "questionnaires" | "questionnaire_versions" | "questions" | "audit_log" | "answers" | "responses"): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function auditActions(): Promise<string[]> {
  return (await db.selectFrom("audit_log").select("action").orderBy("id").execute()).map((r) => r.action);
}

/** Everything the builder stores, to show a refused change stored nothing. */
async function snapshot() {
  const questions = await db.selectFrom("questions").selectAll().orderBy("id").execute();
  const versions = await db.selectFrom("questionnaire_versions").selectAll().orderBy("id").execute();
  return { questions, versions, questionnaires: await count("questionnaires"), audit: await count("audit_log") };
}

function draft(session: StaffSession, fields: Record<string, string>, code = "tthc") {
  return runRoute(draftAction, postForm(`/admin/questionnaires/${code}/draft`, fields, session), { code });
}
function versions(session: StaffSession, intent: string, code = "tthc") {
  return runRoute(versionsAction, postForm(`/admin/questionnaires/${code}`, { intent }, session), { code });
}

function courtesyEdit(extra: Record<string, string> = {}) {
  return {
    intent: "update", originalKey: "courtesy", type: "scale", key: "courtesy", textVi: NEW_COURTESY,
    textEn: "The civil servant was courteous, respectful and helpful.", group: "sipas-staff", required: "1", ...extra,
  };
}

const ADD_WAITING = {
  intent: "add", type: "scale", key: "waiting", textVi: "Thời gian chờ đến lượt hợp lý.", textEn: "The waiting time was reasonable.", group: "sipas-access", required: "1", allowNA: "1",
};

describe("a questionnaire changes while citizens answer it", () => {
  test("old answers keep their version and wording; the survey serves the new version; indices join by key", async () => {
    const admin = await signInAs("admin@demo.vn");
    const v1 = await loadPointSurvey(db, "TT-DD-01");
    expect(v1?.version.version).toBe(1);
    const oldResponses = [await respond(V1_ANSWERS), await respond({ ...V1_ANSWERS, courtesy: "2" }), await respond(V1_ANSWERS)];

    // A draft copies version 1 with the same keys.
    expect(await versions(admin, "start_draft")).toMatchObject({ status: 303, location: "/admin/questionnaires/tthc/draft?saved=draft" });
    const page = await runRoute(draftLoader, getRequest("/admin/questionnaires/tthc/draft", admin), { code: "tthc" });
    expect(page.data.draft).toEqual({ version: 2 });
    expect(page.data.questions.map((q: { key: string }) => q.key)).toEqual(v1!.version.questions.map((q) => q.key));

    // Reword one question, remove one, add one, move the new one up; then publish.
    expect((await draft(admin, courtesyEdit())).status).toBe(303);
    expect((await draft(admin, { intent: "remove", key: "guidance" })).status).toBe(303);
    expect((await draft(admin, ADD_WAITING)).status).toBe(303);
    expect((await draft(admin, { intent: "move", key: "waiting", direction: "up" })).status).toBe(303);
    // Until published, citizens still get version 1.
    expect((await loadPointSurvey(db, "TT-DD-01"))?.version.version).toBe(1);
    expect(await draft(admin, { intent: "publish" })).toMatchObject({ status: 303, location: "/admin/questionnaires/tthc?saved=published" });

    // The survey serves version 2 at once, with the new wording and questions.
    const v2 = await loadPointSurvey(db, "TT-DD-01");
    expect(v2?.version.version).toBe(2);
    const keys = v2!.version.questions.map((q) => q.key);
    expect(keys).not.toContain("guidance");
    // Added at the end, then moved up once: just before the comment.
    expect(keys.slice(-2)).toEqual(["waiting", "comment"]);
    expect(v2!.version.questions.find((q) => q.key === "courtesy")?.text.vi).toBe(NEW_COURTESY);

    // Old responses still point at version 1 and its own question rows and words.
    const old = await db
      .selectFrom("answers as a")
      .innerJoin("questions as q", "q.id", "a.question_id")
      .innerJoin("responses as r", "r.id", "a.response_id")
      .select(["r.questionnaire_version_id", "q.questionnaire_version_id as question_version", "q.text_vi"])
      .where("a.response_id", "in", oldResponses)
      .where("q.key", "=", "courtesy")
      .execute();
    expect(old).toHaveLength(3);
    for (const row of old) {
      expect(row).toEqual({ questionnaire_version_id: v1!.version.id, question_version: v1!.version.id, text_vi: OLD_COURTESY });
    }

    // The old version cannot take answers any more: "guidance" is now an unknown key.
    const refused = await submitResponse(db, trustedSubmission("TT-DD-01", V1_ANSWERS, { ip: "192.0.2.9" }));
    expect(refused.kind).toBe("invalid");

    const { guidance: _g, ...v2Answers } = V1_ANSWERS;
    await respond({ ...v2Answers, waiting: "5", courtesy: "4" });
    await respond({ ...v2Answers, waiting: "na", courtesy: "1" });

    // Indices by question, through the app's own index engine: the stable key joins both versions.
    const today = vietnamDate(new Date());
    const parsed = parseIndexQuery(new URLSearchParams({ groupBy: "question", sector: "land", from: today, to: today }), new Date());
    if (!parsed.ok) throw new Error("bad query");
    const result = await computeIndexRows(db, parsed.value, { sectorIds: null });
    if (!result.ok) throw new Error(result.problem.message);
    const row = (key: string) => result.value.rows.find((r) => r.key === key);
    expect(row("courtesy")?.indices.answers).toMatchObject({ n: 5, satisfied: 3 });
    expect(row("courtesy")?.label).toBe(NEW_COURTESY);
    // The removed question's answers still exist and count for their period.
    expect(row("guidance")?.indices.answers).toMatchObject({ n: 3, satisfied: 0 });
    expect(row("guidance")?.label).toContain("Công chức hướng dẫn");
    expect(row("waiting")?.indices.answers).toMatchObject({ n: 1, satisfied: 1 });
    expect(await compareSummariesWithRaw(db)).toEqual([]);

    // The dashboard labels with the current wording and says what version 1 asked.
    const dashboard = await runRoute(sectorDashboard, getRequest(`/dashboard/sectors/land?from=${today}&to=${today}`, admin), { code: "land" });
    expect(dashboard.status).toBe(200);
    const courtesy = dashboard.data.questions.find((q: { key: string }) => q.key === "courtesy");
    expect(courtesy.label).toBe(NEW_COURTESY);
    expect(courtesy.earlier).toEqual([{ versions: [1], text: OLD_COURTESY }]);
    expect(dashboard.data.questions.find((q: { key: string }) => q.key === "signage").earlier).toBeUndefined();

    // Both versions are listed; version 1 stays readable, read-only.
    const list = await runRoute(versionsLoader, getRequest("/admin/questionnaires/tthc", admin), { code: "tthc" });
    expect(list.data.versions).toMatchObject([
      { version: 2, status: "published", current: true, questionCount: 12 },
      { version: 1, status: "published", current: false, questionCount: 12 },
    ]);
    const view = await runRoute(versionLoader, getRequest("/admin/questionnaires/tthc/versions/1", admin), { code: "tthc", version: "1" });
    expect(view.data.questions.find((q: { key: string }) => q.key === "courtesy").text).toBe(OLD_COURTESY);

    expect(await auditActions()).toEqual(["create_draft", "update_question", "remove_question", "add_question", "move_question", "publish"]);
    const publish = await db.selectFrom("audit_log").selectAll().where("action", "=", "publish").executeTakeFirstOrThrow();
    expect(JSON.parse(publish.after_json!).questions).toContainEqual({ key: "courtesy", type: "scale", text_vi: NEW_COURTESY });
  });
});

describe("a citizen who opened the survey before a new version was published", () => {
  /** The citizen's form post, as the survey page would send it, saying which version it showed. */
  function sendForm(version: string, answers: Record<string, string>) {
    const clientId = crypto.randomUUID();
    const fields: Record<string, string> = { id: clientId, lang: "vi", v: version };
    for (const [key, value] of Object.entries(answers)) fields[`q.${key}`] = value;
    return runRoute(surveyAction, postForm("/s/TT-DD-01", fields), { code: "TT-DD-01" }).then((outcome) => ({ outcome, clientId }));
  }
  async function storedVersion(clientId: string): Promise<number | undefined> {
    const row = await db
      .selectFrom("responses as r")
      .innerJoin("questionnaire_versions as v", "v.id", "r.questionnaire_version_id")
      .select("v.version")
      .where("r.client_id", "=", clientId)
      .executeTakeFirst();
    return row?.version;
  }

  test("is stored against the version (and wording) the form showed, not the newer one", async () => {
    expect((await loadPointSurvey(db, "TT-DD-01"))?.version.version).toBe(2);
    const { outcome, clientId } = await sendForm("1", V1_ANSWERS);
    expect(outcome).toMatchObject({ status: 303, location: "/s/TT-DD-01/thanks?lang=vi" });
    expect(await storedVersion(clientId)).toBe(1);
    expect(await compareSummariesWithRaw(db)).toEqual([]);
  });

  test("a version that was never published, or is not a number, counts as the current one", async () => {
    for (const version of ["99", "0", "abc", "1e3", "-1", "", "2"]) {
      // Version 1's answers include "guidance", which the current version no longer asks.
      const { outcome } = await sendForm(version, V1_ANSWERS);
      expect(outcome.status, `v=${version}`).toBe(400);
    }
    const { guidance: _g, ...currentAnswers } = V1_ANSWERS;
    const { outcome, clientId } = await sendForm("99", { ...currentAnswers, waiting: "4" });
    expect(outcome.status).toBe(303);
    expect(await storedVersion(clientId)).toBe(2);
  });
});

describe("creating a questionnaire and building its first version", () => {
  test("a new questionnaire starts an empty draft v1; questions of every type; publish; the list shows it", async () => {
    const admin = await signInAs("admin@demo.vn");
    const created = await runRoute(listAction, postForm("/admin/questionnaires", { code: "phan-hoi-nhanh", nameVi: "Phản hồi nhanh", nameEn: "Quick feedback" }, admin));
    expect(created).toMatchObject({ status: 303, location: "/admin/questionnaires/phan-hoi-nhanh/draft?saved=created" });
    const code = "phan-hoi-nhanh";
    const base = { intent: "add", textVi: "Câu hỏi", textEn: "Question", required: "1" };
    expect((await draft(admin, { ...base, type: "scale", key: "overall", overall: "1" }, code)).status).toBe(303);
    expect((await draft(admin, { ...base, type: "choice", key: "channel", options: "online | Trực tuyến | Online\npaper | Giấy | Paper" }, code)).status).toBe(303);
    expect((await draft(admin, { ...base, type: "number", key: "expectation", min: "0", max: "100" }, code)).status).toBe(303);
    expect((await draft(admin, { ...base, type: "text", key: "comment", maxLength: "300", required: "" }, code)).status).toBe(303);
    const frame = await runRoute(frameLoader, getRequest(`/admin/questionnaires/${code}/frame/draft?lang=en`, admin), { code, version: "draft" });
    expect(frame.data.questions.map((q: { type: string }) => q.type)).toEqual(["scale", "choice", "number", "text"]);
    expect(frame.data.questions[1].options).toEqual([{ value: "online", text: "Online" }, { value: "paper", text: "Paper" }]);
    expect((await draft(admin, { intent: "publish" }, code)).status).toBe(303);
    const list = await runRoute(listLoader, getRequest("/admin/questionnaires", admin));
    expect(list.data.questionnaires.find((q: { code: string }) => q.code === code)).toMatchObject({ latest: { version: 1 }, draft: null, sectors: [], points: [] });
    expect(list.data.questionnaires.find((q: { code: string }) => q.code === "health-outpatient").sectors).toEqual(["Y tế"]);
  });
});

describe("refused changes store nothing and write no audit record", () => {
  test("bad input for the create form: 400 with errors beside the fields", async () => {
    const admin = await signInAs("admin@demo.vn");
    const before = await snapshot();
    const cases: Array<[Record<string, string | string[]>, Record<string, string>]> = [
      [{ code: "Bad Code", nameVi: "", nameEn: "x" }, { code: "format", nameVi: "required" }],
      [{ code: "tthc", nameVi: "Trùng", nameEn: "Duplicate" }, { code: "duplicate" }],
      [{ code: "x".repeat(500), nameVi: "y".repeat(300), nameEn: "z" }, { code: "tooLong", nameVi: "tooLong" }],
      [{ code: "<script>", nameVi: "a", nameEn: "b" }, { code: "format" }],
      [{}, { code: "required", nameVi: "required", nameEn: "required" }],
    ];
    for (const [fields, errors] of cases) {
      const outcome = await runRoute(listAction, postForm("/admin/questionnaires", fields, admin));
      expect(outcome.status, JSON.stringify(fields)).toBe(400);
      for (const [field, code] of Object.entries(errors)) expect(outcome.data.errors[field]?.code, field).toBe(code);
    }
    expect(await snapshot()).toEqual(before);
  });

  test("bad input for every builder form: 400/404/409 with a clear reason, nothing stored", async () => {
    const admin = await signInAs("admin@demo.vn");
    const code = "kiem-tra";
    await runRoute(listAction, postForm("/admin/questionnaires", { code, nameVi: "Kiểm tra", nameEn: "Check" }, admin));
    const ok = { intent: "add", type: "scale", key: "first", textVi: "Một", textEn: "One", required: "1", overall: "1" };
    expect((await draft(admin, ok, code)).status).toBe(303);
    expect((await draft(admin, { ...ok, key: "second", overall: "" }, code)).status).toBe(303);
    const before = await snapshot();

    const invalid: Array<[Record<string, string>, Record<string, string>]> = [
      [{ ...ok, key: "Sai Ma", textVi: "", overall: "" }, { key: "format", textVi: "required" }],
      [{ ...ok, key: "first", overall: "" }, { key: "duplicate" }],
      [{ ...ok, key: "third" }, { overall: "invalid" }],
      [{ ...ok, key: "third", overall: "", group: "no-such-group" }, { group: "notFound" }],
      [{ ...ok, type: "choice", key: "third", options: "chỉ một dòng không có dấu phân cách" }, { options: "format" }],
      [{ ...ok, type: "choice", key: "third", options: "a | A | A" }, { options: "format" }],
      [{ ...ok, type: "choice", key: "third", options: "a | A | A\na | B | B" }, { options: "duplicate" }],
      [{ ...ok, type: "number", key: "third", min: "mười", max: "NaN" }, { min: "invalid", max: "invalid" }],
      [{ ...ok, type: "number", key: "third", min: "5", max: "5" }, { max: "rangeOrder" }],
      [{ ...ok, type: "text", key: "third", maxLength: "-3" }, { maxLength: "invalid" }],
      [{ ...ok, type: "text", key: "third", maxLength: "999999" }, { maxLength: "tooBig" }],
      [{ ...ok, type: "matrix", key: "third" }, { type: "invalid" }],
      [{ ...ok, key: "third", textVi: "<script>".repeat(100) }, { textVi: "tooLong" }],
    ];
    for (const [fields, errors] of invalid) {
      const outcome = await draft(admin, fields, code);
      expect(outcome.status, JSON.stringify(fields)).toBe(400);
      for (const [field, errorCode] of Object.entries(errors)) expect(outcome.data.errors[field]?.code, `${field} of ${JSON.stringify(fields)}`).toBe(errorCode);
      // What was typed comes back.
      expect(outcome.data.values.textVi).toBe(fields.textVi);
    }

    expect(await draft(admin, { ...ok, intent: "update", originalKey: "nope", key: "nope", overall: "" }, code)).toMatchObject({ status: 404, data: { notice: "notFound" } });
    expect(await draft(admin, { intent: "move", key: "first", direction: "up" }, code)).toMatchObject({ status: 400, data: { notice: "cannotMove" } });
    expect(await draft(admin, { intent: "move", key: "second", direction: "down" }, code)).toMatchObject({ status: 400, data: { notice: "cannotMove" } });
    expect(await draft(admin, { intent: "move", key: "first", direction: "sideways" }, code)).toMatchObject({ status: 400 });
    expect(await draft(admin, { intent: "move", key: "ghost", direction: "down" }, code)).toMatchObject({ status: 404 });
    expect(await draft(admin, { intent: "remove", key: "ghost" }, code)).toMatchObject({ status: 404 });
    expect(await draft(admin, { intent: "explode" }, code)).toMatchObject({ status: 400, data: { notice: "unknownIntent" } });
    expect(await draft(admin, {}, code)).toMatchObject({ status: 400 });
    expect(await versions(admin, "start_draft", code)).toMatchObject({ status: 409, data: { notice: "draftExists" } });
    expect((await runRoute(draftAction, postForm("/admin/questionnaires/ghost/draft", ok, admin), { code: "ghost" })).status).toBe(404);
    expect((await runRoute(draftLoader, getRequest("/admin/questionnaires/ghost/draft", admin), { code: "ghost" })).status).toBe(404);
    expect((await runRoute(versionLoader, getRequest(`/admin/questionnaires/${code}/versions/9`, admin), { code, version: "9" })).status).toBe(404);
    expect((await runRoute(versionLoader, getRequest(`/admin/questionnaires/${code}/versions/abc`, admin), { code, version: "abc" })).status).toBe(404);
    expect((await runRoute(frameLoader, getRequest(`/admin/questionnaires/${code}/frame/1e3`, admin), { code, version: "1e3" })).status).toBe(404);
    const huge = await runRoute(draftAction, postForm(`/admin/questionnaires/${code}/draft`, { ...ok, textVi: "x".repeat(100_000) }, admin), { code });
    expect(huge.status).toBe(413);
    expect(await snapshot()).toEqual(before);
  });

  test("publishing is refused with reasons: no question, or no overall question where the previous version had one", async () => {
    const admin = await signInAs("admin@demo.vn");
    await runRoute(listAction, postForm("/admin/questionnaires", { code: "rong", nameVi: "Rỗng", nameEn: "Empty" }, admin));
    let before = await snapshot();
    expect(await draft(admin, { intent: "publish" }, "rong")).toMatchObject({ status: 400, data: { publishProblems: [{ code: "noQuestions" }] } });
    expect(await snapshot()).toEqual(before);

    // tthc's published version has an overall question: a draft without one is refused.
    await versions(admin, "start_draft", "tthc");
    expect((await draft(admin, { intent: "remove", key: "overall" })).status).toBe(303);
    // And a key used before for a scale question cannot come back as text.
    expect(await draft(admin, { intent: "add", type: "text", key: "overall", textVi: "Ý kiến", textEn: "Opinion", maxLength: "100" })).toMatchObject({ status: 400, data: { errors: { key: { code: "invalid" } } } });
    before = await snapshot();
    expect(await draft(admin, { intent: "publish" })).toMatchObject({ status: 400, data: { publishProblems: [{ code: "overallMissing" }] } });
    expect(await snapshot()).toEqual(before);

    // Discarding the draft leaves the published versions as they were.
    expect(await versions(admin, "discard_draft")).toMatchObject({ status: 303 });
    expect(await versions(admin, "discard_draft")).toMatchObject({ status: 409, data: { notice: "noDraft" } });
    // Editing when there is no draft says so.
    expect(await draft(admin, courtesyEdit())).toMatchObject({ status: 409, data: { notice: "noDraft" } });
    expect(await draft(admin, { intent: "publish" })).toMatchObject({ status: 409, data: { notice: "noDraft" } });
    const noDraftPage = await runRoute(draftLoader, getRequest("/admin/questionnaires/tthc/draft", admin), { code: "tthc" });
    expect(noDraftPage).toMatchObject({ status: 200, data: { draft: null } });
  });

  test("a post without the anti-forgery token is a 403 and a manager is refused: nothing stored", async () => {
    const admin = await signInAs("admin@demo.vn");
    const manager = await signInAs("manager.land@demo.vn");
    const before = await snapshot();
    const forged = await runRoute(listAction, postForm("/admin/questionnaires", { code: "gia-mao", nameVi: "Giả", nameEn: "Fake" }, admin, { csrf: false }));
    expect(forged).toMatchObject({ status: 403, data: { kind: "csrf" } });
    expect((await runRoute(versionsAction, postForm("/admin/questionnaires/tthc", { intent: "start_draft" }, admin, { csrf: false }), { code: "tthc" })).status).toBe(403);
    expect((await runRoute(draftAction, postForm("/admin/questionnaires/tthc/draft", { intent: "publish" }, admin, { origin: "https://evil.example" }), { code: "tthc" })).status).toBe(403);
    expect((await runRoute(listAction, postForm("/admin/questionnaires", { code: "quan-ly", nameVi: "Q", nameEn: "M" }, manager))).status).toBe(403);
    expect((await runRoute(versionsAction, postForm("/admin/questionnaires/tthc", { intent: "start_draft" }, manager), { code: "tthc" })).status).toBe(403);
    expect((await runRoute(listLoader, getRequest("/admin/questionnaires", manager))).status).toBe(403);
    expect((await runRoute(frameLoader, getRequest("/admin/questionnaires/tthc/frame/1", manager), { code: "tthc", version: "1" })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});
