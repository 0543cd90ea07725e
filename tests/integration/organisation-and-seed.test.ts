import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { openDatabase, type DB } from "#db/client";
import { migrateToLatest } from "#db/migrate";
import { migrationProvider } from "#db/migrations";
import { seedOrganisation, seedResponses } from "#db/seed/seed";
import { getActiveServicePoint, listActiveServicePointsByAgency } from "~/modules/organisation/organisation.repository.server";
import { getCurrentVersion } from "~/modules/survey/surveys.repository.server";
import { compareSummariesWithRaw } from "~/modules/indices/summaries.repository.server";
import { useFreshDatabase } from "../setup/test-database";

const { db } = useFreshDatabase();
const extra: DB[] = [];
afterAll(async () => {
  await db.destroy();
  for (const d of extra) await d.destroy();
});

function emptyDatabase(): DB {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-empty-"));
  const d = openDatabase(`file:${path.join(dir, "app.db")}`);
  extra.push(d);
  return d;
}

describe("the database", () => {
  test("runs in WAL mode with foreign keys, full sync and a busy timeout", async () => {
    const d = emptyDatabase();
    const pragma = async (name: string) => {
      const { rows } = await (await import("kysely")).sql<Record<string, unknown>>`select * from ${(await import("kysely")).sql.raw(`pragma_${name}`)}`.execute(d);
      return Object.values(rows[0]!)[0];
    };
    expect(await pragma("journal_mode")).toBe("wal");
    expect(await pragma("foreign_keys")).toBe(1);
    expect(await pragma("synchronous")).toBe(2);
    expect(await pragma("busy_timeout")).toBe(5000);
  });

  test("migrates an empty database, and a second run has nothing to do", async () => {
    const d = emptyDatabase();
    const first = await migrateToLatest(d);
    const all = Object.keys(await migrationProvider.getMigrations());
    expect(first.results?.map((r) => [r.migrationName, r.status])).toEqual(all.map((name) => [name, "Success"]));
    const second = await migrateToLatest(d);
    expect(second.results).toEqual([]);
  });
});

describe("the organisation", () => {
  test("a service point names its agency and the sectors it serves, in order", async () => {
    const point = await getActiveServicePoint(db, "HN-01");
    expect(point).toMatchObject({
      code: "HN-01",
      agency: { code: "xa-hung-nguyen" },
      sectors: [{ code: "land" }, { code: "construction" }, { code: "admin" }],
    });
  });

  test("an inactive point is hidden from citizens but kept", async () => {
    await db.updateTable("service_points").set({ active: 0 }).where("code", "=", "TV-02").execute();
    expect(await getActiveServicePoint(db, "TV-02")).toBeNull();
    const listed = (await listActiveServicePointsByAgency(db)).flatMap((a) => a.points.map((p) => p.code));
    expect(listed).not.toContain("TV-02");
    expect(listed).toContain("TV-01");
    expect(await db.selectFrom("service_points").select("code").where("code", "=", "TV-02").executeTakeFirst()).toBeDefined();
    await db.updateTable("service_points").set({ active: 1 }).where("code", "=", "TV-02").execute();
  });

  test("a point serves the latest published version of its questionnaire, never a draft", async () => {
    const point = (await getActiveServicePoint(db, "BV-KKB"))!;
    const current = (await getCurrentVersion(db, point.questionnaireId!))!;
    expect(current.version).toBe(1);
    expect(current.questions.map((q) => q.key)).toEqual([
      "signage", "procedures", "facilities", "staff", "results", "overall", "expectation", "return", "comment",
    ]);
    await db
      .insertInto("questionnaire_versions")
      .values({ questionnaire_id: point.questionnaireId!, version: 2, status: "draft" })
      .execute();
    expect((await getCurrentVersion(db, point.questionnaireId!))!.version).toBe(1);
  });

  test("each questionnaire has exactly one overall question, and N/A only where DOMAIN.md allows it", async () => {
    for (const code of ["TT-DD-01", "BV-KKB", "HTK-VP"]) {
      const point = (await getActiveServicePoint(db, code))!;
      const { questions } = (await getCurrentVersion(db, point.questionnaireId!))!;
      expect(questions.filter((q) => q.type === "scale" && q.overall)).toHaveLength(1);
    }
    const point = (await getActiveServicePoint(db, "TT-DD-01"))!;
    const { questions } = (await getCurrentVersion(db, point.questionnaireId!))!;
    expect(questions.filter((q) => q.type === "scale" && q.allowNA).map((q) => q.key)).toEqual(["feedback"]);
  });
});

