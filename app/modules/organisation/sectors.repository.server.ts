import type { DB } from "#db/client";
import type { SectorTarget } from "#db/schema";
import type { Comparator, HeadlineIndex } from "~/domain/enums";
import type { AdminSector, Named, TargetRow } from "./types";

/* Sectors and their yearly targets: queries only; rows mapped here, once. */

export type SectorRow = { code: string; nameVi: string; nameEn: string; sortOrder: number; questionnaireId: number | null };

/** What the audit log keeps of a sector. */
export type SectorSnapshot = { code: string; name: Named; sortOrder: number; questionnaire: string | null; active: boolean };

/** What the audit log keeps of a target. */
export type TargetSnapshot = { sector: string; year: number; value: number; comparator: Comparator; headline: HeadlineIndex; minSample: number };

const activeFlag = (active: boolean) => (active ? (1 as const) : (0 as const));

function targetRowToTarget(t: SectorTarget): TargetRow {
  return { id: t.id, year: t.year, value: t.value, comparator: t.comparator, headline: t.headline_index, minSample: t.min_sample };
}

export async function listAdminSectors(db: DB): Promise<AdminSector[]> {
  const [sectors, targets, points] = await Promise.all([
    db
      .selectFrom("sectors as s")
      .leftJoin("questionnaires as q", "q.id", "s.questionnaire_id")
      .select(["s.id", "s.code", "s.name_vi", "s.name_en", "s.sort_order", "s.active", "q.id as q_id", "q.code as q_code", "q.name_vi as q_name_vi", "q.name_en as q_name_en"])
      .orderBy("s.sort_order")
      .orderBy("s.id")
      .execute(),
    db.selectFrom("sector_targets").selectAll().orderBy("year", "desc").execute(),
    db
      .selectFrom("service_point_sectors")
      .select(["sector_id", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy("sector_id")
      .execute(),
  ]);
  return sectors.map((s) => ({
    id: s.id,
    code: s.code,
    name: { vi: s.name_vi, en: s.name_en },
    sortOrder: s.sort_order,
    questionnaire:
      s.q_id !== null && s.q_code !== null && s.q_name_vi !== null && s.q_name_en !== null
        ? { id: s.q_id, code: s.q_code, name: { vi: s.q_name_vi, en: s.q_name_en } }
        : null,
    active: s.active === 1,
    targets: targets.filter((t) => t.sector_id === s.id).map(targetRowToTarget),
    servicePoints: Number(points.find((p) => p.sector_id === s.id)?.n ?? 0),
  }));
}

export async function findSectorId(db: DB, code: string): Promise<number | null> {
  return (await db.selectFrom("sectors").select("id").where("code", "=", code).executeTakeFirst())?.id ?? null;
}

export async function sectorSnapshot(db: DB, id: number): Promise<SectorSnapshot> {
  const s = await db
    .selectFrom("sectors as s")
    .leftJoin("questionnaires as q", "q.id", "s.questionnaire_id")
    .select(["s.code", "s.name_vi", "s.name_en", "s.sort_order", "s.active", "q.code as questionnaire"])
    .where("s.id", "=", id)
    .executeTakeFirstOrThrow();
  return { code: s.code, name: { vi: s.name_vi, en: s.name_en }, sortOrder: s.sort_order, questionnaire: s.questionnaire, active: s.active === 1 };
}

export async function insertSector(db: DB, row: SectorRow): Promise<number> {
  const { id } = await db
    .insertInto("sectors")
    .values({ code: row.code, name_vi: row.nameVi, name_en: row.nameEn, sort_order: row.sortOrder, questionnaire_id: row.questionnaireId, active: 1 })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateSectorRow(db: DB, id: number, row: Omit<SectorRow, "code">): Promise<void> {
  await db
    .updateTable("sectors")
    .set({ name_vi: row.nameVi, name_en: row.nameEn, sort_order: row.sortOrder, questionnaire_id: row.questionnaireId })
    .where("id", "=", id)
    .execute();
}

export async function setSectorActiveRow(db: DB, id: number, active: boolean): Promise<void> {
  await db.updateTable("sectors").set({ active: activeFlag(active) }).where("id", "=", id).execute();
}

/* ---------------------------------------------------------- yearly targets */

export type TargetValues = { year: number; value: number; comparator: Comparator; headline: HeadlineIndex; minSample: number };

/** The id of the sector's target for that year (other than `exceptId`), or null. */
export async function findTargetOfYear(db: DB, sectorId: number, year: number, exceptId: number | null = null): Promise<number | null> {
  let query = db.selectFrom("sector_targets").select("id").where("sector_id", "=", sectorId).where("year", "=", year);
  if (exceptId !== null) query = query.where("id", "!=", exceptId);
  return (await query.executeTakeFirst())?.id ?? null;
}

/** Whether the target belongs to the sector. */
export async function targetBelongsTo(db: DB, sectorId: number, targetId: number): Promise<boolean> {
  return (await db.selectFrom("sector_targets").select("id").where("id", "=", targetId).where("sector_id", "=", sectorId).executeTakeFirst()) !== undefined;
}

export async function targetSnapshot(db: DB, sectorCode: string, id: number): Promise<TargetSnapshot> {
  const t = targetRowToTarget(await db.selectFrom("sector_targets").selectAll().where("id", "=", id).executeTakeFirstOrThrow());
  return { sector: sectorCode, year: t.year, value: t.value, comparator: t.comparator, headline: t.headline, minSample: t.minSample };
}

const targetColumns = (t: TargetValues) => ({ year: t.year, value: t.value, comparator: t.comparator, headline_index: t.headline, min_sample: t.minSample });

export async function insertTarget(db: DB, sectorId: number, target: TargetValues): Promise<number> {
  const { id } = await db
    .insertInto("sector_targets")
    .values({ sector_id: sectorId, ...targetColumns(target) })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateTargetRow(db: DB, id: number, target: TargetValues): Promise<void> {
  await db.updateTable("sector_targets").set(targetColumns(target)).where("id", "=", id).execute();
}

export async function deleteTargetRow(db: DB, id: number): Promise<void> {
  await db.deleteFrom("sector_targets").where("id", "=", id).execute();
}
