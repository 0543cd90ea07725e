import { afterEach, describe, expect, test } from "vitest";
import { openDatabase, type DB } from "#db/client";
import { migrateToLatest } from "#db/migrate";
import { DEMO_POINTS, seedOrganisation, seedResponses } from "#db/seed/seed";

/* `db:seed -- --points N`: a larger organisation for benchmarks, its responses spread over every point. */

let db: DB | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

async function seeded(points?: number): Promise<DB> {
  db = openDatabase(":memory:");
  await migrateToLatest(db);
  await seedOrganisation(db, points === undefined ? {} : { points });
  return db;
}

describe("seeding N service points", () => {
  test("by default, the demo's ten", async () => {
    const d = await seeded();
    expect(DEMO_POINTS).toBe(10);
    expect((await d.selectFrom("service_points").select("code").execute()).length).toBe(10);
  });

  test("300 points: the demo's first, then generated ones, each with an agency and sectors, and responses at every one", async () => {
    const d = await seeded(300);
    const points = await d.selectFrom("service_points").select(["id", "code", "agency_id"]).orderBy("id").execute();
    expect(points.length).toBe(300);
    expect(new Set(points.map((p) => p.code)).size).toBe(300);
    expect(points[0]!.code).toBe("TT-DD-01");
    expect(points.at(-1)!.code).toBe("DV-0290");
    const withSectors = await d.selectFrom("service_point_sectors").select("service_point_id").distinct().execute();
    expect(withSectors.length).toBe(300);
    // Spread over many agencies and every sector, not piled on one.
    const agencies = new Set(points.map((p) => p.agency_id));
    expect(agencies.size).toBeGreaterThan(50);
    const sectors = await d.selectFrom("service_point_sectors").select("sector_id").distinct().execute();
    expect(sectors.length).toBe(6);

    expect(await seedResponses(d, { count: 6000, days: 30, seed: 3 })).toBe(6000);
    const answered = await d.selectFrom("responses").select("service_point_id").distinct().execute();
    expect(answered.length).toBeGreaterThan(280);
  });

  test("fewer points than the demo's: the first of them", async () => {
    const d = await seeded(3);
    expect((await d.selectFrom("service_points").select("code").orderBy("id").execute()).map((p) => p.code)).toEqual(["TT-DD-01", "TT-DD-02", "TT-XD-01"]);
  });
});
