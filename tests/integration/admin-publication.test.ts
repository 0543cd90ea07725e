import { seedResponses } from "#db/seed/seed";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addDays, nextPeriodKey, parsePeriodKey, periodKeyOf, previousPeriodKey } from "~/domain/periods";
import { vietnamDate } from "~/domain/vietnam-time";
import { readPublishedResults } from "~/modules/publication/publication.service.server";
import { action, loader } from "~/routes/admin.publication";
import { getRequest, postForm, runRoute, signInAs, type StaffSession } from "../setup/admin-requests";
import { useFreshDatabase } from "../setup/test-database";

/**
 * /admin/publication through its real loader and action: the recent periods
 * with their status, publishing and republishing a closed period as
 * revisions, and every way a post is refused.
 */
const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const TODAY = vietnamDate(new Date());
const OPEN_MONTH = periodKeyOf(TODAY, "month");
const CLOSED_MONTH = previousPeriodKey(OPEN_MONTH);
const OLDER_MONTH = previousPeriodKey(CLOSED_MONTH);

let admin: StaffSession;
let manager: StaffSession;
let viewer: StaffSession;
beforeAll(async () => {
  // Responses in the closed month (ending on its last day, 10:00 in Vietnam), so the snapshot holds figures.
  const lastDay = parsePeriodKey(CLOSED_MONTH)!.last;
  await seedResponses(db, { count: 400, days: 20, seed: 7, now: new Date(`${lastDay}T03:00:00Z`) });
  admin = await signInAs("admin@demo.vn");
  manager = await signInAs("manager.land@demo.vn");
  viewer = await signInAs("viewer@demo.vn");
});

type Fields = Record<string, string | number | string[]>;
const post = (fields: Fields, session = admin, options?: Parameters<typeof postForm>[3]) =>
  runRoute(action, postForm("/admin/publication", fields, session, options));
const page = (session = admin) => runRoute(loader, getRequest("/admin/publication", session));

async function counts() {
  const n = async (table: "publications" | "audit_log") =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  return { publications: await n("publications"), audit: await n("audit_log") };
}

const revisionsOf = (period: string) =>
  db.selectFrom("publications").select(["revision", "note", "published_by_user_id", "kind", "from_date", "to_date", "snapshot_json", "etag"]).where("period", "=", period).orderBy("revision").execute();

async function expectRefused(fields: Fields, status: number) {
  const before = await counts();
  const outcome = await post(fields);
  expect(outcome.status, JSON.stringify(outcome.data)).toBe(status);
  expect(await counts()).toEqual(before);
  return outcome.data.errors as Record<string, { code: string; values?: Record<string, unknown> }>;
}

type Row = { period: { key: string; kind: string }; closed: boolean; autoDate: string; revisions: Array<{ revision: number; note: string | null; publishedBy: string | null }> };

describe("the page", () => {
  test("lists the open and recent months, quarters and years, with nothing published yet", async () => {
    const answer = await page();
    expect(answer.status).toBe(200);
    const periods = answer.data.periods as Record<"month" | "quarter" | "year", Row[]>;
    expect(periods.month).toHaveLength(13);
    expect(periods.quarter).toHaveLength(5);
    expect(periods.year).toHaveLength(3);
    expect(periods.month[0]).toMatchObject({ period: { key: OPEN_MONTH, kind: "month" }, closed: false, revisions: [] });
    expect(periods.month[1]).toMatchObject({ period: { key: CLOSED_MONTH }, closed: true, revisions: [] });
    expect(periods.month[1]!.autoDate).toBe(addDays(parsePeriodKey(CLOSED_MONTH)!.last, Math.max(1, answer.data.afterDays)));
    expect(periods.quarter[0]).toMatchObject({ period: { key: periodKeyOf(TODAY, "quarter") }, closed: false });
    expect(periods.year[0]).toMatchObject({ period: { key: TODAY.slice(0, 4) }, closed: false });
    for (const kind of ["month", "quarter", "year"] as const) {
      expect(periods[kind].slice(1).every((r) => r.closed)).toBe(true);
    }
    expect(answer.data.today).toBe(TODAY);
  });

  test("a manager or a viewer may not see it", async () => {
    expect((await page(manager)).status).toBe(403);
    expect((await page(viewer)).status).toBe(403);
  });
});

