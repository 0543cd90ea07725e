import type { DB } from "#db/client";
import type { Comparator, HeadlineIndex } from "#db/schema";
import {
  agencyTreeRows,
  nextServicePointCode,
  percentToFraction,
  wouldCreateCycle,
  type AgencyCreateInput,
  type AgencyInput,
  type SectorCreateInput,
  type SectorInput,
  type ServicePointCreateInput,
  type ServicePointInput,
  type TargetInput,
} from "~/domain/admin-organisation";
import type { FieldErrors } from "~/domain/form-errors";
import { recordAudit, type Actor } from "~/modules/audit/audit.repository.server";
import type { Named } from "./organisation.repository.server";

/*
 * The organisation as administrators change it. Every change is one
 * transaction with its audit record: both are written, or neither. Audit
 * records name things by their codes, which a person can read.
 */

export type ChangeResult = { ok: true; code: string } | { ok: false; errors: FieldErrors };

/** A change refused for a reason the form shows beside a field; rolls the transaction back. */
class Refused extends Error {
  constructor(readonly errors: FieldErrors) {
    super("refused");
  }
}

function refuse(field: string, code: string): never {
  throw new Refused({ [field]: { code } });
}

/**
 * The field a UNIQUE violation is about (`UNIQUE constraint failed:
 * service_points.code`), when two administrators race for one code: the
 * check before the insert passed for both, the database stops the second.
 */
function duplicateField(error: unknown, fields: Record<string, string>): string | null {
  if (!(error instanceof Error) || !("code" in error)) return null;
  const code = String((error as { code: unknown }).code);
  if (code !== "SQLITE_CONSTRAINT_UNIQUE" && code !== "SQLITE_CONSTRAINT_PRIMARYKEY") return null;
  for (const [column, field] of Object.entries(fields)) if (error.message.includes(column)) return field;
  return null;
}

async function change(
  db: DB,
  uniqueColumns: Record<string, string>,
  work: (trx: DB) => Promise<string>,
): Promise<ChangeResult> {
  try {
    return { ok: true, code: await db.transaction().execute(work) };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, errors: error.errors };
    const field = duplicateField(error, uniqueColumns);
    if (field) return { ok: false, errors: { [field]: { code: "duplicate" } } };
    throw error;
  }
}

const bool = (active: boolean) => (active ? (1 as const) : (0 as const));

async function questionnaireCode(db: DB, id: number | null, field = "questionnaireId"): Promise<string | null> {
  if (id === null) return null;
  const row = await db.selectFrom("questionnaires").select("code").where("id", "=", id).executeTakeFirst();
  if (!row) refuse(field, "notFound");
  // A point must always have a survey to serve: a questionnaire still in its first draft cannot be assigned.
  if (!(await hasPublishedVersion(db, id))) refuse(field, "unpublished");
  return row.code;
}

async function hasPublishedVersion(db: DB, questionnaireId: number): Promise<boolean> {
  const row = await db
    .selectFrom("questionnaire_versions")
    .select("id")
    .where("questionnaire_id", "=", questionnaireId)
    .where("status", "=", "published")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export type QuestionnaireChoice = { id: number; code: string; name: Named };

/** The questionnaires a sector or point may use: those with a published version. */
export async function listQuestionnaireChoices(db: DB): Promise<QuestionnaireChoice[]> {
  const rows = await db
    .selectFrom("questionnaires as q")
    .select(["q.id", "q.code", "q.name_vi", "q.name_en"])
    .where((eb) =>
      eb.exists(eb.selectFrom("questionnaire_versions as v").select("v.id").whereRef("v.questionnaire_id", "=", "q.id").where("v.status", "=", "published")),
    )
    .orderBy("q.name_vi")
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.code, name: { vi: r.name_vi, en: r.name_en } }));
}

/* ---------------------------------------------------------------- sectors */

export type TargetRow = { id: number; year: number; value: number; comparator: Comparator; headline: HeadlineIndex; minSample: number };

export type AdminSector = {
  id: number;
  code: string;
  name: Named;
  sortOrder: number;
  questionnaire: { id: number; code: string; name: Named } | null;
  active: boolean;
  /** Newest year first. */
  targets: TargetRow[];
  servicePoints: number;
};

type SectorSnapshot = { code: string; name: Named; sortOrder: number; questionnaire: string | null; active: boolean };