describe("the synthetic demo responses", () => {
  async function seeded(seed: number) {
    const d = emptyDatabase();
    await migrateToLatest(d);
    await seedOrganisation(d, { now: new Date("2026-11-26T03:00:00Z") });
    await seedResponses(d, { count: 3000, days: 180, seed, now: new Date("2026-11-26T03:00:00Z") });
    return d;
  }

  /** Respondent-level rate on the overall question, per service point. */
  async function overallRateByPoint(d: DB) {
    const rows = await d
      .selectFrom("answers as a")
      .innerJoin("questions as q", "q.id", "a.question_id")
      .innerJoin("responses as r", "r.id", "a.response_id")
      .innerJoin("service_points as p", "p.id", "r.service_point_id")
      .select(["p.code", (eb) => eb.fn.countAll<number>().as("n"), (eb) => eb.fn.sum<number>(eb.case().when("a.score", ">=", 4).then(1).else(0).end()).as("satisfied")])
      .where("q.is_overall", "=", 1)
      .groupBy("p.code")
      .execute();
    return Object.fromEntries(rows.map((r) => [r.code, { n: Number(r.n), rate: Number(r.satisfied) / Number(r.n) }]));
  }

  test("are the same for the same seed and differ for another", async () => {
    const [a, b, c] = await Promise.all([seeded(7), seeded(7), seeded(8)]);
    const fingerprint = (d: DB) =>
      d.selectFrom("responses").select(["client_id", "answered_at", "service_point_id", "sector_id"]).orderBy("id").execute();
    expect(await fingerprint(a)).toEqual(await fingerprint(b));
    expect(await fingerprint(a)).not.toEqual(await fingerprint(c));
  });

  test("tell a story: some units above the 85% target, some below, one with too few answers", async () => {
    const rates = await overallRateByPoint(await seeded(1));
    const values = Object.values(rates);
    expect(values.some((r) => r.rate > 0.9)).toBe(true);
    expect(values.some((r) => r.rate < 0.8)).toBe(true);
    expect(values.some((r) => r.n < 30)).toBe(true);
    expect(rates["TT-DD-02"]!.rate).toBeLessThan(rates["TT-DD-01"]!.rate);
  });

  test("fall on office hours in Vietnam time and within the requested days", async () => {
    const d = await seeded(3);
    const range = await d
      .selectFrom("responses")
      .select((eb) => [eb.fn.min("answered_date").as("first"), eb.fn.max("answered_date").as("last")])
      .executeTakeFirstOrThrow();
    expect(range.first >= "2026-05-30").toBe(true);
    expect(range.last <= "2026-11-26").toBe(true);
    const hours = await d.selectFrom("responses").select("answered_at").limit(200).execute();
    for (const { answered_at } of hours) {
      const vnHour = (new Date(answered_at).getUTCHours() + 7) % 24;
      expect(vnHour).toBeGreaterThanOrEqual(7);
      expect(vnHour).toBeLessThanOrEqual(17);
    }
  });
});

describe("the summaries of the synthetic responses", () => {
  test("equal the sums recomputed from the raw answers", async () => {
    const d = emptyDatabase();
    await migrateToLatest(d);
    await seedOrganisation(d);
    await seedResponses(d, { count: 1500, days: 60, seed: 11 });
    expect(await compareSummariesWithRaw(d)).toEqual([]);
    const totals = await d
      .selectFrom("response_summaries")
      .select((eb) => eb.fn.sum<number>("respondents").as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(totals.n)).toBe(1500);
  });
});
