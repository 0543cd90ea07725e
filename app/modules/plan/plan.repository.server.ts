import type { DB } from "#db/client";
import type { PlanIndicator, PlanMeasure, PlanScope } from "~/domain/plan";

/** What an indicator row is written from: the target as a fraction, the sectors as ids. */
export type IndicatorValues = {
  key: string;
  nameVi: string;
  nameEn: string;
  scope: PlanScope;
  measure: PlanMeasure;
  value: number;
  comparator: ">=" | ">";
  minSample: number;
  sortOrder: number;
  sectorIds: number[];
};

/** A year's indicators in their order, each with the codes of its sectors. */
export async function listIndicators(db: DB, year: number): Promise<PlanIndicator[]> {
  const rows = await db.selectFrom("plan_indicators").selectAll().where("year", "=", year).orderBy("sort_order").orderBy("key").execute();
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom("plan_indicator_sectors as l")
    .innerJoin("sectors as s", "s.id", "l.sector_id")
    .select(["l.indicator_id", "s.code"])
    .where(
      "l.indicator_id",
      "in",
      rows.map((r) => r.id),
    )
    .orderBy("s.sort_order")
    .orderBy("s.code")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    year: r.year,
    key: r.key,
    name: { vi: r.name_vi, en: r.name_en },
    scope: r.scope,
    sectors: links.filter((l) => l.indicator_id === r.id).map((l) => l.code),
    measure: r.measure,
    target: { value: Number(r.target_value), comparator: r.comparator, minSample: r.min_sample },
    sortOrder: r.sort_order,
  }));
}

/** The years that have a plan, newest first. */
export async function listPlanYears(db: DB): Promise<number[]> {
  const rows = await db.selectFrom("plan_indicators").select("year").distinct().orderBy("year", "desc").execute();
  return rows.map((r) => r.year);
}

export async function findIndicator(db: DB, id: number): Promise<PlanIndicator | null> {
  const row = await db.selectFrom("plan_indicators").select("year").where("id", "=", id).executeTakeFirst();
  if (!row) return null;
  return (await listIndicators(db, row.year)).find((i) => i.id === id) ?? null;
}

/**
 * Takes the indicator's row lock for the rest of the transaction (a write
 * that changes nothing), so that an edit and a removal of one indicator at
 * once run one after the other on PostgreSQL instead of failing on the
 * sector links' foreign key or deadlocking. False when there is no such row.
 */
export async function lockIndicator(db: DB, id: number): Promise<boolean> {
  const result = await db
    .updateTable("plan_indicators")
    .set((eb) => ({ updated_at: eb.ref("updated_at") }))
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function keyTaken(db: DB, year: number, key: string, exceptId: number | null): Promise<boolean> {
  let q = db.selectFrom("plan_indicators").select("id").where("year", "=", year).where("key", "=", key);
  if (exceptId !== null) q = q.where("id", "<>", exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

const columns = (v: IndicatorValues) => ({
  key: v.key,
  name_vi: v.nameVi,
  name_en: v.nameEn,
  scope: v.scope,
  measure: v.measure,
  target_value: v.value,
  comparator: v.comparator,
  min_sample: v.minSample,
  sort_order: v.sortOrder,
});

async function writeSectors(db: DB, indicatorId: number, sectorIds: readonly number[]): Promise<void> {
  await db.deleteFrom("plan_indicator_sectors").where("indicator_id", "=", indicatorId).execute();
  if (sectorIds.length > 0) {
    await db
      .insertInto("plan_indicator_sectors")
      .values([...new Set(sectorIds)].map((sector_id) => ({ indicator_id: indicatorId, sector_id })))
      .execute();
  }
}

export async function insertIndicator(db: DB, year: number, v: IndicatorValues): Promise<number> {
  const { id } = await db
    .insertInto("plan_indicators")
    .values({ year, ...columns(v) })
    .returning("id")
    .executeTakeFirstOrThrow();
  await writeSectors(db, id, v.scope === "all" ? [] : v.sectorIds);
  return id;
}

export async function updateIndicator(db: DB, id: number, v: IndicatorValues): Promise<void> {
  await db
    .updateTable("plan_indicators")
    .set({ ...columns(v), updated_at: new Date().toISOString() })
    .where("id", "=", id)
    .execute();
  await writeSectors(db, id, v.scope === "all" ? [] : v.sectorIds);
}

export async function deleteIndicator(db: DB, id: number): Promise<void> {
  await db.deleteFrom("plan_indicator_sectors").where("indicator_id", "=", id).execute();
  await db.deleteFrom("plan_indicators").where("id", "=", id).execute();
}

/** Sector ids by code, for the codes that exist. */
export async function sectorIdsOf(db: DB, codes: readonly string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom("sectors").select(["id", "code"]).where("code", "in", [...codes]).execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}