async function sectorSnapshot(db: DB, id: number): Promise<SectorSnapshot> {
  const s = await db
    .selectFrom("sectors as s")
    .leftJoin("questionnaires as q", "q.id", "s.questionnaire_id")
    .select(["s.code", "s.name_vi", "s.name_en", "s.sort_order", "s.active", "q.code as questionnaire"])
    .where("s.id", "=", id)
    .executeTakeFirstOrThrow();
  return { code: s.code, name: { vi: s.name_vi, en: s.name_en }, sortOrder: s.sort_order, questionnaire: s.questionnaire, active: s.active === 1 };
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
    targets: targets
      .filter((t) => t.sector_id === s.id)
      .map((t) => ({ id: t.id, year: t.year, value: t.value, comparator: t.comparator, headline: t.headline_index, minSample: t.min_sample })),
    servicePoints: Number(points.find((p) => p.sector_id === s.id)?.n ?? 0),
  }));
}

export async function getAdminSector(db: DB, code: string): Promise<AdminSector | null> {
  return (await listAdminSectors(db)).find((s) => s.code === code) ?? null;
}

const SECTOR_UNIQUE = { "sectors.code": "code" };

export function createSector(db: DB, actor: Actor, input: SectorCreateInput): Promise<ChangeResult> {
  return change(db, SECTOR_UNIQUE, async (trx) => {
    if (await trx.selectFrom("sectors").select("id").where("code", "=", input.code).executeTakeFirst()) refuse("code", "duplicate");
    await questionnaireCode(trx, input.questionnaireId);
    const { id } = await trx
      .insertInto("sectors")
      .values({
        code: input.code,
        name_vi: input.nameVi,
        name_en: input.nameEn ?? input.nameVi,
        sort_order: input.sortOrder,
        questionnaire_id: input.questionnaireId,
        active: 1,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: "create", entityType: "sector", entityId: id, label: input.code, after: await sectorSnapshot(trx, id) });
    return input.code;
  });
}

async function sectorId(db: DB, code: string): Promise<number> {
  const row = await db.selectFrom("sectors").select("id").where("code", "=", code).executeTakeFirst();
  if (!row) refuse("_form", "notFound");
  return row.id;
}

export function updateSector(db: DB, actor: Actor, code: string, input: SectorInput): Promise<ChangeResult> {
  return change(db, {}, async (trx) => {
    const id = await sectorId(trx, code);
    await questionnaireCode(trx, input.questionnaireId);
    const before = await sectorSnapshot(trx, id);
    await trx
      .updateTable("sectors")
      .set({ name_vi: input.nameVi, name_en: input.nameEn ?? input.nameVi, sort_order: input.sortOrder, questionnaire_id: input.questionnaireId })
      .where("id", "=", id)
      .execute();
    await recordAudit(trx, actor, { action: "update", entityType: "sector", entityId: id, label: code, before, after: await sectorSnapshot(trx, id) });
    return code;
  });
}

export function setSectorActive(db: DB, actor: Actor, code: string, active: boolean): Promise<ChangeResult> {
  return change(db, {}, async (trx) => {
    const id = await sectorId(trx, code);
    const before = await sectorSnapshot(trx, id);
    await trx.updateTable("sectors").set({ active: bool(active) }).where("id", "=", id).execute();
    await recordAudit(trx, actor, {
      action: active ? "reactivate" : "deactivate",
      entityType: "sector",
      entityId: id,
      label: code,
      before,
      after: await sectorSnapshot(trx, id),
    });
    return code;
  });
}

/* ---------------------------------------------------------- yearly targets */

type TargetSnapshot = { sector: string; year: number; value: number; comparator: Comparator; headline: HeadlineIndex; minSample: number };

async function targetSnapshot(db: DB, sectorCode: string, id: number): Promise<TargetSnapshot> {
  const t = await db.selectFrom("sector_targets").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  return { sector: sectorCode, year: t.year, value: t.value, comparator: t.comparator, headline: t.headline_index, minSample: t.min_sample };
}

const TARGET_UNIQUE = { "sector_targets.year": "year" };

/** Adds a year's target (`input.value` in percent, stored as a fraction). */
export function addTarget(db: DB, actor: Actor, sectorCode: string, input: TargetInput): Promise<ChangeResult> {
  return change(db, TARGET_UNIQUE, async (trx) => {
    const sector = await sectorId(trx, sectorCode);
    const existing = await trx.selectFrom("sector_targets").select("id").where("sector_id", "=", sector).where("year", "=", input.year).executeTakeFirst();
    if (existing) refuse("year", "duplicate");
    const { id } = await trx
      .insertInto("sector_targets")
      .values({
        sector_id: sector,
        year: input.year,
        value: percentToFraction(input.value),
        comparator: input.comparator,
        headline_index: input.headline,
        min_sample: input.minSample,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: "create",
      entityType: "sector_target",
      entityId: id,
      label: `${sectorCode} ${input.year}`,
      after: await targetSnapshot(trx, sectorCode, id),
    });
    return sectorCode;
  });
}

