import * as dossierSummaries from "#db/migrations/2026-12-04T0200-dossier-summaries";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseDossierPost } from "~/domain/dossiers";
import { parseTimelinessQuery } from "~/domain/timeliness";
import type { Actor } from "~/modules/audit/types";
import { compareDossierSummariesWithRaw, rebuildDossierSummaries } from "~/modules/dossiers/dossier-summaries.repository.server";
import { recordDossier, sendApology } from "~/modules/dossiers/dossiers.service.server";
import { submitResponse } from "~/modules/survey/submission.service.server";
import { computeTimelinessRows, type TimelinessRow } from "~/modules/timeliness/timeliness.service.server";
import { ADMINISTRATIVE_ANSWERS, trustedSubmission } from "../setup/submissions";
import { useFreshDatabase } from "../setup/test-database";

/* Timeliness figures on the engine of the project (integration: SQLite; integration-pg: PostgreSQL), counted by hand. */

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const ONE_STOP: Actor = { userId: null, name: "token: one-stop" };
/** The clock of every post and of the figures: what is "overdue" is decided at it. */
const NOW = new Date("2026-11-25T03:00:00.000Z");

async function post(code: string, servicePoint: string, sector: string, receivedAt: string, dueAt: string, returnedAt?: string) {
  const parsed = parseDossierPost({ code, servicePoint, sector, receivedAt, dueAt, ...(returnedAt ? { returnedAt } : {}) }, NOW);
  if (!parsed.ok) throw new Error(parsed.message);
  const outcome = await recordDossier(db, ONE_STOP, { sectorIds: null }, parsed.value, { now: NOW, apologyDueHours: 24 });
  if (!outcome.ok) throw new Error(outcome.problem.message);
  return outcome.value.dossier;
}

/** Sends a returned dossier's apology as staff would, at `sentAt`. */
async function apologySent(code: string, sentAt: string) {
  const { id } = await db
    .selectFrom("apologies as a")
    .innerJoin("dossiers as d", "d.id", "a.dossier_id")
    .select("a.id")
    .where("d.code", "=", code)
    .executeTakeFirstOrThrow();
  const sent = await sendApology(db, ONE_STOP, { sectorIds: null }, id, { reason: "Cơ quan phối hợp trả lời chậm.", newDueAt: null }, new Date(sentAt));
  if (!sent.ok) throw new Error(sent.problem.message);
}

/*
 * The dossiers, all times UTC (Vietnam = UTC+7); the range asked is 2026-10-01 – 2026-11-30.
 *   land TT-DD-01: L1 on time (a response through its ticket); L2 late, apology sent in time;
 *     L3 late, apology sent after its due time; L5 returned 2026-10-31T17:30Z (November in Vietnam);
 *     L6 returned 2026-10-31T16:59:59Z (October); Y returned 2026-09-30T17:00Z (1 October in Vietnam);
 *     X returned 2026-09-30T16:59:59Z (30 September: outside); O1 open since August, overdue.
 *   land TT-DD-02: L4 open, due 2026-11-20, overdue at NOW (apology required, not sent).
 *   construction TT-XD-01: C1 received 2026-10-31T16:30Z (October), on time; C2 open, not yet due.
 *   health BV-KKB: H1 received 2026-10-31T17:30Z (November), on time.
 */
beforeAll(async () => {
  const l1 = await post("L1", "TT-DD-01", "land", "2026-11-02T01:00:00Z", "2026-11-10T10:00:00Z", "2026-11-09T03:00:00Z");
  await post("L2", "TT-DD-01", "land", "2026-11-02T01:00:00Z", "2026-11-10T10:00:00Z", "2026-11-12T03:00:00Z");
  await post("L3", "TT-DD-01", "land", "2026-11-03T01:00:00Z", "2026-11-12T10:00:00Z", "2026-11-15T03:00:00Z");
  await post("L4", "TT-DD-02", "land", "2026-11-05T01:00:00Z", "2026-11-20T10:00:00Z");
  await post("L5", "TT-DD-01", "land", "2026-10-20T02:00:00Z", "2026-11-05T10:00:00Z", "2026-10-31T17:30:00Z");
  await post("L6", "TT-DD-01", "land", "2026-10-20T02:00:00Z", "2026-11-05T10:00:00Z", "2026-10-31T16:59:59Z");
  await post("Y", "TT-DD-01", "land", "2026-09-20T02:00:00Z", "2026-10-05T10:00:00Z", "2026-09-30T17:00:00Z");
  await post("X", "TT-DD-01", "land", "2026-09-20T02:00:00Z", "2026-10-05T10:00:00Z", "2026-09-30T16:59:59Z");
  await post("O1", "TT-DD-01", "land", "2026-08-01T02:00:00Z", "2026-08-10T10:00:00Z");
  await post("C1", "TT-XD-01", "construction", "2026-10-31T16:30:00Z", "2026-11-10T10:00:00Z", "2026-11-08T03:00:00Z");
  await post("C2", "TT-XD-01", "construction", "2026-11-04T01:00:00Z", "2026-11-30T10:00:00Z");
  await post("H1", "BV-KKB", "health", "2026-10-31T17:30:00Z", "2026-11-05T10:00:00Z", "2026-11-03T03:00:00Z");

  // L2's apology was due 24 hours after it became late (2026-11-11T10:00Z), L3's at 2026-11-13T10:00Z.
  await apologySent("L2", "2026-11-11T09:00:00.000Z");
  await apologySent("L3", "2026-11-14T00:00:00.000Z");

  const submitted = await submitResponse(db, trustedSubmission("TT-DD-01", ADMINISTRATIVE_ANSWERS, { ticketToken: l1.ticket!.ticket }), NOW);
  expect(submitted.kind, JSON.stringify(submitted)).toBe("created");
});

