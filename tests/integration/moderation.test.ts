import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { MASK_PLACEHOLDERS } from "~/domain/masking";
import type { Actor } from "~/modules/audit/types";
import { decideComments, listModerationQueue, listPublishableComments, type Moderator } from "~/modules/moderation/moderation.service.server";
import { submitResponse } from "~/modules/survey/submission.service.server";
import { action as moderationAction, loader as moderationPage } from "~/routes/dashboard.moderation";
import { getRequest, postForm, runRoute, signInAs, type StaffSession } from "../setup/admin-requests";
import { receivedSoonAfter } from "../setup/submissions";
import { useFreshDatabase } from "../setup/test-database";

/* Comment moderation on the engine of the project (integration: SQLite; integration-pg: PostgreSQL). */

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const CRITERIA = { signage: "4", posted: "4", as_posted: "4", courtesy: "4", guidance: "4", result_correct: "4", feedback: "na" };
const PHONE = MASK_PLACEHOLDERS.phone;

/** One administrative-procedures response with a comment, at a Vietnam time; its comment's answer id. */
async function respond(o: { point: string; sector?: string; overall?: number; comment: string; at: string; honeypot?: boolean }): Promise<number> {
  const answers: Record<string, string> = { ...CRITERIA, overall: String(o.overall ?? 4), visits: "1", on_time: "on_time", submission_channel: "online", comment: o.comment };
  const outcome = await submitResponse(
    db,
    {
      clientId: crypto.randomUUID(),
      servicePointCode: o.point,
      ticketToken: null,
      sectorCode: o.sector ?? null,
      locale: "vi",
      answeredAt: new Date(`${o.at}+07:00`),
      rawAnswers: answers,
      repeatedKeys: [],
      channel: "qr",
      honeypotFilled: o.honeypot ?? false,
      formStarted: undefined,
      ip: "192.0.2.10",
      deviceId: null,
      submitter: { kind: "trusted_device" },
    },
    receivedSoonAfter(`${o.at}+07:00`),
  );
  expect(outcome.kind).toBe("created");
  const row = await db
    .selectFrom("answers as a")
    .innerJoin("questions as q", "q.id", "a.question_id")
    .where("q.type", "=", "text")
    .where("a.text_value", "=", o.comment)
    .select("a.id")
    .orderBy("a.id", "desc")
    .executeTakeFirstOrThrow();
  return row.id;
}

let ids: { land: number; construction: number };
let c: Record<"phone" | "plain" | "construction" | "flagged" | "february" | "email", number>;
let scaleAnswerId: number;
let landManager: Moderator;
let admin: Moderator;
let landSession: StaffSession;
let viewerSession: StaffSession;
let healthSession: StaffSession;

beforeAll(async () => {
  const sectors = await db.selectFrom("sectors").select(["id", "code"]).execute();
  const sector = (code: string) => sectors.find((s) => s.code === code)!.id;
  ids = { land: sector("land"), construction: sector("construction") };
  const user = async (email: string): Promise<Actor> => {
    const u = await db.selectFrom("users").select(["id", "name"]).where("email", "=", email).executeTakeFirstOrThrow();
    return { userId: u.id, name: u.name };
  };
  landManager = { actor: await user("manager.land@demo.vn"), sectorIds: [ids.land], mayDecide: true };
  admin = { actor: await user("admin@demo.vn"), sectorIds: null, mayDecide: true };
  c = {
    phone: await respond({ point: "TT-DD-01", overall: 2, comment: "Chờ 3 tiếng, gọi 0912 345 678 không ai nghe.", at: "2026-03-10T09:00:00" }),
    plain: await respond({ point: "TT-DD-02", overall: 5, comment: "Cán bộ hướng dẫn tận tình.", at: "2026-03-11T09:00:00" }),
    construction: await respond({ point: "HN-01", sector: "construction", comment: "Xây dựng: CCCD 040203004567 bị ghi sai.", at: "2026-03-12T09:00:00" }),
    flagged: await respond({ point: "TT-DD-02", comment: "Gửi từ máy lạ.", at: "2026-03-13T09:00:00", honeypot: true }),
    february: await respond({ point: "TT-DD-01", comment: "Tháng hai: mail an@gmail.com.", at: "2026-02-28T23:30:00" }),
    email: await respond({ point: "TT-DD-01", overall: 1, comment: "Gửi kết quả về binh.lv@gmail.com giúp.", at: "2026-03-15T09:00:00" }),
  };
  const scale = await db
    .selectFrom("answers as a")
    .innerJoin("questions as q", "q.id", "a.question_id")
    .where("q.type", "=", "scale")
    .select("a.id")
    .executeTakeFirstOrThrow();
  scaleAnswerId = scale.id;
  landSession = await signInAs("manager.land@demo.vn");
  viewerSession = await signInAs("viewer@demo.vn");
  healthSession = await signInAs("manager.health@demo.vn");
});

