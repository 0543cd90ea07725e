import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as sectorDaySummaries from "#db/migrations/2026-12-03T0100-sector-day-summaries";
import { seedResponses } from "#db/seed/seed";
import { sumResponses, type SummaryScope } from "~/modules/indices/indices.repository.server";
import { compareSummariesWithRaw, rebuildSummaries } from "~/modules/indices/summaries.repository.server";
import { submitResponse } from "~/modules/survey/submission.service.server";
import { ADMINISTRATIVE_ANSWERS, trustedSubmission } from "../setup/submissions";
import { useFreshDatabase } from "../setup/test-database";

/* The sector-day roll-up: what the day and week groupings over every point read. */

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const NOW = new Date("2026-11-20T03:00:00Z");

beforeAll(async () => {
  expect(await seedResponses(db, { count: 500, days: 40, seed: 11, now: NOW })).toBe(500);
});

async function sectorDayRespondents(date: string): Promise<number> {
  const row = await db
    .selectFrom("response_sector_day_summaries")
    .select((eb) => eb.fn.sum<number>("respondents").as("n"))
    .where("answered_date", "=", date)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

const allPoints = async () => (await db.selectFrom("service_points").select("id").execute()).map((p) => p.id);

describe("the sector-day roll-up", () => {
  test("a submission adds to its Vietnam date's row: 23:59 and 00:00 fall on two days", async () => {
    const [before31, before1] = [await sectorDayRespondents("2026-10-31"), await sectorDayRespondents("2026-11-01")];
    for (const at of ["2026-10-31T16:59:00Z", "2026-10-31T17:00:00Z"]) {
      const outcome = await submitResponse(db, trustedSubmission("TT-DD-01", ADMINISTRATIVE_ANSWERS, { deviceId: crypto.randomUUID() }), new Date(at));
      expect(outcome.kind).toBe("created");
    }
    expect(await sectorDayRespondents("2026-10-31")).toBe(before31 + 1);
    expect(await sectorDayRespondents("2026-11-01")).toBe(before1 + 1);
    expect(await compareSummariesWithRaw(db)).toEqual([]);
  });

  test("has far fewer rows than the daily point rows, and the same sums", async () => {
    const [rollUp, daily] = await Promise.all([
      db.selectFrom("response_sector_day_summaries").selectAll().execute(),
      db.selectFrom("response_summaries").selectAll().execute(),
    ]);
    expect(rollUp.length).toBeGreaterThan(0);
    expect(rollUp.length).toBeLessThan(daily.length);
    const total = (rows: ReadonlyArray<{ respondents: number; answers_satisfied: number; late: number }>) =>
      rows.reduce((t, r) => [t[0]! + r.respondents, t[1]! + r.answers_satisfied, t[2]! + r.late], [0, 0, 0]);
    expect(total(rollUp)).toEqual(total(daily));
  });

  test("by date over every point reads the roll-up and gives what naming every point gives from the daily rows", async () => {
    const scope: SummaryScope = { from: "2026-10-01", to: "2026-11-20", sectorIds: null, servicePointIds: null, includeFlagged: false };
    const overAll = await sumResponses(db, scope, "date");
    const named = await sumResponses(db, { ...scope, servicePointIds: await allPoints() }, "date");
    const byKey = (rows: typeof overAll) => [...rows].sort((a, b) => a.key.localeCompare(b.key)).map((r) => ({ ...r, sectorIds: [...r.sectorIds].sort() }));
    expect(overAll.length).toBeGreaterThan(20);
    expect(byKey(overAll)).toEqual(byKey(named));
    // With flagged responses and one sector, the same.
    const sector = (await db.selectFrom("sectors").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    const narrower = { ...scope, sectorIds: [sector], includeFlagged: true };
    expect(byKey(await sumResponses(db, narrower, "date"))).toEqual(byKey(await sumResponses(db, { ...narrower, servicePointIds: await allPoints() }, "date")));
  });

  test("the check against raw reports a roll-up row that drifted; a rebuild puts it right", async () => {
    const row = await db.selectFrom("response_sector_day_summaries").selectAll().orderBy("answered_date").limit(1).executeTakeFirstOrThrow();
    await db
      .updateTable("response_sector_day_summaries")
      .set({ on_time: row.on_time + 3 })
      .where("answered_date", "=", row.answered_date)
      .where("sector_id", "=", row.sector_id)
      .where("flagged", "=", row.flagged)
      .execute();
    const mismatches = await compareSummariesWithRaw(db);
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]).toMatchObject({
      table: "response_sector_day_summaries",
      key: [row.answered_date, row.sector_id, row.flagged].join("|"),
      stored: { on_time: row.on_time + 3 },
      raw: { on_time: row.on_time },
    });
    // The date grouping over every point reads the roll-up (and so shows the drift); naming the points reads the daily rows.
    const scope: SummaryScope = { from: row.answered_date, to: row.answered_date, sectorIds: [row.sector_id], servicePointIds: null, includeFlagged: true };
    const [fromRollUp] = await sumResponses(db, scope, "date");
    const [fromDaily] = await sumResponses(db, { ...scope, servicePointIds: await allPoints() }, "date");
    expect(fromRollUp!.sums.onTime.onTime).toBe(fromDaily!.sums.onTime.onTime + 3);
    await rebuildSummaries(db);
    expect(await compareSummariesWithRaw(db)).toEqual([]);
  });

  test("the migration fills the roll-up from the daily rows already stored", async () => {
    const before = await sectorDayRespondents("2026-11-01");
    await sectorDaySummaries.down(db);
    await sectorDaySummaries.up(db);
    expect(await sectorDayRespondents("2026-11-01")).toBe(before);
    expect(await compareSummariesWithRaw(db)).toEqual([]);
  });
});