async function targetOf(db: DB, sectorCode: string, targetId: number): Promise<number> {
  const sector = await sectorId(db, sectorCode);
  const row = await db.selectFrom("sector_targets").select("id").where("id", "=", targetId).where("sector_id", "=", sector).executeTakeFirst();
  if (!row) refuse("_form", "notFound");
  return row.id;
}

/** Changes one year's target; its year may change too, unless that year already has one. */
export function updateTarget(db: DB, actor: Actor, sectorCode: string, targetId: number, input: TargetInput): Promise<ChangeResult> {
  return change(db, TARGET_UNIQUE, async (trx) => {
    const id = await targetOf(trx, sectorCode, targetId);
    const sector = await sectorId(trx, sectorCode);
    const clash = await trx
      .selectFrom("sector_targets")
      .select("id")
      .where("sector_id", "=", sector)
      .where("year", "=", input.year)
      .where("id", "!=", id)
      .executeTakeFirst();
    if (clash) refuse("year", "duplicate");
    const before = await targetSnapshot(trx, sectorCode, id);
    await trx
      .updateTable("sector_targets")
      .set({
        year: input.year,
        value: percentToFraction(input.value),
        comparator: input.comparator,
        headline_index: input.headline,
        min_sample: input.minSample,
      })
      .where("id", "=", id)
      .execute();
    await recordAudit(trx, actor, {
      action: "update",
      entityType: "sector_target",
      entityId: id,
      label: `${sectorCode} ${input.year}`,
      before,
      after: await targetSnapshot(trx, sectorCode, id),
    });
    return sectorCode;
  });
}

export function deleteTarget(db: DB, actor: Actor, sectorCode: string, targetId: number): Promise<ChangeResult> {
  return change(db, {}, async (trx) => {
    const id = await targetOf(trx, sectorCode, targetId);
    const before = await targetSnapshot(trx, sectorCode, id);
    await trx.deleteFrom("sector_targets").where("id", "=", id).execute();
    await recordAudit(trx, actor, { action: "delete", entityType: "sector_target", entityId: id, label: `${sectorCode} ${before.year}`, before });
    return sectorCode;
  });
}

/* ---------------------------------------------------------------- agencies */

export type AdminAgency = {
  id: number;
  code: string;
  parentId: number | null;
  parentCode: string | null;
  name: Named;
  active: boolean;
  servicePoints: number;
  activeServicePoints: number;
};

type AgencySnapshot = { code: string; name: Named; parent: string | null; active: boolean };

async function agencySnapshot(db: DB, id: number): Promise<AgencySnapshot> {
  const a = await db
    .selectFrom("agencies as a")
    .leftJoin("agencies as p", "p.id", "a.parent_id")
    .select(["a.code", "a.name_vi", "a.name_en", "a.active", "p.code as parent"])
    .where("a.id", "=", id)
    .executeTakeFirstOrThrow();
  return { code: a.code, name: { vi: a.name_vi, en: a.name_en }, parent: a.parent, active: a.active === 1 };
}