const decisionRow = (answerId: number) => db.selectFrom("comment_moderations").selectAll().where("answer_id", "=", answerId).execute();
const auditOf = (answerId: number) => db.selectFrom("audit_log").selectAll().where("entity_type", "=", "comment").where("entity_id", "=", answerId).orderBy("id").execute();

async function queue(moderator: { sectorIds: number[] | null }, status: "pending" | "approved" | "rejected" = "pending", sector: string | null = null) {
  const q = await listModerationQueue(db, moderator, { status, sector, page: 1 });
  if (!q.ok) throw new Error(q.problem.message);
  return q.value;
}

describe("the queue", () => {
  test("a land manager sees the comments of land, newest first, masked, with the original beside", async () => {
    const q = await queue(landManager);
    const ids = q.comments.map((x) => x.answerId);
    expect(ids).toEqual([c.email, c.flagged, c.plain, c.phone, c.february]);
    const phone = q.comments.find((x) => x.answerId === c.phone)!;
    expect(phone).toMatchObject({
      status: "pending",
      original: "Chờ 3 tiếng, gọi 0912 345 678 không ai nghe.",
      found: { phone: 1, email: 0, idNumber: 0 },
      overall: 2,
      sector: { code: "land" },
      servicePoint: { code: "TT-DD-01" },
      answeredDate: "2026-03-10",
      flagged: false,
    });
    expect(phone.masked).toEqual([
      { text: "Chờ 3 tiếng, gọi ", masked: null },
      { text: PHONE, masked: "phone" },
      { text: " không ai nghe.", masked: null },
    ]);
    expect(q.comments.find((x) => x.answerId === c.flagged)).toMatchObject({ flagged: true, flagReasons: ["honeypot"] });
  });

  test("an administrator sees every sector; a sector filter narrows it; another sector's filter is 404", async () => {
    const all = (await queue(admin)).comments.map((x) => x.answerId);
    expect(all).toContain(c.construction);
    expect(all).toContain(c.phone);
    expect((await queue(admin, "pending", "construction")).comments.map((x) => x.answerId)).toEqual([c.construction]);
    const other = await listModerationQueue(db, landManager, { status: "pending", sector: "construction", page: 1 });
    expect(other).toMatchObject({ ok: false, problem: { status: 404 } });
    const unknown = await listModerationQueue(db, admin, { status: "pending", sector: "nope", page: 1 });
    expect(unknown).toMatchObject({ ok: false, problem: { status: 404 } });
  });

  test("the page answers malformed addresses with 400 and another sector with 404, never 500", async () => {
    const page = (search: string, session = landSession) => runRoute(moderationPage, getRequest(`/dashboard/moderation${search}`, session));
    expect((await page("")).status).toBe(200);
    expect((await page("?status=approved&page=2")).status).toBe(200);
    for (const bad of ["?status=deleted", "?page=0", "?page=-1", "?page=1e9", "?page=abc", `?sector=${"x".repeat(500)}`, "?sector=%27%3B--", "?status=%00"]) {
      expect((await page(bad)).status, bad).toBe(400);
    }
    expect((await page("?sector=construction")).status).toBe(404);
    const viewer = await page("", viewerSession);
    expect(viewer.status).toBe(200);
    expect(viewer.data).toMatchObject({ mayDecide: false, csrf: "" });
  });
});