describe("publishing", () => {
  test("a closed month: 303, revision 1 with the month's figures frozen, audited", async () => {
    const before = await counts();
    const outcome = await post({ intent: "publish", period: CLOSED_MONTH, note: "" });
    expect(outcome).toMatchObject({ status: 303, location: `/admin/publication?published=${CLOSED_MONTH}&revision=1` });
    expect(await counts()).toEqual({ publications: before.publications + 1, audit: before.audit + 1 });
    const [first] = await revisionsOf(CLOSED_MONTH);
    const { first: from, last: to } = parsePeriodKey(CLOSED_MONTH)!;
    expect(first).toMatchObject({ revision: 1, note: null, kind: "month", from_date: from, to_date: to });
    expect(first!.published_by_user_id).not.toBeNull();
    const snapshot = JSON.parse(first!.snapshot_json);
    expect(snapshot).toMatchObject({ format: 1, period: { key: CLOSED_MONTH } });
    expect(snapshot.totals.respondents).toBeGreaterThan(0);
    expect(snapshot.scorecard.lines.length).toBeGreaterThan(0);
    // Counts are numbers on both engines (PostgreSQL returns bigint counts as text unless converted).
    expect(typeof snapshot.totals.respondents).toBe("number");
    expect(typeof snapshot.totals.dossiersReturned).toBe("number");
    for (const line of snapshot.scorecard.lines) expect(typeof line.figure.n, line.key).toBe("number");
    for (const sector of snapshot.sectors) {
      expect(typeof sector.respondents, sector.code).toBe("number");
      expect(typeof sector.figure.n, sector.code).toBe("number");
    }
    expect(snapshot.totals.respondents).toBe(snapshot.sectors.reduce((n: number, s: { respondents: number }) => n + s.respondents, 0));
    const audit = await db.selectFrom("audit_log").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: "create", entity_type: "publication", entity_label: `${CLOSED_MONTH} #1` });

    const listed = ((await page()).data.periods.month as Row[]).find((r) => r.period.key === CLOSED_MONTH)!;
    expect(listed.revisions).toMatchObject([{ revision: 1, publishedBy: "Quản trị viên" }]);
  });

  test("again: revision 2, with the note (trimmed), the first kept", async () => {
    const outcome = await post({ intent: "publish", period: ` ${CLOSED_MONTH} `, note: "  Sửa số liệu <b>sai</b> ' OR 1=1 --  " });
    expect(outcome).toMatchObject({ status: 303, location: `/admin/publication?published=${CLOSED_MONTH}&revision=2` });
    expect((await revisionsOf(CLOSED_MONTH)).map((r) => [r.revision, r.note])).toEqual([
      [1, null],
      [2, "Sửa số liệu <b>sai</b> ' OR 1=1 --"],
    ]);
    const audit = await db.selectFrom("audit_log").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: "update", entity_type: "publication", entity_label: `${CLOSED_MONTH} #2` });
    const listed = ((await page()).data.periods.month as Row[]).find((r) => r.period.key === CLOSED_MONTH)!;
    expect(listed.revisions.map((r) => r.revision)).toEqual([2, 1]);
  });

  test("a note of exactly 500 characters is kept whole", async () => {
    const note = "ợ".repeat(500);
    expect((await post({ intent: "publish", period: OLDER_MONTH, note })).status).toBe(303);
    expect((await revisionsOf(OLDER_MONTH)).map((r) => r.note)).toEqual([note]);
  });

  test("a closed quarter and a closed year are published too", async () => {
    const quarter = previousPeriodKey(periodKeyOf(TODAY, "quarter"));
    const year = String(Number(TODAY.slice(0, 4)) - 1);
    for (const period of [quarter, year]) {
      expect(await post({ intent: "publish", period })).toMatchObject({ status: 303, location: `/admin/publication?published=${period}&revision=1` });
    }
  });
});

