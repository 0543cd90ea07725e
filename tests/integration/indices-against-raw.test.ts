import { CompiledQuery } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { isPostgres } from "#db/dialect";
import { seedResponses } from "#db/seed/seed";
import { addDays, periodBounds, previousPeriodKey } from "~/domain/periods";
import { vietnamDate } from "~/domain/vietnam-time";
import { rebuildSummaries } from "~/modules/indices/summaries.repository.server";
import { loader as indicesApi } from "~/routes/api.v1.indices";
import {
  apiFigures,
  compareFigures,
  rawChoiceQuery,
  rawFigures,
  rawQuery,
  RAW_GROUPINGS,
  type ApiRow,
  type RawRow,
  type RawScope,
} from "../../scripts/bench/raw-aggregate";
import { getRequest, runRoute, signInAs, type StaffSession } from "../setup/admin-requests";
import { useFreshDatabase } from "../setup/test-database";

/**
 * The indices API against the plain aggregate of the raw answers that the
 * benchmark also checks (scripts/bench/raw-aggregate.ts, written from
 * DOMAIN.md without the app's code): every count of every row must agree.
 * Seeded responses reach the API through the summaries rebuilt by the app's
 * own per-response SQL, so this is what tests that SQL.
 */
const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const NOW = new Date();
const TODAY = vietnamDate(NOW);
const RANGE = { from: addDays(TODAY, -90), to: TODAY };
/** The first and last days of the two months before this one, where the monthly summaries meet the daily ones. */
const MONTH_1 = periodBounds(previousPeriodKey(TODAY.slice(0, 7)));
const MONTH_2 = periodBounds(previousPeriodKey(previousPeriodKey(TODAY.slice(0, 7))));
let viewer: StaffSession;