describe("deciding", () => {
  test("a manager approves through the page: 303 back, the masked text stored, the decision audited", async () => {
    const answer = await runRoute(moderationAction, postForm("/dashboard/moderation?status=pending", { answerId: c.phone, decision: "approve" }, landSession));
    expect(answer).toMatchObject({ status: 303, location: "/dashboard/moderation?status=pending&done=approve&n=1" });
    const rows = await decisionRow(c.phone);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "approved", masked_text: `Chờ 3 tiếng, gọi ${PHONE} không ai nghe.`, decided_by_user_id: landManager.actor.userId });
    const audit = await auditOf(c.phone);
    expect(audit.at(-1)).toMatchObject({ action: "approve", actor_name: landManager.actor.name });
    // The log names what was masked, never the citizen's words.
    expect(audit.at(-1)!.after_json).not.toContain("0912");
    const approved = await queue(landManager, "approved");
    expect(approved.comments.map((x) => x.answerId)).toContain(c.phone);
    expect(approved.counts.approved).toBeGreaterThanOrEqual(1);
  });

  test("re-deciding replaces the decision: one row, each decision in the log", async () => {
    for (const decision of ["approve", "reject", "approve", "reject"] as const) {
      expect(await decideComments(db, landManager, { answerIds: [c.plain], decision })).toEqual({ ok: true, value: { decided: 1 } });
    }
    const rows = await decisionRow(c.plain);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe("rejected");
    expect((await auditOf(c.plain)).map((a) => a.action)).toEqual(["approve", "reject", "approve", "reject"]);
  });

  test("decisions at once on one comment all succeed and leave one row", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) => decideComments(db, i % 2 ? admin : landManager, { answerIds: [c.email], decision: i % 3 ? "approve" : "reject" })),
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(await decisionRow(c.email)).toHaveLength(1);
    expect(await auditOf(c.email)).toHaveLength(8);
  });

  test("a page's selection is decided in one go; with another sector's comment in it, none is", async () => {
    const mixed = await runRoute(moderationAction, postForm("/dashboard/moderation", { answerId: [String(c.february), String(c.construction)], decision: "reject" }, landSession));
    expect(mixed.status).toBe(404);
    expect(await decisionRow(c.february)).toHaveLength(0);
    expect(await decisionRow(c.construction)).toHaveLength(0);
    const bulk = await runRoute(moderationAction, postForm("/dashboard/moderation?status=pending&sector=land", { answerId: [String(c.february), String(c.flagged)], decision: "approve" }, landSession));
    expect(bulk).toMatchObject({ status: 303, location: "/dashboard/moderation?status=pending&sector=land&done=approve&n=2" });
    expect((await decisionRow(c.february))[0]!.masked_text).toBe(`Tháng hai: mail ${MASK_PLACEHOLDERS.email}.`);
  });

  test("viewers may not decide (403), through the page or the service", async () => {
    const page = await runRoute(moderationAction, postForm("/dashboard/moderation", { answerId: c.construction, decision: "approve" }, viewerSession));
    expect(page.status).toBe(403);
    const service = await decideComments(db, { ...admin, mayDecide: false }, { answerIds: [c.construction], decision: "approve" });
    expect(service).toMatchObject({ ok: false, problem: { status: 403 } });
    expect(await decisionRow(c.construction)).toHaveLength(0);
  });

  test("another sector's comment, an answer that is no comment, and no answer at all are 404", async () => {
    for (const answerId of [c.construction, scaleAnswerId, 999_999]) {
      expect(await decideComments(db, landManager, { answerIds: [answerId], decision: "approve" }), String(answerId)).toMatchObject({ ok: false, problem: { status: 404 } });
      const page = await runRoute(moderationAction, postForm("/dashboard/moderation", { answerId, decision: "approve" }, healthSession));
      expect(page.status).toBe(404);
    }
    expect(await decisionRow(c.construction)).toHaveLength(0);
  });

  test.each([
    ["no answer id", { decision: "approve" }],
    ["no decision", { answerId: "1" }],
    ["an unknown decision", { answerId: "1", decision: "publish" }],
    ["an id that is not a number", { answerId: "1 OR 1=1", decision: "approve" }],
    ["a negative id", { answerId: "-5", decision: "approve" }],
    ["an id beyond any integer column", { answerId: "99999999999", decision: "approve" }],
    ["an empty id", { answerId: "", decision: "approve" }],
    ["more ids than a page holds", { answerId: Array.from({ length: 21 }, (_, i) => String(i + 1)), decision: "approve" }],
  ] as Array<[string, Record<string, string | string[]>]>)("%s: 400 with the form's error, nothing decided", async (_name, fields) => {
    const before = await db.selectFrom("comment_moderations").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const answer = await runRoute(moderationAction, postForm("/dashboard/moderation", fields, landSession));
    expect(answer.status).toBe(400);
    expect(answer.data).toMatchObject({ ok: false });
    const after = await db.selectFrom("comment_moderations").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  test("a forged or oversized post is refused before anything is read", async () => {
    const fields = { answerId: String(c.construction), decision: "approve" };
    expect((await runRoute(moderationAction, postForm("/dashboard/moderation", fields, landSession, { origin: "https://evil.example" }))).status).toBe(403);
    expect((await runRoute(moderationAction, postForm("/dashboard/moderation", fields, landSession, { csrf: false }))).status).toBe(403);
    const huge = await runRoute(moderationAction, postForm("/dashboard/moderation", { ...fields, padding: "x".repeat(200_000) }, landSession));
    expect([400, 413]).toContain(huge.status);
    const badQuery = await runRoute(moderationAction, postForm("/dashboard/moderation?page=zero", fields, landSession));
    expect(badQuery.status).toBe(400);
  });
});

