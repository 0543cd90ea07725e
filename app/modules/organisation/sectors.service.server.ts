import type { DB } from "#db/client";
import { percentToFraction, type SectorCreateInput, type SectorInput, type TargetInput } from "~/domain/admin-organisation";
import { fieldProblem } from "~/domain/form-errors";
import { problem, refused, succeeded, type Outcome } from "~/domain/problem";
import { recordAudit } from "~/modules/audit/audit.repository.server";
import type { Actor } from "~/modules/audit/types";
import { checkAssignable } from "~/modules/questionnaires/questionnaires.service.server";
import { inTransaction } from "~/modules/shared/transaction.server";
import * as sectors from "./sectors.repository.server";
import type { AdminSector } from "./types";

/*
 * Sectors and their yearly targets as administrators change them. Every
 * change is one transaction with its audit record: both are written, or
 * neither. Audit records name things by their codes, which a person can read.
 * A successful change answers with the code of the sector whose page to show.
 */

export { listAdminSectors } from "./sectors.repository.server";

export async function getAdminSector(db: DB, code: string): Promise<AdminSector | null> {
  return (await sectors.listAdminSectors(db)).find((s) => s.code === code) ?? null;
}

const sectorGone = () => problem("notFound", "no sector has that code");
const duplicateCode = () => fieldProblem("badRequest", "code", "duplicate");
const duplicateYear = () => fieldProblem("badRequest", "year", "duplicate");

export function createSector(db: DB, actor: Actor, input: SectorCreateInput): Promise<Outcome<string>> {
  return inTransaction(
    db,
    async (trx) => {
      if ((await sectors.findSectorId(trx, input.code)) !== null) return refused(duplicateCode());
      const assignable = await checkAssignable(trx, input.questionnaireId, "questionnaireId");
      if (!assignable.ok) return assignable;
      const id = await sectors.insertSector(trx, {
        code: input.code,
        nameVi: input.nameVi,
        nameEn: input.nameEn ?? input.nameVi,
        sortOrder: input.sortOrder,
        questionnaireId: input.questionnaireId,
      });
      await recordAudit(trx, actor, { action: "create", entityType: "sector", entityId: id, label: input.code, after: await sectors.sectorSnapshot(trx, id) });
      return succeeded(input.code);
    },
    duplicateCode,
  );
}

export function updateSector(db: DB, actor: Actor, code: string, input: SectorInput): Promise<Outcome<string>> {
  return inTransaction(db, async (trx) => {
    const id = await sectors.findSectorId(trx, code);
    if (id === null) return refused(sectorGone());
    const assignable = await checkAssignable(trx, input.questionnaireId, "questionnaireId");
    if (!assignable.ok) return assignable;
    const before = await sectors.sectorSnapshot(trx, id);
    await sectors.updateSectorRow(trx, id, { nameVi: input.nameVi, nameEn: input.nameEn ?? input.nameVi, sortOrder: input.sortOrder, questionnaireId: input.questionnaireId });
    await recordAudit(trx, actor, { action: "update", entityType: "sector", entityId: id, label: code, before, after: await sectors.sectorSnapshot(trx, id) });
    return succeeded(code);
  });
}

export function setSectorActive(db: DB, actor: Actor, code: string, active: boolean): Promise<Outcome<string>> {
  return inTransaction(db, async (trx) => {
    const id = await sectors.findSectorId(trx, code);
    if (id === null) return refused(sectorGone());
    const before = await sectors.sectorSnapshot(trx, id);
    await sectors.setSectorActiveRow(trx, id, active);
    await recordAudit(trx, actor, {
      action: active ? "reactivate" : "deactivate",
      entityType: "sector",
      entityId: id,
      label: code,
      before,
      after: await sectors.sectorSnapshot(trx, id),
    });
    return succeeded(code);
  });
}

/* ---------------------------------------------------------- yearly targets */

const targetValues = (input: TargetInput): sectors.TargetValues => ({ ...input, value: percentToFraction(input.value) });

/** Adds a year's target (`input.value` in percent, stored as a fraction); one per year. */
export function addTarget(db: DB, actor: Actor, sectorCode: string, input: TargetInput): Promise<Outcome<string>> {
  return inTransaction(
    db,
    async (trx) => {
      const sectorId = await sectors.findSectorId(trx, sectorCode);
      if (sectorId === null) return refused(sectorGone());
      if ((await sectors.findTargetOfYear(trx, sectorId, input.year)) !== null) return refused(duplicateYear());
      const id = await sectors.insertTarget(trx, sectorId, targetValues(input));
      await recordAudit(trx, actor, {
        action: "create",
        entityType: "sector_target",
        entityId: id,
        label: `${sectorCode} ${input.year}`,
        after: await sectors.targetSnapshot(trx, sectorCode, id),
      });
      return succeeded(sectorCode);
    },
    duplicateYear,
  );
}

/** The sector's id when the target is one of its own; else the problem (a 404 page). */
async function targetOf(trx: DB, sectorCode: string, targetId: number): Promise<Outcome<number>> {
  const sectorId = await sectors.findSectorId(trx, sectorCode);
  if (sectorId === null) return refused(sectorGone());
  if (!(await sectors.targetBelongsTo(trx, sectorId, targetId))) return refused(problem("notFound", "the sector has no such target"));
  return succeeded(sectorId);
}

/** Changes one year's target; its year may change too, unless that year already has one. */
export function updateTarget(db: DB, actor: Actor, sectorCode: string, targetId: number, input: TargetInput): Promise<Outcome<string>> {
  return inTransaction(
    db,
    async (trx) => {
      const sector = await targetOf(trx, sectorCode, targetId);
      if (!sector.ok) return sector;
      if ((await sectors.findTargetOfYear(trx, sector.value, input.year, targetId)) !== null) return refused(duplicateYear());
      const before = await sectors.targetSnapshot(trx, sectorCode, targetId);
      await sectors.updateTargetRow(trx, targetId, targetValues(input));
      await recordAudit(trx, actor, {
        action: "update",
        entityType: "sector_target",
        entityId: targetId,
        label: `${sectorCode} ${input.year}`,
        before,
        after: await sectors.targetSnapshot(trx, sectorCode, targetId),
      });
      return succeeded(sectorCode);
    },
    duplicateYear,
  );
}

export function deleteTarget(db: DB, actor: Actor, sectorCode: string, targetId: number): Promise<Outcome<string>> {
  return inTransaction(db, async (trx) => {
    const sector = await targetOf(trx, sectorCode, targetId);
    if (!sector.ok) return sector;
    const before = await sectors.targetSnapshot(trx, sectorCode, targetId);
    await sectors.deleteTargetRow(trx, targetId);
    await recordAudit(trx, actor, { action: "delete", entityType: "sector_target", entityId: targetId, label: `${sectorCode} ${before.year}`, before });
    return succeeded(sectorCode);
  });
}
