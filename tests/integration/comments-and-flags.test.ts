import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { listComments, type CommentFilter } from "~/modules/dashboard/comments.repository.server";
import { summariseFlagged } from "~/modules/dashboard/flags.repository.server";
import type { SummaryScope } from "~/modules/indices/indices.repository.server";
import { submitResponse } from "~/modules/survey/submission.service.server";
import { receivedSoonAfter } from "../setup/submissions";
import { useFreshDatabase } from "../setup/test-database";

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const CRITERIA = { signage: "4", posted: "4", as_posted: "4", courtesy: "4", guidance: "4", result_correct: "4", feedback: "na" };

/** Stores one administrative-procedures response with a comment, at a given Vietnam time. */
async function respond(options: {
  point: string;
  sector?: string;
  overall: number;
  comment?: string;
  at: string;
  honeypot?: boolean;
  tooFast?: boolean;
}) {
  const answers: Record<string, string> = { ...CRITERIA, overall: String(options.overall), visits: "1", on_time: "on_time", submission_channel: "online" };
  if (options.comment !== undefined) answers.comment = options.comment;
  const outcome = await submitResponse(db, {
    clientId: crypto.randomUUID(),
    servicePointCode: options.point,
    ticketToken: null,
    sectorCode: options.sector ?? null,
    locale: "vi",
    answeredAt: new Date(`${options.at}+07:00`),
    rawAnswers: answers,
    repeatedKeys: [],
    channel: "qr",
    honeypotFilled: options.honeypot ?? false,
    // A form-start token that cannot be read counts as sent at once: too fast.
    formStarted: options.tooFast ? "not-a-signed-start" : undefined,
    ip: "192.0.2.10",
    deviceId: null,
    submitter: { kind: "trusted_device" },
  }, receivedSoonAfter(`${options.at}+07:00`));
  expect(outcome.kind).toBe("created");
}

let ids: { land: number; construction: number; ttdd01: number; ttdd02: number; hn01: number };

function scope(overrides: Partial<SummaryScope> = {}): SummaryScope {
  return { from: "2026-03-01", to: "2026-03-31", sectorIds: null, servicePointIds: null, includeFlagged: false, ...overrides };
}

async function texts(filter: Partial<CommentFilter> & { scope: SummaryScope }) {
  const page = await listComments(db, { rating: null, limit: 50, offset: 0, ...filter });
  return page.comments.map((c) => c.text);
}

beforeAll(async () => {
  const sectors = await db.selectFrom("sectors").select(["id", "code"]).execute();
  const points = await db.selectFrom("service_points").select(["id", "code"]).execute();
  const sector = (code: string) => sectors.find((s) => s.code === code)!.id;
  const point = (code: string) => points.find((p) => p.code === code)!.id;
  ids = { land: sector("land"), construction: sector("construction"), ttdd01: point("TT-DD-01"), ttdd02: point("TT-DD-02"), hn01: point("HN-01") };

  await respond({ point: "TT-DD-01", overall: 5, comment: "Rất tốt, cảm ơn.", at: "2026-03-02T09:00:00" });
  await respond({ point: "TT-DD-02", overall: 2, comment: "Phải chờ quá lâu.", at: "2026-03-05T10:30:00" });
  await respond({ point: "TT-DD-01", overall: 3, comment: "Bình thường.", at: "2026-03-07T08:15:00" });
  await respond({ point: "HN-01", sector: "land", overall: 1, comment: "Hồ sơ bị trả lại nhiều lần.", at: "2026-03-09T14:00:00" });
  await respond({ point: "HN-01", sector: "construction", overall: 4, comment: "Xây dựng: hướng dẫn rõ.", at: "2026-03-10T15:00:00" });
  await respond({ point: "TT-DD-01", overall: 4, comment: "   ", at: "2026-03-11T09:00:00" });
  await respond({ point: "TT-DD-01", overall: 4, at: "2026-03-12T09:00:00" });
  await respond({ point: "TT-DD-02", overall: 1, comment: "Spam spam.", at: "2026-03-13T09:00:00", honeypot: true });
  await respond({ point: "TT-DD-02", overall: 5, comment: "Gửi rất nhanh.", at: "2026-03-14T09:00:00", honeypot: true, tooFast: true });
  // Outside March, on either side of it in Vietnam time (23:30 on 28 Feb is still February there).
  await respond({ point: "TT-DD-01", overall: 5, comment: "Tháng hai.", at: "2026-02-28T23:30:00" });
  await respond({ point: "TT-DD-01", overall: 5, comment: "Tháng tư.", at: "2026-04-01T00:30:00" });
});

