import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as monthlySummaries from "#db/migrations/2026-12-02T0100-monthly-summaries";
import * as choiceSums from "#db/migrations/2026-12-05T0400-choice-sums";
import { seedResponses } from "#db/seed/seed";
import { compareSummariesWithRaw } from "~/modules/indices/summaries.repository.server";
import { submitResponse } from "~/modules/survey/submission.service.server";
import { ADMINISTRATIVE_ANSWERS, trustedSubmission } from "../setup/submissions";
import { useFreshDatabase } from "../setup/test-database";

/* The monthly summaries: kept in step by each submission, backfilled by their migration, checked against raw. */

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const NOW = new Date("2026-11-20T03:00:00Z");

async function submitAt(instant: string): Promise<void> {
  const outcome = await submitResponse(db, trustedSubmission("TT-DD-01", ADMINISTRATIVE_ANSWERS, { deviceId: crypto.randomUUID() }), new Date(instant));
  expect(outcome.kind).toBe("created");
}

const pointId = async (code: string) =>
  (await db.selectFrom("service_points").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;

/** The respondents of TT-DD-01 in a month's summary row (0 when it has none). */
async function monthRespondents(month: string): Promise<number> {
  const row = await db
    .selectFrom("response_month_summaries")
    .select((eb) => eb.fn.sum<number>("respondents").as("n"))
    .where("answered_month", "=", month)
    .where("service_point_id", "=", await pointId("TT-DD-01"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

beforeAll(async () => {
  expect(await seedResponses(db, { count: 600, days: 75, seed: 5, now: NOW })).toBe(600);
});

describe("monthly summaries", () => {
  test("a submission adds to the month of its Vietnam date: 23:59 on 31 October and 00:00 on 1 November fall in two months", async () => {
    const [october, november] = [await monthRespondents("2026-10"), await monthRespondents("2026-11")];
    await submitAt("2026-10-31T16:59:00Z");
    await submitAt("2026-10-31T17:00:00Z");
    await submitAt("2026-10-31T18:00:00Z");
    expect(await monthRespondents("2026-10")).toBe(october + 1);
    expect(await monthRespondents("2026-11")).toBe(november + 2);
    expect(await compareSummariesWithRaw(db)).toEqual([]);
  });

  test("every monthly row is the sum of its month's daily rows", async () => {
    const monthly = await db.selectFrom("question_month_summaries").selectAll().execute();
    const daily = await db.selectFrom("question_summaries").selectAll().execute();
    expect(monthly.length).toBeGreaterThan(0);
    expect(monthly.length).toBeLessThan(daily.length);
    for (const m of monthly.slice(0, 50)) {
      const days = daily.filter(
        (d) => d.answered_date.startsWith(`${m.answered_month}-`) && d.service_point_id === m.service_point_id && d.sector_id === m.sector_id &&
          d.flagged === m.flagged && d.question_id === m.question_id,
      );
      expect(days.reduce((n, d) => n + d.answers_n, 0)).toBe(m.answers_n);
      expect(days.reduce((n, d) => n + d.level_5, 0)).toBe(m.level_5);
    }
  });

  test("the check against raw reports a monthly row that drifted, naming its table and key", async () => {
    const row = await db.selectFrom("choice_month_summaries").selectAll().orderBy("answered_month").orderBy("service_point_id").limit(1).executeTakeFirstOrThrow();
    const tampered = () =>
      db
        .updateTable("choice_month_summaries")
        .where("answered_month", "=", row.answered_month)
        .where("service_point_id", "=", row.service_point_id)
        .where("sector_id", "=", row.sector_id)
        .where("flagged", "=", row.flagged)
        .where("question_id", "=", row.question_id)
        .where("choice_value", "=", row.choice_value);
    await tampered().set({ count: row.count + 1 }).execute();
    const mismatches = await compareSummariesWithRaw(db);
    expect(mismatches).toEqual([
      {
        table: "choice_month_summaries",
        key: [row.answered_month, row.service_point_id, row.sector_id, row.flagged, row.question_id, row.choice_value].join("|"),
        stored: expect.objectContaining({ count: row.count + 1, respondents: row.respondents }),
        raw: expect.objectContaining({ count: row.count, respondents: row.respondents }),
      },
    ]);
    await tampered().set({ count: row.count }).execute();
    expect(await compareSummariesWithRaw(db)).toEqual([]);
  });

  test("the migration fills the monthly tables from the daily rows already stored", async () => {
    // The later choice sums live in the monthly choice table too: taken off first, put back after.
    await choiceSums.down(db);
    await monthlySummaries.down(db);
    await monthlySummaries.up(db);
    await choiceSums.up(db);
    expect(await monthRespondents("2026-11")).toBeGreaterThan(0);
    expect(await compareSummariesWithRaw(db)).toEqual([]);
  });

  test("the choice-sums migration backfills every choice row's response sums from the raw answers, daily and monthly", async () => {
    await choiceSums.down(db);
    await choiceSums.up(db);
    const filled = await db.selectFrom("choice_month_summaries").select((eb) => eb.fn.sum<number>("respondents").as("r")).executeTakeFirstOrThrow();
    expect(Number(filled.r)).toBeGreaterThan(0);
    expect(await compareSummariesWithRaw(db)).toEqual([]);
  });
});