describe("the oldest periods", () => {
  test("the first month and year accepted (1900) publish without figures, never a 500 for lack of a period before them", async () => {
    for (const period of ["1900-01", "1900-Q1", "1900"]) {
      expect(await post({ intent: "publish", period }), period).toMatchObject({ status: 303, location: `/admin/publication?published=${period}&revision=1` });
      const [first] = await revisionsOf(period);
      expect(JSON.parse(first!.snapshot_json).totals).toEqual({ respondents: 0, dossiersReturned: 0 });
    }
  });
});

describe("refusals", () => {
  test("the current (open) month, quarter and year, and a future month: 409 notClosed beside period, nothing stored", async () => {
    for (const period of [OPEN_MONTH, periodKeyOf(TODAY, "quarter"), TODAY.slice(0, 4), nextPeriodKey(OPEN_MONTH), "2999-12"]) {
      expect(await expectRefused({ intent: "publish", period }, 409), period).toEqual({ period: { code: "notClosed" } });
    }
  });

  test.each([
    ["month 13", "2026-13"],
    ["quarter 5", "2026-Q5"],
    ["a day", "2026-11-05"],
    ["a week", "2026-W45"],
    ["empty", ""],
    ["hostile", "2026-11' OR 1=1 --"],
    ["markup", "<script>alert(1)</script>"],
    ["oversized", "2".repeat(5000)],
    // Year 1 has no period before it: this was a 500 (RangeError) before the years were checked.
    ["the first month there is", "0001-01"],
    ["the first year there is", "0001"],
  ])("a malformed period (%s) is a 400 beside period, nothing stored", async (_, period) => {
    expect(await expectRefused({ intent: "publish", period }, 400)).toEqual({ period: { code: "format" } });
  });

  test("a missing period is a 400 beside period", async () => {
    expect(await expectRefused({ intent: "publish" }, 400)).toEqual({ period: { code: "format" } });
  });

  test("an unknown or missing intent is a 400", async () => {
    expect(await expectRefused({ intent: "unpublish", period: CLOSED_MONTH }, 400)).toEqual({ _form: { code: "invalid" } });
    expect(await expectRefused({ period: CLOSED_MONTH }, 400)).toEqual({ _form: { code: "invalid" } });
  });

  test("a 501-character note is a 400 beside note", async () => {
    expect(await expectRefused({ intent: "publish", period: CLOSED_MONTH, note: "x".repeat(501) }, 400)).toEqual({ note: { code: "tooLong", values: { max: 500 } } });
  });

  test("a note with a line break is a 400 beside note; a NUL (a 500 on PostgreSQL) is a 400 before the form is read", async () => {
    for (const note of ["two\nlines", "tab\there"]) {
      expect(await expectRefused({ intent: "publish", period: CLOSED_MONTH, note }, 400)).toEqual({ note: { code: "format" } });
    }
    const before = await counts();
    expect((await post({ intent: "publish", period: CLOSED_MONTH, note: "a\u0000b" })).status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  test("an oversized body is a 413", async () => {
    const before = await counts();
    expect((await post({ intent: "publish", period: CLOSED_MONTH, note: "x".repeat(20_000) })).status).toBe(413);
    expect(await counts()).toEqual(before);
  });

  test("a manager or a viewer is refused (403), nothing stored", async () => {
    const before = await counts();
    expect((await post({ intent: "publish", period: CLOSED_MONTH }, manager)).status).toBe(403);
    expect((await post({ intent: "publish", period: CLOSED_MONTH }, viewer)).status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  test("a forged origin, a missing or wrong anti-forgery token is refused (403), nothing stored", async () => {
    const before = await counts();
    const fields = { intent: "publish", period: CLOSED_MONTH };
    expect((await post(fields, admin, { origin: "https://evil.example" })).status).toBe(403);
    expect((await post(fields, admin, { csrf: false })).status).toBe(403);
    expect((await post(fields, admin, { csrf: viewer.csrf })).status).toBe(403);
    const anonymous = await runRoute(action, postForm("/admin/publication", fields));
    expect([302, 401, 403]).toContain(anonymous.status);
    expect(await counts()).toEqual(before);
  });
});

describe("races", () => {
  test("three publications of one period at once: each stored has its own revision, the others are 409, never a 500", async () => {
    const period = previousPeriodKey(OLDER_MONTH);
    const answers = await Promise.all([1, 2, 3].map((i) => post({ intent: "publish", period, note: `race ${i}` })));
    for (const a of answers) expect([303, 409], JSON.stringify(a.data)).toContain(a.status);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.data.errors).toEqual({ _form: { code: "publishedMeanwhile" } });
    const stored = await revisionsOf(period);
    const ok = answers.filter((a) => a.status === 303).length;
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(stored.map((r) => r.revision)).toEqual(Array.from({ length: ok }, (_, i) => i + 1));
    const audits = await db.selectFrom("audit_log").select("id").where("entity_type", "=", "publication").where("entity_label", "like", `${period} #%`).execute();
    expect(audits).toHaveLength(ok);
  });
});

describe("a published revision is frozen", () => {
  test("later responses change nothing published until a republication, whose changes are listed", async () => {
    const before = await revisionsOf(CLOSED_MONTH);
    const latest = before.at(-1)!;
    // Revision 2 republished the same figures: it lists no change.
    const second = await readPublishedResults(db, { period: CLOSED_MONTH, revision: 2 });
    expect(second).toMatchObject({ ok: true, value: { revision: 2, changes: [] } });

    const lastDay = parsePeriodKey(CLOSED_MONTH)!.last;
    await seedResponses(db, { count: 300, days: 10, seed: 99, now: new Date(`${lastDay}T04:00:00Z`) });
    expect(await revisionsOf(CLOSED_MONTH)).toEqual(before);
    const current = await readPublishedResults(db, { period: CLOSED_MONTH, revision: null });
    expect(current.ok && current.value.snapshot.totals.respondents).toBe(JSON.parse(latest.snapshot_json).totals.respondents);

    const outcome = await post({ intent: "publish", period: CLOSED_MONTH, note: "more responses" });
    expect(outcome.status).toBe(303);
    const next = await readPublishedResults(db, { period: CLOSED_MONTH, revision: null });
    expect(next.ok).toBe(true);
    if (!next.ok) return;
    expect(next.value.revision).toBe(latest.revision + 1);
    expect(next.value.note).toBe("more responses");
    expect(next.value.snapshot.totals.respondents).toBeGreaterThan(JSON.parse(latest.snapshot_json).totals.respondents);
    expect(next.value.changes.length).toBeGreaterThan(0);
    for (const change of next.value.changes) expect(change.after!.n).toBeGreaterThanOrEqual(change.before?.n ?? 0);
    expect(next.value.revisions.map((r) => r.revision)).toEqual(Array.from({ length: latest.revision + 1 }, (_, i) => latest.revision + 1 - i));
    // The earlier revisions are still there as they were.
    expect((await revisionsOf(CLOSED_MONTH)).slice(0, before.length)).toEqual(before);
  });

  test("an unknown revision or an unpublished period is not found", async () => {
    expect(await readPublishedResults(db, { period: CLOSED_MONTH, revision: 999 })).toMatchObject({ ok: false, problem: { status: 404 } });
    expect(await readPublishedResults(db, { period: OPEN_MONTH, revision: null })).toMatchObject({ ok: false, problem: { status: 404 } });
    expect(await readPublishedResults(db, { period: "2026-13", revision: null })).toMatchObject({ ok: false, problem: { status: 400, parameter: "period" } });
  });
});