const ALL = { sectorIds: null };

async function rows(query: string, access: { sectorIds: number[] | null } = ALL): Promise<TimelinessRow[]> {
  const parsed = parseTimelinessQuery(new URLSearchParams(`from=2026-10-01&to=2026-11-30&${query}`), NOW);
  if (!parsed.ok) throw new Error(parsed.problem.message);
  const result = await computeTimelinessRows(db, parsed.value, access, NOW);
  if (!result.ok) throw new Error(`${result.problem.status} ${result.problem.message}`);
  return result.value.rows;
}

/** The counts of a row, without the derived figures. */
const countsOf = (r: TimelinessRow) => ({
  key: r.key,
  received: r.received,
  returned: r.returned,
  onTime: r.onTime,
  late: r.late,
  overdueOpen: r.overdueOpen,
  apologies: r.apologies,
  responses: r.responseRate?.responses ?? null,
});

const LAND = { received: 6, returned: 6, onTime: 4, late: 2, overdueOpen: 2, apologies: { required: 3, sent: 2, sentInTime: 1 }, responses: 1 };
const CONSTRUCTION = { received: 2, returned: 1, onTime: 1, late: 0, overdueOpen: 0, apologies: { required: 0, sent: 0, sentInTime: 0 }, responses: 0 };
const HEALTH = { received: 1, returned: 1, onTime: 1, late: 0, overdueOpen: 0, apologies: { required: 0, sent: 0, sentInTime: 0 }, responses: 0 };