describe("what may be published", () => {
  test("approved comments of unflagged responses in the period only, masked, newest first", async () => {
    await decideComments(db, admin, { answerIds: [c.construction, c.phone], decision: "approve" });
    await decideComments(db, admin, { answerIds: [c.plain], decision: "reject" });
    const published = await listPublishableComments(db, { from: "2026-03-01", to: "2026-03-31", sectorIds: null, limit: 50 });
    const byId = new Map(published.map((p) => [p.answerId, p]));
    // The phone's comment, the construction one and the e-mail one (approved or rejected by the racing decisions).
    expect(byId.get(c.phone)).toEqual({
      answerId: c.phone,
      text: `Chờ 3 tiếng, gọi ${PHONE} không ai nghe.`,
      sectorCode: "land",
      agencyCode: expect.any(String),
      servicePointCode: "TT-DD-01",
      answeredDate: "2026-03-10",
      overallScore: 2,
    });
    expect(byId.get(c.construction)!.text).toBe(`Xây dựng: CCCD ${MASK_PLACEHOLDERS.idNumber} bị ghi sai.`);
    expect(byId.has(c.plain)).toBe(false); // rejected
    expect(byId.has(c.flagged)).toBe(false); // approved, but its response is flagged
    expect(byId.has(c.february)).toBe(false); // approved, but answered in February (Vietnam time)
    const dates = published.map((p) => p.answeredDate);
    expect([...dates].sort().reverse()).toEqual(dates);
    for (const p of published) expect(p.text).not.toMatch(/0912|040203004567|@/);
  });

  test("a sector's list and the limit", async () => {
    const land = await listPublishableComments(db, { from: "2026-03-01", to: "2026-03-31", sectorIds: [ids.land], limit: 50 });
    expect(land.every((p) => p.sectorCode === "land")).toBe(true);
    expect(land.map((p) => p.answerId)).toContain(c.phone);
    expect(await listPublishableComments(db, { from: "2026-03-01", to: "2026-03-31", sectorIds: [], limit: 50 })).toEqual([]);
    expect(await listPublishableComments(db, { from: "2026-03-01", to: "2026-03-31", sectorIds: null, limit: 1 })).toHaveLength(1);
    const february = await listPublishableComments(db, { from: "2026-02-01", to: "2026-02-28", sectorIds: null, limit: 50 });
    expect(february.map((p) => p.answerId)).toEqual([c.february]);
  });
});
