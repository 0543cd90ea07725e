import type { DB } from "#db/client";
import { vietnameseOrder } from "#db/dialect";
import type { AgencyNode } from "~/domain/agency-tree";
import type { AdminAgency, Named } from "./types";

/* Agencies: queries only; rows mapped here, once. */

export type AgencyRow = { code: string; nameVi: string; nameEn: string; parentId: number | null };

/** What the audit log keeps of an agency. */
export type AgencySnapshot = { code: string; name: Named; parent: string | null; active: boolean };

export async function listAdminAgencies(db: DB): Promise<AdminAgency[]> {
  const [agencies, points] = await Promise.all([
    db
      .selectFrom("agencies as a")
      .leftJoin("agencies as p", "p.id", "a.parent_id")
      .select(["a.id", "a.code", "a.parent_id", "a.name_vi", "a.name_en", "a.active", "p.code as parent_code"])
      .orderBy(vietnameseOrder(db, "a.name_vi"))
      .orderBy("a.id")
      .execute(),
    db.selectFrom("service_points").select(["agency_id", "active"]).execute(),
  ]);
  return agencies.map((a) => ({
    id: a.id,
    code: a.code,
    parentId: a.parent_id,
    parentCode: a.parent_code,
    name: { vi: a.name_vi, en: a.name_en },
    active: a.active === 1,
    servicePoints: points.filter((p) => p.agency_id === a.id).length,
    activeServicePoints: points.filter((p) => p.agency_id === a.id && p.active === 1).length,
  }));
}

/** Every agency as a node of the tree (id and parent). */
export async function listAgencyNodes(db: DB): Promise<AgencyNode[]> {
  const rows = await db.selectFrom("agencies").select(["id", "parent_id"]).execute();
  return rows.map((r) => ({ id: r.id, parentId: r.parent_id }));
}

export async function findAgencyId(db: DB, code: string): Promise<number | null> {
  return (await db.selectFrom("agencies").select("id").where("code", "=", code).executeTakeFirst())?.id ?? null;
}

/** The agency's code, or null when no agency has that id. */
export async function findAgencyCode(db: DB, id: number): Promise<string | null> {
  return (await db.selectFrom("agencies").select("code").where("id", "=", id).executeTakeFirst())?.code ?? null;
}

/** Whether an active service point or an active agency is directly under the agency. */
export async function hasActiveChildren(db: DB, id: number): Promise<boolean> {
  const point = await db.selectFrom("service_points").select("id").where("agency_id", "=", id).where("active", "=", 1).executeTakeFirst();
  const child = await db.selectFrom("agencies").select("id").where("parent_id", "=", id).where("active", "=", 1).executeTakeFirst();
  return point !== undefined || child !== undefined;
}

export async function agencySnapshot(db: DB, id: number): Promise<AgencySnapshot> {
  const a = await db
    .selectFrom("agencies as a")
    .leftJoin("agencies as p", "p.id", "a.parent_id")
    .select(["a.code", "a.name_vi", "a.name_en", "a.active", "p.code as parent"])
    .where("a.id", "=", id)
    .executeTakeFirstOrThrow();
  return { code: a.code, name: { vi: a.name_vi, en: a.name_en }, parent: a.parent, active: a.active === 1 };
}

export async function insertAgency(db: DB, row: AgencyRow): Promise<number> {
  const { id } = await db
    .insertInto("agencies")
    .values({ code: row.code, name_vi: row.nameVi, name_en: row.nameEn, parent_id: row.parentId, active: 1 })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateAgencyRow(db: DB, id: number, row: Omit<AgencyRow, "code">): Promise<void> {
  await db.updateTable("agencies").set({ name_vi: row.nameVi, name_en: row.nameEn, parent_id: row.parentId }).where("id", "=", id).execute();
}

export async function setAgencyActiveRow(db: DB, id: number, active: boolean): Promise<void> {
  await db.updateTable("agencies").set({ active: active ? 1 : 0 }).where("id", "=", id).execute();
}