/** Stores one response as the app's tables hold it, with answers to questions of its version given by key. */
async function storeRaw(
  point: string,
  answers: Record<string, { score: number | null; na?: boolean; choice?: string }>,
  { flagged = false, daysAgo = 3, date = addDays(TODAY, -daysAgo) }: { flagged?: boolean; daysAgo?: number; date?: string } = {},
) {
  const p = await db.selectFrom("service_points").select(["id"]).where("code", "=", point).executeTakeFirstOrThrow();
  const sector = await db.selectFrom("service_point_sectors").select("sector_id").where("service_point_id", "=", p.id).executeTakeFirstOrThrow();
  const version = await db
    .selectFrom("responses")
    .select("questionnaire_version_id")
    .where("service_point_id", "=", p.id)
    .limit(1)
    .executeTakeFirstOrThrow();
  const { id } = await db
    .insertInto("responses")
    .values({
      client_id: crypto.randomUUID(),
      service_point_id: p.id,
      questionnaire_version_id: version.questionnaire_version_id,
      sector_id: sector.sector_id,
      channel: "api",
      locale: "vi",
      answered_at: `${date}T03:00:00.000Z`,
      answered_date: date,
      received_at: NOW.toISOString(),
      ip_hash: null,
      device_hash: null,
      flagged: flagged ? 1 : 0,
      flag_reason: flagged ? "honeypot" : null,
      ticket_id: null,
      content_hash: crypto.randomUUID(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const [key, answer] of Object.entries(answers)) {
    const question = await db
      .selectFrom("questions")
      .select("id")
      .where("questionnaire_version_id", "=", version.questionnaire_version_id)
      .where("key", "=", key)
      .executeTakeFirstOrThrow();
    await db
      .insertInto("answers")
      .values({ response_id: id, question_id: question.id, score: answer.score, is_na: answer.na ? 1 : 0, choice_value: answer.choice ?? null, number_value: null, text_value: null })
      .execute();
  }
}

beforeAll(async () => {
  // A season of synthetic responses at every point of every questionnaire (some flagged, many N/A on feedback)…
  expect(await seedResponses(db, { count: 2500, days: 90, seed: 11, now: NOW })).toBe(2500);
  // …and the awkward cases a definition can get wrong:
  // every criterion N/A (a respondent, in no answer-level or comprehensive denominator);
  const allNA = { signage: { score: null, na: true }, posted: { score: null, na: true }, as_posted: { score: null, na: true }, courtesy: { score: null, na: true }, guidance: { score: null, na: true }, result_correct: { score: null, na: true }, feedback: { score: null, na: true } };
  await storeRaw("TT-DD-01", { ...allNA, overall: { score: 5 } });
  // the overall question skipped, criteria all satisfied (comprehensive, but not in the overall n);
  await storeRaw("TT-DD-01", { signage: { score: 4 }, posted: { score: 5 }, courtesy: { score: 4 } });
  // a response with no answers at all; a dissatisfied overall with one criterion at 3;
  await storeRaw("HN-01", {});
  await storeRaw("HN-01", { signage: { score: 5 }, courtesy: { score: 3 }, overall: { score: 2 } });
  // and a flagged one, counted only when flagged responses are included.
  await storeRaw("TT-DD-02", { signage: { score: 1 }, overall: { score: 1 } }, { flagged: true });
  // Responses on the first and last days of months, where a range's edge splits monthly from daily rows.
  for (const date of [MONTH_2.first, MONTH_2.last, MONTH_1.first, MONTH_1.last]) {
    await storeRaw("TT-DD-01", { signage: { score: 2 }, courtesy: { score: 5 }, overall: { score: 4 } }, { date });
    await storeRaw("BV-KKB", {}, { date });
  }
  // Choice answers beside odd scale answers: a visit count and nothing rated, a channel with everything N/A,
  // a choice no longer offered, and a flagged one.
  await storeRaw("TT-DD-01", { visits: { score: null, choice: "3+" } });
  await storeRaw("TT-DD-01", { ...allNA, submission_channel: { score: null, choice: "post" }, visits: { score: null, choice: "1" } });
  await storeRaw("TT-DD-02", { overall: { score: 1 }, courtesy: { score: 1 }, visits: { score: null, choice: "4" } });
  await storeRaw("TT-DD-02", { overall: { score: 5 }, visits: { score: null, choice: "2" } }, { flagged: true });
  // The summaries from the raw tables, by the app's own SQL, as seeding and `db:check-summaries --rebuild` do.
  await rebuildSummaries(db);
  viewer = await signInAs("viewer@demo.vn");
});

async function apiRows(groupBy: string, scope: RawScope) {
  const search = new URLSearchParams({ groupBy, from: scope.from, to: scope.to });
  if (scope.includeFlagged) search.set("includeFlagged", "1");
  const answer = await runRoute(indicesApi, getRequest(`/api/v1/indices?${search}`, viewer));
  expect(answer.status).toBe(200);
  return new Map((answer.data.rows as ApiRow[]).map((r) => [r.key, apiFigures(r)]));
}

async function apiChoiceRows(question: string, scope: RawScope) {
  const search = new URLSearchParams({ groupBy: "choice", question, from: scope.from, to: scope.to });
  if (scope.includeFlagged) search.set("includeFlagged", "1");
  const answer = await runRoute(indicesApi, getRequest(`/api/v1/indices?${search}`, viewer));
  expect(answer.status).toBe(200);
  return new Map((answer.data.rows as ApiRow[]).map((r) => [r.key, apiFigures(r)]));
}

async function rawSql<R>(query: { sql: string; parameters: readonly unknown[] }) {
  // The raw SQL is written with SQLite's `?`; PostgreSQL numbers its parameters.
  let n = 0;
  const text = isPostgres(db) ? query.sql.replace(/\?/g, () => `$${++n}`) : query.sql;
  return (await db.executeQuery<R>(CompiledQuery.raw(text, [...query.parameters]))).rows;
}

async function rawRows(groupBy: (typeof RAW_GROUPINGS)[number], scope: RawScope) {
  const query = rawQuery(groupBy, scope);
  // The raw SQL is written with SQLite's `?`; PostgreSQL numbers its parameters.
  let n = 0;
  const text = isPostgres(db) ? query.sql.replace(/\?/g, () => `$${++n}`) : query.sql;
  const result = await db.executeQuery<RawRow>(CompiledQuery.raw(text, [...query.parameters]));
  return rawFigures(groupBy, result.rows);
}

describe("the indices API agrees with the raw answers, count for count", () => {
  for (const includeFlagged of [false, true]) {
    for (const groupBy of RAW_GROUPINGS) {
      test(`groupBy=${groupBy}${includeFlagged ? ", flagged included" : ""}`, async () => {
        const scope = { ...RANGE, includeFlagged };
        const [api, raw] = await Promise.all([apiRows(groupBy, scope), rawRows(groupBy, scope)]);
        expect(raw.size).toBeGreaterThan(0);
        expect(compareFigures(groupBy, api, raw)).toEqual([]);
      });
    }
  }

  test("the comparison covers every response in the range", async () => {
    const stored = await db
      .selectFrom("responses")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("answered_date", ">=", RANGE.from)
      .where("answered_date", "<=", RANGE.to)
      .where("flagged", "=", 0)
      .executeTakeFirstOrThrow();
    const bySector = await rawRows("sector", RANGE);
    expect([...bySector.values()].reduce((sum, r) => sum + r.respondents, 0)).toBe(Number(stored.n));
  });
});

describe("ranges that start or end inside a month agree with the raw answers", () => {
  const ranges: Record<string, { from: string; to: string }> = {
    "two whole months": { from: MONTH_2.first, to: MONTH_1.last },
    "two months but their first and last days": { from: addDays(MONTH_2.first, 1), to: addDays(MONTH_1.last, -1) },
    "from a month's last day to the first day two months on": { from: addDays(MONTH_2.first, -1), to: addDays(MONTH_1.last, 1) },
    "mid-month to mid-month": { from: addDays(MONTH_2.first, 9), to: addDays(MONTH_1.first, 19) },
    "inside one month": { from: addDays(MONTH_2.first, 3), to: addDays(MONTH_2.first, 20) },
    "one month's last day alone": { from: MONTH_2.last, to: MONTH_2.last },
    "from the 2nd of a month to today": { from: addDays(MONTH_2.first, 1), to: TODAY },
  };
  for (const [name, range] of Object.entries(ranges)) {
    for (const groupBy of RAW_GROUPINGS) {
      test(`${name}, groupBy=${groupBy}`, async () => {
        const [api, raw] = await Promise.all([apiRows(groupBy, range), rawRows(groupBy, range)]);
        expect(raw.size).toBeGreaterThan(0);
        expect(compareFigures(groupBy, api, raw)).toEqual([]);
      });
    }
  }

  test("quarters and years add up the same respondents as the months of the range", async () => {
    const range = ranges["mid-month to mid-month"]!;
    const total = async (groupBy: string) => [...(await apiRows(groupBy, range)).values()].reduce((n, r) => n + r.respondents, 0);
    const months = await total("month");
    expect(months).toBeGreaterThan(0);
    expect(await total("quarter")).toBe(months);
    expect(await total("year")).toBe(months);
    expect(await total("week")).toBe(months);
    expect(await total("day")).toBe(months);
  });
});

describe("grouped by the answer to a choice question, the API agrees with the raw answers", () => {
  const ranges: Record<string, { from: string; to: string }> = {
    "the season": RANGE,
    "mid-month to mid-month": { from: addDays(MONTH_2.first, 9), to: addDays(MONTH_1.first, 19) },
    "two whole months": { from: MONTH_2.first, to: MONTH_1.last },
  };
  for (const question of ["visits", "submission_channel", "on_time"]) {
    for (const [name, range] of Object.entries(ranges)) {
      for (const includeFlagged of [false, true]) {
        test(`question=${question}, ${name}${includeFlagged ? ", flagged included" : ""}`, async () => {
          const scope = { ...range, includeFlagged };
          const [api, raw] = await Promise.all([
            apiChoiceRows(question, scope),
            rawSql<RawRow>(rawChoiceQuery(question, scope)).then((rows) => rawFigures("sector", rows)),
          ]);
          expect(raw.size).toBeGreaterThan(0);
          expect(compareFigures("choice", api, raw)).toEqual([]);
        });
      }
    }
  }

  test("who did not answer the question is in no row; an option no longer offered is a row of its own, after the offered ones", async () => {
    const api = await apiChoiceRows("visits", RANGE);
    expect([...api.keys()]).toEqual(["1", "2", "3+", "4"]);
    const answered = await db
      .selectFrom("answers as a")
      .innerJoin("questions as q", "q.id", "a.question_id")
      .innerJoin("responses as r", "r.id", "a.response_id")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("q.key", "=", "visits")
      .where("a.choice_value", "is not", null)
      .where("r.flagged", "=", 0)
      .where("r.answered_date", ">=", RANGE.from)
      .where("r.answered_date", "<=", RANGE.to)
      .executeTakeFirstOrThrow();
    const all = [...(await apiRows("sector", RANGE)).values()].reduce((n, r) => n + r.respondents, 0);
    const inRows = [...api.values()].reduce((n, r) => n + r.respondents, 0);
    expect(inRows).toBe(Number(answered.n));
    expect(inRows).toBeLessThan(all);
  });
});