export async function listAdminAgencies(db: DB): Promise<AdminAgency[]> {
  const [agencies, points] = await Promise.all([
    db
      .selectFrom("agencies as a")
      .leftJoin("agencies as p", "p.id", "a.parent_id")
      .select(["a.id", "a.code", "a.parent_id", "a.name_vi", "a.name_en", "a.active", "p.code as parent_code"])
      .orderBy("a.name_vi")
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

async function agencyNodes(db: DB) {
  const rows = await db.selectFrom("agencies").select(["id", "parent_id"]).execute();
  return rows.map((r) => ({ id: r.id, parentId: r.parent_id }));
}

async function checkParent(db: DB, parentId: number | null): Promise<void> {
  if (parentId === null) return;
  if (!(await db.selectFrom("agencies").select("id").where("id", "=", parentId).executeTakeFirst())) refuse("parentId", "notFound");
}

const AGENCY_UNIQUE = { "agencies.code": "code" };

export function createAgency(db: DB, actor: Actor, input: AgencyCreateInput): Promise<ChangeResult> {
  return change(db, AGENCY_UNIQUE, async (trx) => {
    if (await trx.selectFrom("agencies").select("id").where("code", "=", input.code).executeTakeFirst()) refuse("code", "duplicate");
    await checkParent(trx, input.parentId);
    const { id } = await trx
      .insertInto("agencies")
      .values({ code: input.code, name_vi: input.nameVi, name_en: input.nameEn ?? input.nameVi, parent_id: input.parentId, active: 1 })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: "create", entityType: "agency", entityId: id, label: input.code, after: await agencySnapshot(trx, id) });
    return input.code;
  });
}

async function agencyId(db: DB, code: string): Promise<number> {
  const row = await db.selectFrom("agencies").select("id").where("code", "=", code).executeTakeFirst();
  if (!row) refuse("_form", "notFound");
  return row.id;
}

/** Renames or moves an agency; never under itself or one of its own descendants ("cycle"). */
export function updateAgency(db: DB, actor: Actor, code: string, input: AgencyInput): Promise<ChangeResult> {
  return change(db, {}, async (trx) => {
    const id = await agencyId(trx, code);
    await checkParent(trx, input.parentId);
    if (wouldCreateCycle(await agencyNodes(trx), id, input.parentId)) refuse("parentId", "cycle");
    const before = await agencySnapshot(trx, id);
    await trx
      .updateTable("agencies")
      .set({ name_vi: input.nameVi, name_en: input.nameEn ?? input.nameVi, parent_id: input.parentId })
      .where("id", "=", id)
      .execute();
    await recordAudit(trx, actor, { action: "update", entityType: "agency", entityId: id, label: code, before, after: await agencySnapshot(trx, id) });
    return code;
  });
}

/**
 * Deactivating an agency that still has active service points or active
 * agencies under it is refused ("inUse"): its counters would vanish from the
 * list citizens browse while their QR codes still worked.
 */
export function setAgencyActive(db: DB, actor: Actor, code: string, active: boolean): Promise<ChangeResult> {
  return change(db, {}, async (trx) => {
    const id = await agencyId(trx, code);
    if (!active) {
      const point = await trx.selectFrom("service_points").select("id").where("agency_id", "=", id).where("active", "=", 1).executeTakeFirst();
      const child = await trx.selectFrom("agencies").select("id").where("parent_id", "=", id).where("active", "=", 1).executeTakeFirst();
      if (point || child) refuse("_form", "inUse");
    }
    const before = await agencySnapshot(trx, id);
    await trx.updateTable("agencies").set({ active: bool(active) }).where("id", "=", id).execute();
    await recordAudit(trx, actor, {
      action: active ? "reactivate" : "deactivate",
      entityType: "agency",
      entityId: id,
      label: code,
      before,
      after: await agencySnapshot(trx, id),
    });
    return code;
  });
}

/* ----------------------------------------------------------- service points */

export type AdminServicePoint = {
  id: number;
  code: string;
  name: Named;
  agency: { id: number; code: string; name: Named };
  sectors: Array<{ id: number; code: string; name: Named; active: boolean }>;
  /** The point's own questionnaire; null when its sectors' default applies. */
  questionnaire: { id: number; code: string; name: Named } | null;
  active: boolean;
};

type ServicePointSnapshot = { code: string; name: Named; agency: string; sectors: string[]; questionnaire: string | null; active: boolean };

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
    query.orderBy("a.name_vi").orderBy("p.code").execute(),
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

export async function getAdminServicePoint(db: DB, code: string): Promise<AdminServicePoint | null> {
  const row = await db.selectFrom("service_points").select("agency_id").where("code", "=", code).executeTakeFirst();
  if (!row) return null;
  return (await listAdminServicePoints(db, { agencyId: row.agency_id })).find((p) => p.code === code) ?? null;
}

async function servicePointSnapshot(db: DB, id: number): Promise<ServicePointSnapshot> {
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

/** The agency's code, after checking the point's references exist (else "notFound" beside the field). */
async function checkServicePointReferences(db: DB, input: ServicePointInput): Promise<string> {
  const agency = await db.selectFrom("agencies").select("code").where("id", "=", input.agencyId).executeTakeFirst();
  if (!agency) refuse("agencyId", "notFound");
  const found = await db.selectFrom("sectors").select("id").where("id", "in", input.sectors).execute();
  if (found.length !== input.sectors.length) refuse("sectors", "notFound");
  await questionnaireCode(db, input.questionnaireId);
  return agency.code;
}

const SERVICE_POINT_UNIQUE = { "service_points.code": "code" };

/** Creates a point; without a code, one is made from its agency's code (`SO-XD-03`). */
export function createServicePoint(db: DB, actor: Actor, input: ServicePointCreateInput): Promise<ChangeResult> {
  return change(db, SERVICE_POINT_UNIQUE, async (trx) => {
    const agencyCode = await checkServicePointReferences(trx, input);
    let code = input.code;
    if (code === null) {
      const taken = await trx.selectFrom("service_points").select("code").execute();
      code = nextServicePointCode(agencyCode, taken.map((t) => t.code));
    } else if (await trx.selectFrom("service_points").select("id").where("code", "=", code).executeTakeFirst()) {
      refuse("code", "duplicate");
    }
    const { id } = await trx
      .insertInto("service_points")
      .values({
        code,
        agency_id: input.agencyId,
        name_vi: input.nameVi,
        name_en: input.nameEn ?? input.nameVi,
        questionnaire_id: input.questionnaireId,
        active: 1,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("service_point_sectors")
      .values(input.sectors.map((sector_id) => ({ service_point_id: id, sector_id })))
      .execute();
    await recordAudit(trx, actor, { action: "create", entityType: "service_point", entityId: id, label: code, after: await servicePointSnapshot(trx, id) });
    return code;
  });
}

async function servicePointId(db: DB, code: string): Promise<number> {
  const row = await db.selectFrom("service_points").select("id").where("code", "=", code).executeTakeFirst();
  if (!row) refuse("_form", "notFound");
  return row.id;
}

/** Changes names, agency, sectors and questionnaire; the code never changes (it is printed on posters). */
export function updateServicePoint(db: DB, actor: Actor, code: string, input: ServicePointInput): Promise<ChangeResult> {
  return change(db, {}, async (trx) => {
    const id = await servicePointId(trx, code);
    await checkServicePointReferences(trx, input);
    const before = await servicePointSnapshot(trx, id);
    await trx
      .updateTable("service_points")
      .set({ agency_id: input.agencyId, name_vi: input.nameVi, name_en: input.nameEn ?? input.nameVi, questionnaire_id: input.questionnaireId })
      .where("id", "=", id)
      .execute();
    await trx.deleteFrom("service_point_sectors").where("service_point_id", "=", id).execute();
    await trx
      .insertInto("service_point_sectors")
      .values(input.sectors.map((sector_id) => ({ service_point_id: id, sector_id })))
      .execute();
    await recordAudit(trx, actor, { action: "update", entityType: "service_point", entityId: id, label: code, before, after: await servicePointSnapshot(trx, id) });
    return code;
  });
}

/** A deactivated point disappears for citizens; its responses and figures stay. */
export function setServicePointActive(db: DB, actor: Actor, code: string, active: boolean): Promise<ChangeResult> {
  return change(db, {}, async (trx) => {
    const id = await servicePointId(trx, code);
    const before = await servicePointSnapshot(trx, id);
    await trx.updateTable("service_points").set({ active: bool(active) }).where("id", "=", id).execute();
    await recordAudit(trx, actor, {
      action: active ? "reactivate" : "deactivate",
      entityType: "service_point",
      entityId: id,
      label: code,
      before,
      after: await servicePointSnapshot(trx, id),
    });
    return code;
  });
}

export type ServicePointChoices = {
  agencies: Array<{ id: number; code: string; name: Named; depth: number; active: boolean }>;
  sectors: Array<{ id: number; code: string; name: Named; active: boolean }>;
  questionnaires: QuestionnaireChoice[];
};

/** What a service point's form offers: agencies in tree order, sectors, questionnaires. */
export async function servicePointChoices(db: DB): Promise<ServicePointChoices> {
  const [agencies, sectors, questionnaires] = await Promise.all([
    listAdminAgencies(db),
    db.selectFrom("sectors").select(["id", "code", "name_vi", "name_en", "active"]).orderBy("sort_order").orderBy("id").execute(),
    listQuestionnaireChoices(db),
  ]);
  return {
    agencies: agencyTreeRows(agencies).map(({ agency, depth }) => ({ id: agency.id, code: agency.code, name: agency.name, depth, active: agency.active })),
    sectors: sectors.map((s) => ({ id: s.id, code: s.code, name: { vi: s.name_vi, en: s.name_en }, active: s.active === 1 })),
    questionnaires,
  };
}
