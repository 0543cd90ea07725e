import { afterAll, describe, expect, test } from "vitest";
import { compareSummariesWithRaw } from "~/modules/indices/summaries.repository.server";
import { createTickets } from "~/modules/tickets/tickets.repository.server";
import { submitResponse, type SubmissionRequest } from "~/modules/survey/submission.service.server";
import { signFormStart } from "~/modules/survey/trust.server";
import { countSubmission } from "~/http/rate-limits.server";
import type { DB } from "#db/client";
import type { Submitter } from "~/domain/trust";
import { vietnamDate } from "~/domain/vietnam-time";
import { useFreshDatabase } from "../setup/test-database";

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const ANSWERS = {
  signage: "4", posted: "4", as_posted: "5", courtesy: "5", guidance: "3", result_correct: "4",
  feedback: "na", overall: "4", visits: "1", on_time: "on_time", submission_channel: "online", comment: "Tốt",
};

const CITIZEN: Submitter<DB> = { kind: "citizen", limits: countSubmission };
const STAFF: Submitter<DB> = { kind: "staff", limits: countSubmission };
const TRUSTED_DEVICE: Submitter<DB> = { kind: "trusted_device" };
const HOUR_MS = 60 * 60 * 1000;

let device = 0;
/** A fresh phone that opened the form a minute ago and answered everything. */
function request(overrides: Partial<SubmissionRequest> = {}): SubmissionRequest {
  device += 1;
  return {
    clientId: crypto.randomUUID(),
    servicePointCode: "TT-DD-01",
    ticketToken: null,
    sectorCode: null,
    locale: "vi",
    answeredAt: null,
    rawAnswers: ANSWERS,
    repeatedKeys: [],
    channel: "qr",
    honeypotFilled: false,
    formStarted: signFormStart(new Date(Date.now() - 60_000)),
    ip: "203.0.113.7",
    deviceId: `device-${String(device).padStart(12, "0")}`,
    submitter: CITIZEN,
    ...overrides,
  };
}

async function stored(clientId: string) {
  return db
    .selectFrom("responses as r")
    .innerJoin("sectors as s", "s.id", "r.sector_id")
    .select(["r.id", "r.flagged", "r.flag_reason", "r.ip_hash", "r.channel", "r.locale", "s.code as sector", "r.answered_date"])
    .where("r.client_id", "=", clientId)
    .executeTakeFirst();
}