describe("comments", () => {
  test("are the non-empty text answers in the date range, newest first, flagged ones left out", async () => {
    expect(await texts({ scope: scope() })).toEqual([
      "Xây dựng: hướng dẫn rõ.",
      "Hồ sơ bị trả lại nhiều lần.",
      "Bình thường.",
      "Phải chờ quá lâu.",
      "Rất tốt, cảm ơn.",
    ]);
  });

  test("carry the respondent's overall score, point, sector and time", async () => {
    const page = await listComments(db, { scope: scope({ sectorIds: [ids.land] }), rating: null, limit: 1, offset: 0 });
    expect(page.comments[0]).toMatchObject({
      text: "Hồ sơ bị trả lại nhiều lần.",
      overall: 1,
      servicePoint: { code: "HN-01", name: { vi: "Bộ phận Một cửa xã Hưng Nguyên" } },
      sector: { code: "land", name: { vi: "Đất đai", en: "Land" } },
      answeredAt: "2026-03-09T07:00:00.000Z",
      flagged: false,
      flagReasons: [],
    });
  });

  test("are scoped to sectors: a land manager does not see construction comments from a shared desk", async () => {
    const land = await texts({ scope: scope({ sectorIds: [ids.land] }) });
    expect(land).toContain("Hồ sơ bị trả lại nhiều lần.");
    expect(land).not.toContain("Xây dựng: hướng dẫn rõ.");
    expect(await texts({ scope: scope({ sectorIds: [] }) })).toEqual([]);
  });

  test("filter by service point", async () => {
    expect(await texts({ scope: scope({ servicePointIds: [ids.ttdd01] }) })).toEqual(["Bình thường.", "Rất tốt, cảm ơn."]);
    expect(await texts({ scope: scope({ servicePointIds: [ids.hn01], sectorIds: [ids.construction] }) })).toEqual(["Xây dựng: hướng dẫn rõ."]);
  });

  test("filter by the overall rating: a band or one level", async () => {
    const s = scope({ sectorIds: [ids.land] });
    expect(await texts({ scope: s, rating: "satisfied" })).toEqual(["Rất tốt, cảm ơn."]);
    expect(await texts({ scope: s, rating: "dissatisfied" })).toEqual(["Hồ sơ bị trả lại nhiều lần.", "Phải chờ quá lâu."]);
    expect(await texts({ scope: s, rating: "neutral" })).toEqual(["Bình thường."]);
    expect(await texts({ scope: s, rating: "2" })).toEqual(["Phải chờ quá lâu."]);
    expect(await texts({ scope: s, rating: "4" })).toEqual([]);
  });

  test("include flagged responses, marked with their reasons, only when asked", async () => {
    const page = await listComments(db, { scope: scope({ includeFlagged: true, servicePointIds: [ids.ttdd02] }), rating: null, limit: 10, offset: 0 });
    expect(page.comments.map((c) => [c.text, c.flagged, c.flagReasons])).toEqual([
      ["Gửi rất nhanh.", true, ["honeypot", "too_fast"]],
      ["Spam spam.", true, ["honeypot"]],
      ["Phải chờ quá lâu.", false, []],
    ]);
  });

  test("come a page at a time, with the total of every page", async () => {
    const first = await listComments(db, { scope: scope(), rating: null, limit: 2, offset: 0 });
    const third = await listComments(db, { scope: scope(), rating: null, limit: 2, offset: 4 });
    expect(first.total).toBe(5);
    expect(first.comments.map((c) => c.text)).toEqual(["Xây dựng: hướng dẫn rõ.", "Hồ sơ bị trả lại nhiều lần."]);
    expect(third).toMatchObject({ total: 5, comments: [{ text: "Rất tốt, cảm ơn." }] });
  });

  test("follow the Vietnam calendar date, not UTC", async () => {
    expect(await texts({ scope: scope({ from: "2026-02-28", to: "2026-02-28" }) })).toEqual(["Tháng hai."]);
    expect(await texts({ scope: scope({ from: "2026-04-01", to: "2026-04-01" }) })).toEqual(["Tháng tư."]);
  });
});

describe("flagged responses", () => {
  test("are counted once each, and by every reason they carry", async () => {
    expect(await summariseFlagged(db, scope())).toEqual({
      total: 2,
      byReason: [
        { reason: "honeypot", count: 2 },
        { reason: "too_fast", count: 1 },
      ],
    });
  });

  test("are counted in the scope's sectors, points and dates only", async () => {
    expect(await summariseFlagged(db, scope({ sectorIds: [ids.construction] }))).toEqual({ total: 0, byReason: [] });
    expect((await summariseFlagged(db, scope({ servicePointIds: [ids.ttdd01] }))).total).toBe(0);
    expect((await summariseFlagged(db, scope({ servicePointIds: [ids.ttdd02], sectorIds: [ids.land] }))).total).toBe(2);
    expect((await summariseFlagged(db, scope({ from: "2026-03-14", to: "2026-03-31" }))).byReason).toEqual([
      { reason: "honeypot", count: 1 },
      { reason: "too_fast", count: 1 },
    ]);
  });
});