const sectorId = async (code: string) => (await db.selectFrom("sectors").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;

describe("timeliness by sector", () => {
  test("every figure of every sector with dossiers matches the hand count", async () => {
    const bySector = await rows("groupBy=sector");
    expect(bySector.map(countsOf)).toEqual([
      { key: "land", ...LAND },
      { key: "construction", ...CONSTRUCTION },
      { key: "health", ...HEALTH },
    ]);
    const land = bySector[0]!;
    expect(land.label).toBe("Đất đai");
    // 4 of 6 on time: Wilson (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n) = 0.3000 – 0.9032.
    expect(land.onTimeRate!.n).toBe(6);
    expect(land.onTimeRate!.rate).toBeCloseTo(4 / 6, 12);
    expect(land.onTimeRate!.ciLow).toBeCloseTo(0.3000, 4);
    expect(land.onTimeRate!.ciHigh).toBeCloseTo(0.9032, 4);
    expect(land.responseRate).toEqual({ returned: 6, responses: 1, rate: 1 / 6 });
    expect(land.target).toEqual({ value: 0.95, comparator: ">=" });
    // Six dossiers are too few to judge against 95%.
    expect(land.status).toBe("insufficient");
  });

  test("English labels with lang=en", async () => {
    expect((await rows("groupBy=sector&lang=en")).map((r) => r.label)).toEqual(["Land", "Construction", "Health"]);
  });
});

describe("timeliness by agency and service point", () => {
  test("agencies are the points' agencies, in the organisation's order (by name)", async () => {
    expect((await rows("groupBy=agency")).map(countsOf)).toEqual([
      { key: "bv-hnda", ...HEALTH },
      { key: "so-nnmt", ...LAND },
      { key: "so-xd", ...CONSTRUCTION },
    ]);
  });

  test("the land agency's two counters split its figures; a counter with nothing returned has no rates", async () => {
    const byPoint = await rows("groupBy=servicePoint&agency=so-nnmt");
    expect(byPoint.map(countsOf)).toEqual([
      { key: "TT-DD-01", received: 5, returned: 6, onTime: 4, late: 2, overdueOpen: 1, apologies: { required: 2, sent: 2, sentInTime: 1 }, responses: 1 },
      { key: "TT-DD-02", received: 1, returned: 0, onTime: 0, late: 0, overdueOpen: 1, apologies: { required: 1, sent: 0, sentInTime: 0 }, responses: null },
    ]);
    expect(byPoint[1]).toMatchObject({ onTimeRate: null, responseRate: null, status: "insufficient" });
  });

  test("a sector or point filter keeps only its dossiers", async () => {
    expect((await rows("groupBy=servicePoint&sector=construction")).map(countsOf)).toEqual([{ key: "TT-XD-01", ...CONSTRUCTION }]);
    expect((await rows("groupBy=sector&servicePoint=TT-DD-02")).map((r) => [r.key, r.received, r.overdueOpen])).toEqual([["land", 1, 1]]);
  });
});

describe("timeliness by Vietnam month", () => {
  test("every month of the range, bucketed in Vietnam time: 2026-10-31T17:30Z is November, 16:59:59Z October", async () => {
    expect((await rows("groupBy=month")).map(countsOf)).toEqual([
      { key: "2026-10", received: 3, returned: 2, onTime: 2, late: 0, overdueOpen: 0, apologies: { required: 0, sent: 0, sentInTime: 0 }, responses: 0 },
      { key: "2026-11", received: 6, returned: 6, onTime: 4, late: 2, overdueOpen: 1, apologies: { required: 3, sent: 2, sentInTime: 1 }, responses: 1 },
    ]);
  });

  test("a month with no dossiers is a row of zeros with no rates", async () => {
    const parsed = parseTimelinessQuery(new URLSearchParams("groupBy=month&from=2026-12-01&to=2026-12-31"), NOW);
    const result = await computeTimelinessRows(db, parsed.ok ? parsed.value : (null as never), ALL, NOW);
    expect(result.ok && result.value.rows).toEqual([
      expect.objectContaining({ key: "2026-12", received: 0, returned: 0, overdueOpen: 0, onTimeRate: null, responseRate: null, status: "insufficient" }),
    ]);
  });
});

describe("what citizens say beside what the system says", () => {
  test("each row carries the survey's own on-time answer over its group and period, null where nobody answered it", async () => {
    // L1's citizen answered "on time" (ADMINISTRATIVE_ANSWERS); two more land answers: one late, one not received yet.
    for (const on_time of ["late", "not_yet"] as const) {
      const submitted = await submitResponse(db, trustedSubmission("TT-DD-02", { ...ADMINISTRATIVE_ANSWERS, on_time }), NOW);
      expect(submitted.kind).toBe("created");
    }
    const bySector = await rows("groupBy=sector");
    const land = bySector.find((r) => r.key === "land")!;
    expect(land.citizenOnTime).toMatchObject({ n: 2, rate: 0.5 });
    expect(land.citizenOnTime!.ciLow).toBeLessThan(0.5);
    expect(land.citizenOnTime!.ciHigh).toBeGreaterThan(0.5);
    expect(bySector.find((r) => r.key === "construction")!.citizenOnTime).toBeNull();
    const byPoint = await rows("groupBy=servicePoint&sector=land");
    expect(byPoint.map((r) => [r.key, r.citizenOnTime?.n ?? null])).toEqual([["TT-DD-01", 1], ["TT-DD-02", 1]]);
    // Answers of another period do not count.
    const parsed = parseTimelinessQuery(new URLSearchParams("groupBy=sector&from=2026-12-01&to=2026-12-31"), NOW);
    const december = await computeTimelinessRows(db, parsed.ok ? parsed.value : (null as never), ALL, NOW);
    expect(december.ok && december.value.rows.every((r) => r.citizenOnTime === null)).toBe(true);
  });
});

describe("a caller limited to some sectors", () => {
  test("sees only their sectors' dossiers", async () => {
    const access = { sectorIds: [await sectorId("construction")] };
    expect((await rows("groupBy=sector", access)).map(countsOf)).toEqual([{ key: "construction", ...CONSTRUCTION }]);
    expect((await rows("groupBy=month", access)).map((r) => [r.key, r.received, r.returned])).toEqual([["2026-10", 1, 0], ["2026-11", 1, 1]]);
  });

  test("is refused (403, naming the parameter) a sector or point outside them; an unknown code is 400", async () => {
    const access = { sectorIds: [await sectorId("construction")] };
    const attempt = async (query: string, a: { sectorIds: number[] | null } = access) => {
      const parsed = parseTimelinessQuery(new URLSearchParams(query), NOW);
      const result = await computeTimelinessRows(db, parsed.ok ? parsed.value : (null as never), a, NOW);
      return result.ok ? null : { status: result.problem.status, parameter: result.problem.parameter };
    };
    expect(await attempt("sector=land")).toEqual({ status: 403, parameter: "sector" });
    expect(await attempt("servicePoint=TT-DD-01")).toEqual({ status: 403, parameter: "servicePoint" });
    expect(await attempt("sector=nowhere", ALL)).toEqual({ status: 400, parameter: "sector" });
    expect(await attempt("agency=nowhere", ALL)).toEqual({ status: 400, parameter: "agency" });
  });
});

describe("the roll-up the figures read", () => {
  test("equals a recount of the dossiers, the apologies sent and the ticket's response", async () => {
    expect(await compareDossierSummariesWithRaw(db)).toEqual([]);
  });

  test("its migration fills it from the dossiers already stored, with the same figures", async () => {
    const before = await rows("groupBy=sector");
    await dossierSummaries.down(db);
    await dossierSummaries.up(db);
    expect(await compareDossierSummariesWithRaw(db)).toEqual([]);
    expect(await rows("groupBy=sector")).toEqual(before);
  });

  test("rebuilt from the dossiers, gives the same figures", async () => {
    const before = await rows("groupBy=servicePoint");
    await rebuildDossierSummaries(db);
    expect(await rows("groupBy=servicePoint")).toEqual(before);
  });
});