async function total(): Promise<number> {
  const row = await db.selectFrom("responses").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("submitting a survey", () => {
  test("stores an honest response unflagged, with the IP only as a salted hash", async () => {
    const req = request();
    const outcome = await submitResponse(db, req);
    expect(outcome.kind).toBe("created");
    const row = await stored(req.clientId!);
    expect(row).toMatchObject({ flagged: 0, sector: "land", channel: "qr", locale: "vi" });
    expect(row!.ip_hash).not.toContain("203.0.113.7");
    expect(row!.ip_hash).toMatch(/^[\w-]{22}$/);
  });

  test("answers a repeat with the same response and stores nothing new", async () => {
    const req = request();
    const first = await submitResponse(db, req);
    const before = await total();
    const again = await submitResponse(db, req);
    expect(again).toEqual({ ...first, kind: "repeat" });
    expect(await total()).toBe(before);
  });

  test("refuses an invalid submission with every field's error, storing nothing", async () => {
    const before = await total();
    const outcome = await submitResponse(db, request({ clientId: "nope", rawAnswers: { ...ANSWERS, overall: "", courtesy: "9", expectation: "80" } }));
    expect(outcome).toEqual({
      kind: "invalid",
      errors: { id: "form", overall: "required", courtesy: "invalid_scale", expectation: "unknown_question" },
    });
    expect(await total()).toBe(before);
  });

  test("asks which sector when the point serves several, and attributes the response to the choice", async () => {
    expect(await submitResponse(db, request({ servicePointCode: "HN-01" }))).toEqual({ kind: "invalid", errors: { sector: "sector_required" } });
    expect(await submitResponse(db, request({ servicePointCode: "HN-01", sectorCode: "health" }))).toEqual({
      kind: "invalid",
      errors: { sector: "sector_invalid" },
    });
    const req = request({ servicePointCode: "HN-01", sectorCode: "construction" });
    expect((await submitResponse(db, req)).kind).toBe("created");
    expect((await stored(req.clientId!))!.sector).toBe("construction");
  });

  test("an unknown or inactive service point is not found", async () => {
    expect(await submitResponse(db, request({ servicePointCode: "NOPE" }))).toEqual({ kind: "point_not_found" });
    await db.updateTable("service_points").set({ active: 0 }).where("code", "=", "TV-02").execute();
    expect(await submitResponse(db, request({ servicePointCode: "TV-02" }))).toEqual({ kind: "point_not_found" });
    await db.updateTable("service_points").set({ active: 1 }).where("code", "=", "TV-02").execute();
  });

  test("keeps and flags a bot's response: honeypot filled, sent too fast", async () => {
    const req = request({ honeypotFilled: true, formStarted: signFormStart(new Date()) });
    expect((await submitResponse(db, req)).kind).toBe("created");
    expect(await stored(req.clientId!)).toMatchObject({ flagged: 1, flag_reason: "honeypot,too_fast" });
  });

  test("treats a forged or missing form-start token as too fast", async () => {
    for (const formStarted of [null, "1700000000000.forged", "garbage"]) {
      const req = request({ formStarted });
      await submitResponse(db, req);
      expect((await stored(req.clientId!))!.flag_reason).toBe("too_fast");
    }
  });

  test("flags a second response from the same phone within ten minutes, and refuses the seventh in an hour", async () => {
    const phone = "the-same-phone-0001";
    const outcomes = [];
    for (let i = 0; i < 7; i++) outcomes.push(await submitResponse(db, request({ servicePointCode: "TT-XD-01", deviceId: phone })));
    expect(outcomes.slice(0, 6).map((o) => o.kind)).toEqual(Array(6).fill("created"));
    expect(outcomes[6]).toMatchObject({ kind: "rate_limited" });
    const reasons = await db
      .selectFrom("responses")
      .select("flag_reason")
      .where("device_hash", "is not", null)
      .where("service_point_id", "=", db.selectFrom("service_points").select("id").where("code", "=", "TT-XD-01"))
      .orderBy("id")
      .execute();
    expect(reasons.map((r) => r.flag_reason)).toEqual([null, ...Array(5).fill("device_repeat")]);
  });

  test("does not limit many phones sharing one centre's Wi-Fi address", async () => {
    const outcomes = [];
    for (let i = 0; i < 20; i++) outcomes.push(await submitResponse(db, request({ servicePointCode: "TT-DT-01", ip: "198.51.100.1" })));
    expect(outcomes.every((o) => o.kind === "created")).toBe(true);
  });

  test("a trusted caller skips the rate limits but not validation", async () => {
    const phone = "trusted-kiosk-0001";
    for (let i = 0; i < 8; i++) {
      expect((await submitResponse(db, request({ servicePointCode: "TV-01", sectorCode: "land", deviceId: phone, submitter: TRUSTED_DEVICE }))).kind).toBe("created");
    }
    expect((await submitResponse(db, request({ servicePointCode: "TV-01", submitter: TRUSTED_DEVICE }))).kind).toBe("invalid");
  });

  test("a staff member is held to a citizen's limits, and every response they send is flagged staff", async () => {
    const phone = "the-managers-phone-01";
    const outcomes = [];
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const req = request({ servicePointCode: "TT-DD-02", deviceId: phone, submitter: STAFF });
      ids.push(req.clientId!);
      outcomes.push(await submitResponse(db, req));
    }
    expect(outcomes.slice(0, 6).map((o) => o.kind)).toEqual(Array(6).fill("created"));
    expect(outcomes[6]).toMatchObject({ kind: "rate_limited" });
    expect(await stored(ids[0]!)).toMatchObject({ flagged: 1, flag_reason: "staff" });
    expect(await stored(ids[1]!)).toMatchObject({ flagged: 1, flag_reason: "device_repeat,staff" });
    expect(await stored(ids[6]!)).toBeUndefined();
  });

  test("a capture time older than 24 hours is accepted from a trusted device only, and nothing is stored otherwise", async () => {
    const twoDaysAgo = new Date(Date.now() - 48 * HOUR_MS);
    for (const submitter of [CITIZEN, STAFF]) {
      const before = await total();
      const refused = await submitResponse(db, request({ channel: "api", answeredAt: twoDaysAgo, submitter }));
      expect(refused).toEqual({ kind: "invalid", errors: { answeredAt: "answered_at_needs_trusted_device" } });
      expect(await total()).toBe(before);
    }
    const fromKiosk = request({ channel: "kiosk", answeredAt: twoDaysAgo, submitter: TRUSTED_DEVICE });
    expect((await submitResponse(db, fromKiosk)).kind).toBe("created");
    expect((await stored(fromKiosk.clientId!))!.answered_date).toBe(vietnamDate(twoDaysAgo));

    const lastNight = request({ channel: "api", answeredAt: new Date(Date.now() - 20 * HOUR_MS) });
    expect((await submitResponse(db, lastNight)).kind).toBe("created");
  });

  test("no one may date a capture more than 30 days back or more than 5 minutes ahead", async () => {
    const tooOld = request({ channel: "kiosk", answeredAt: new Date(Date.now() - 31 * 24 * HOUR_MS), submitter: TRUSTED_DEVICE });
    expect(await submitResponse(db, tooOld)).toEqual({ kind: "invalid", errors: { answeredAt: "answered_at_too_old" } });
    const ahead = request({ channel: "kiosk", answeredAt: new Date(Date.now() + 10 * 60_000), submitter: TRUSTED_DEVICE });
    expect(await submitResponse(db, ahead)).toEqual({ kind: "invalid", errors: { answeredAt: "answered_at_ahead" } });
  });

  test("a per-dossier ticket is single use and names the sector", async () => {
    const point = await db.selectFrom("service_points").select("id").where("code", "=", "HN-01").executeTakeFirstOrThrow();
    const admin = await db.selectFrom("sectors").select("id").where("code", "=", "admin").executeTakeFirstOrThrow();
    const [token] = await createTickets(db, { servicePointId: point.id, sectorId: admin.id, dossierCode: "H42.01-261126-0007", count: 1 });

    const first = request({ servicePointCode: "HN-01", ticketToken: token! });
    expect((await submitResponse(db, first)).kind).toBe("created");
    expect(await stored(first.clientId!)).toMatchObject({ channel: "ticket", sector: "admin" });
    expect((await submitResponse(db, first)).kind).toBe("repeat");
    expect(await submitResponse(db, request({ servicePointCode: "HN-01", ticketToken: token! }))).toEqual({ kind: "ticket_used" });
    expect(await submitResponse(db, request({ servicePointCode: "TT-DD-01", ticketToken: token! }))).toEqual({ kind: "ticket_unknown" });
    expect(await submitResponse(db, request({ servicePointCode: "HN-01", ticketToken: "no-such-ticket" }))).toEqual({ kind: "ticket_unknown" });
  });

  test("dates a kiosk's offline capture by when it was answered, in Vietnam time", async () => {
    // 17:30 UTC, a day or two ago: already the next day in Vietnam (UTC+7).
    const answeredAt = new Date(Date.now() - 36 * HOUR_MS);
    answeredAt.setUTCHours(17, 30, 0, 0);
    const req = request({ channel: "kiosk", answeredAt, submitter: TRUSTED_DEVICE });
    await submitResponse(db, req);
    expect((await stored(req.clientId!))!.answered_date).toBe(new Date(answeredAt.getTime() + 24 * HOUR_MS).toISOString().slice(0, 10));
  });

  test("leaves the summaries exactly equal to the sums of the raw answers, after all of the above", async () => {
    expect(await compareSummariesWithRaw(db)).toEqual([]);
    const flagged = await db
      .selectFrom("response_summaries")
      .select((eb) => [eb.fn.sum<number>("respondents").as("n")])
      .where("flagged", "=", 1)
      .executeTakeFirstOrThrow();
    const stored = await db.selectFrom("responses").select((eb) => eb.fn.countAll<number>().as("n")).where("flagged", "=", 1).executeTakeFirstOrThrow();
    expect(Number(flagged.n)).toBe(Number(stored.n));
    expect(Number(stored.n)).toBeGreaterThan(0);
  });
});
