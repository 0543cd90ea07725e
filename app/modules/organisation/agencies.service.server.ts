import type { DB } from "#db/client";
import { wouldCreateCycle, type AgencyCreateInput, type AgencyInput } from "~/domain/admin-organisation";
import { fieldProblem, formProblem } from "~/domain/form-errors";
import { problem, refused, succeeded, type Outcome } from "~/domain/problem";
import { recordAudit } from "~/modules/audit/audit.repository.server";
import type { Actor } from "~/modules/audit/types";
import { inTransaction } from "~/modules/shared/transaction.server";
import * as agencies from "./agencies.repository.server";

/*
 * Agencies as administrators change them: each change one transaction with
 * its audit record. A successful change answers with the agency's code.
 */

export { listAdminAgencies } from "./agencies.repository.server";

const agencyGone = () => problem("notFound", "no agency has that code");
const duplicateCode = () => fieldProblem("badRequest", "code", "duplicate");

/** Null when the parent is none or exists; else the problem beside the parent field. */
async function parentProblem(trx: DB, parentId: number | null) {
  if (parentId === null || (await agencies.findAgencyCode(trx, parentId)) !== null) return null;
  return fieldProblem("badRequest", "parentId", "notFound");
}

export function createAgency(db: DB, actor: Actor, input: AgencyCreateInput): Promise<Outcome<string>> {
  return inTransaction(
    db,
    async (trx) => {
      if ((await agencies.findAgencyId(trx, input.code)) !== null) return refused(duplicateCode());
      const parent = await parentProblem(trx, input.parentId);
      if (parent) return refused(parent);
      const id = await agencies.insertAgency(trx, { code: input.code, nameVi: input.nameVi, nameEn: input.nameEn ?? input.nameVi, parentId: input.parentId });
      await recordAudit(trx, actor, { action: "create", entityType: "agency", entityId: id, label: input.code, after: await agencies.agencySnapshot(trx, id) });
      return succeeded(input.code);
    },
    duplicateCode,
  );
}

/** Renames or moves an agency; never under itself or one of its own descendants ("cycle"). */
export function updateAgency(db: DB, actor: Actor, code: string, input: AgencyInput): Promise<Outcome<string>> {
  return inTransaction(db, async (trx) => {
    const id = await agencies.findAgencyId(trx, code);
    if (id === null) return refused(agencyGone());
    const parent = await parentProblem(trx, input.parentId);
    if (parent) return refused(parent);
    if (wouldCreateCycle(await agencies.listAgencyNodes(trx), id, input.parentId)) return refused(fieldProblem("badRequest", "parentId", "cycle"));
    const before = await agencies.agencySnapshot(trx, id);
    await agencies.updateAgencyRow(trx, id, { nameVi: input.nameVi, nameEn: input.nameEn ?? input.nameVi, parentId: input.parentId });
    await recordAudit(trx, actor, { action: "update", entityType: "agency", entityId: id, label: code, before, after: await agencies.agencySnapshot(trx, id) });
    return succeeded(code);
  });
}

/**
 * Deactivating an agency that still has active service points or active
 * agencies under it is refused ("inUse"): its counters would vanish from the
 * list citizens browse while their QR codes still worked.
 */
export function setAgencyActive(db: DB, actor: Actor, code: string, active: boolean): Promise<Outcome<string>> {
  return inTransaction(db, async (trx) => {
    const id = await agencies.findAgencyId(trx, code);
    if (id === null) return refused(agencyGone());
    if (!active && (await agencies.hasActiveChildren(trx, id))) return refused(formProblem("badRequest", "inUse"));
    const before = await agencies.agencySnapshot(trx, id);
    await agencies.setAgencyActiveRow(trx, id, active);
    await recordAudit(trx, actor, {
      action: active ? "reactivate" : "deactivate",
      entityType: "agency",
      entityId: id,
      label: code,
      before,
      after: await agencies.agencySnapshot(trx, id),
    });
    return succeeded(code);
  });
}
