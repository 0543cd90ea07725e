import type { DB } from "#db/client";
import { vietnameseOrder } from "#db/dialect";
import type { AdminServicePoint, Named } from "./types";

/* Service points and the sectors they serve: queries only; rows mapped here, once. */

export type ServicePointRow = { agencyId: number; nameVi: string; nameEn: string; questionnaireId: number | null };

/** What the audit log keeps of a point. */
export type ServicePointSnapshot = { code: string; name: Named; agency: string; sectors: string[]; questionnaire: string | null; active: boolean };

export async function listAdminServicePoints(db: DB, filter: { agencyId?: number } = {}): Promise<AdminServicePoint[]> {
  let query = db
    .selectFrom("service_points as p")
    .innerJoin("agencies as a", "a.id", "p.agency_id")
    .leftJoin("questionnaires as q", "q.id", "p.questionnaire_id")
    .select([
      "p.id",
      "p.code",
      "p.name_vi",
      "p.name_en",
      "p.active",
      "a.id as agency_id",
      "a.code as agency_code",
      "a.name_vi as agency_name_vi",
      "a.name_en as agency_name_en",
      "q.id as q_id",
      "q.code as q_code",
      "q.name_vi as q_name_vi",
      "q.name_en as q_name_en",
    ]);
  if (filter.agencyId !== undefined) query = query.where("p.agency_id", "=", filter.agencyId);
  const [points, links] = await Promise.all([
    query.orderBy(vietnameseOrder(db, "a.name_vi")).orderBy("p.code").execute(),
    db
      .selectFrom("service_point_sectors as ps")
      .innerJoin("sectors as s", "s.id", "ps.sector_id")
      .select(["ps.service_point_id", "s.id", "s.code", "s.name_vi", "s.name_en", "s.active"])
      .orderBy("s.sort_order")
      .orderBy("s.id")
      .execute(),
  ]);
  return points.map((p) => ({
    id: p.id,
    code: p.code,
    name: { vi: p.name_vi, en: p.name_en },
    agency: { id: p.agency_id, code: p.agency_code, name: { vi: p.agency_name_vi, en: p.agency_name_en } },
    sectors: links
      .filter((l) => l.service_point_id === p.id)
      .map((l) => ({ id: l.id, code: l.code, name: { vi: l.name_vi, en: l.name_en }, active: l.active === 1 })),
    questionnaire:
      p.q_id !== null && p.q_code !== null && p.q_name_vi !== null && p.q_name_en !== null
        ? { id: p.q_id, code: p.q_code, name: { vi: p.q_name_vi, en: p.q_name_en } }
        : null,
    active: p.active === 1,
  }));
}

/** The point's id and agency, or null when no point has that code. */
export async function findServicePoint(db: DB, code: string): Promise<{ id: number; agencyId: number } | null> {
  const row = await db.selectFrom("service_points").select(["id", "agency_id"]).where("code", "=", code).executeTakeFirst();
  return row ? { id: row.id, agencyId: row.agency_id } : null;
}

export async function listServicePointCodes(db: DB): Promise<string[]> {
  return (await db.selectFrom("service_points").select("code").execute()).map((r) => r.code);
}

/** How many of these sector ids exist. */
export async function countSectors(db: DB, sectorIds: readonly number[]): Promise<number> {
  if (sectorIds.length === 0) return 0;
  return (await db.selectFrom("sectors").select("id").where("id", "in", [...sectorIds]).execute()).length;
}

export async function listSectorChoiceRows(db: DB): Promise<Array<{ id: number; code: string; name: Named; active: boolean }>> {
  const rows = await db.selectFrom("sectors").select(["id", "code", "name_vi", "name_en", "active"]).orderBy("sort_order").orderBy("id").execute();
  return rows.map((s) => ({ id: s.id, code: s.code, name: { vi: s.name_vi, en: s.name_en }, active: s.active === 1 }));
}

export async function servicePointSnapshot(db: DB, id: number): Promise<ServicePointSnapshot> {
  const p = await db
    .selectFrom("service_points as p")
    .innerJoin("agencies as a", "a.id", "p.agency_id")
    .leftJoin("questionnaires as q", "q.id", "p.questionnaire_id")
    .select(["p.code", "p.name_vi", "p.name_en", "p.active", "a.code as agency", "q.code as questionnaire"])
    .where("p.id", "=", id)
    .executeTakeFirstOrThrow();
  const sectors = await db
    .selectFrom("service_point_sectors as ps")
    .innerJoin("sectors as s", "s.id", "ps.sector_id")
    .select("s.code")
    .where("ps.service_point_id", "=", id)
    .orderBy("s.sort_order")
    .orderBy("s.id")
    .execute();
  return {
    code: p.code,
    name: { vi: p.name_vi, en: p.name_en },
    agency: p.agency,
    sectors: sectors.map((s) => s.code),
    questionnaire: p.questionnaire,
    active: p.active === 1,
  };
}

export async function insertServicePoint(db: DB, code: string, row: ServicePointRow): Promise<number> {
  const { id } = await db
    .insertInto("service_points")
    .values({ code, agency_id: row.agencyId, name_vi: row.nameVi, name_en: row.nameEn, questionnaire_id: row.questionnaireId, active: 1 })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateServicePointRow(db: DB, id: number, row: ServicePointRow): Promise<void> {
  await db
    .updateTable("service_points")
    .set({ agency_id: row.agencyId, name_vi: row.nameVi, name_en: row.nameEn, questionnaire_id: row.questionnaireId })
    .where("id", "=", id)
    .execute();
}

/** The sectors the point serves become exactly these. */
export async function replaceServicePointSectors(db: DB, id: number, sectorIds: readonly number[]): Promise<void> {
  await db.deleteFrom("service_point_sectors").where("service_point_id", "=", id).execute();
  if (sectorIds.length > 0) {
    await db
      .insertInto("service_point_sectors")
      .values(sectorIds.map((sector_id) => ({ service_point_id: id, sector_id })))
      .execute();
  }
}

export async function setServicePointActiveRow(db: DB, id: number, active: boolean): Promise<void> {
  await db.updateTable("service_points").set({ active: active ? 1 : 0 }).where("id", "=", id).execute();
}
