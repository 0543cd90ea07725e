import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { seedCases } from "#db/seed/cases";
import { seedResponses } from "#db/seed/seed";
import { isOverdue, normaliseTrackingCode } from "~/domain/cases";
import { useFreshDatabase } from "../setup/test-database";

/* The demo's follow-up cases, on the engine of the project (integration: SQLite; integration-pg: PostgreSQL). */

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const NOW = new Date("2026-11-30T03:00:00.000Z");
const cases = () => db.selectFrom("cases").selectAll().orderBy("id").execute();

beforeAll(async () => {
  await seedResponses(db, { count: 3000, days: 90, seed: 1, now: NOW });
  expect(await seedCases(db, { count: 40, seed: 1, now: NOW })).toBe(40);
});

describe("the demo's follow-up cases", () => {
  test("belong to recent dissatisfied respondents (overall 1 or 2), one case each, at their response's point, sector and agency", async () => {
    const rows = await db
      .selectFrom("cases as c")
      .innerJoin("responses as r", "r.id", "c.response_id")
      .innerJoin("answers as a", "a.response_id", "r.id")
      .innerJoin("questions as q", "q.id", "a.question_id")
      .innerJoin("service_points as p", "p.id", "r.service_point_id")
      .select(["c.response_id", "a.score", "c.service_point_id", "r.service_point_id as point", "c.sector_id", "r.sector_id as sector", "c.agency_id", "p.agency_id as agency", "c.created_at", "r.answered_at"])
      .where("q.is_overall", "=", 1)
      .execute();
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((r) => r.response_id)).size).toBe(40);
    for (const r of rows) {
      expect(r.score).toBeLessThanOrEqual(2);
      expect([r.service_point_id, r.sector_id, r.agency_id, r.created_at]).toEqual([r.point, r.sector, r.agency, r.answered_at]);
    }
  });

  test("are open (some overdue), answered and closed, each by the rules a real one follows, with a contact and a valid code", async () => {
    const rows = await cases();
    const byStatus = (s: string) => rows.filter((c) => c.status === s);
    expect(byStatus("open").length).toBeGreaterThan(0);
    expect(byStatus("answered").length).toBeGreaterThan(0);
    expect(byStatus("closed").length).toBeGreaterThan(0);
    expect(byStatus("open").filter((c) => isOverdue({ status: c.status, dueAt: c.due_at }, NOW)).length).toBeGreaterThan(0);
    for (const c of rows) {
      expect(normaliseTrackingCode(c.code)).toBe(c.code);
      expect(c.contact_phone !== null || c.contact_email !== null).toBe(true);
      expect(c.answered_at !== null).toBe(c.status !== "open");
      expect(c.public_answer !== null).toBe(c.status !== "open");
      expect(c.closed_at !== null).toBe(c.status === "closed");
      expect(c.created_at <= (c.answered_at ?? c.created_at)).toBe(true);
      expect((c.answered_at ?? "") <= NOW.toISOString() && (c.closed_at ?? "") <= NOW.toISOString()).toBe(true);
    }
  });

  test("are the same for the same seed and clock", async () => {
    const first = (await cases()).map(({ id: _id, ...c }) => c);
    await db.deleteFrom("case_notes").execute();
    await db.deleteFrom("cases").execute();
    await seedCases(db, { count: 40, seed: 1, now: NOW });
    expect((await cases()).map(({ id: _id, ...c }) => c)).toEqual(first);
  });
});
