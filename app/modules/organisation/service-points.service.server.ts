import type { DB } from "#db/client";
import { agencyTreeRows, nextServicePointCode, type ServicePointCreateInput, type ServicePointInput } from "~/domain/admin-organisation";
import { fieldProblem } from "~/domain/form-errors";
import { problem, refused, succeeded, type Outcome } from "~/domain/problem";
import { recordAudit } from "~/modules/audit/audit.repository.server";
import type { Actor } from "~/modules/audit/types";
import { checkAssignable, listQuestionnaireChoices } from "~/modules/questionnaires/questionnaires.service.server";
import { inTransaction } from "~/modules/shared/transaction.server";
import { findAgencyCode, listAdminAgencies } from "./agencies.repository.server";
import * as points from "./service-points.repository.server";
import type { AdminServicePoint, ServicePointChoices } from "./types";

/*
 * Service points as administrators change them: each change one transaction
 * with its audit record. The code never changes once made (it is printed on
 * posters). A successful change answers with the point's code.
 */

export { listAdminServicePoints } from "./service-points.repository.server";

export async function getAdminServicePoint(db: DB, code: string): Promise<AdminServicePoint | null> {
  const found = await points.findServicePoint(db, code);
  if (!found) return null;
  return (await points.listAdminServicePoints(db, { agencyId: found.agencyId })).find((p) => p.code === code) ?? null;
}

/** What a service point's form offers: agencies in tree order, sectors, questionnaires. */
export async function servicePointChoices(db: DB): Promise<ServicePointChoices> {
  const [agencies, sectors, questionnaires] = await Promise.all([listAdminAgencies(db), points.listSectorChoiceRows(db), listQuestionnaireChoices(db)]);
  return {
    agencies: agencyTreeRows(agencies).map(({ agency, depth }) => ({ id: agency.id, code: agency.code, name: agency.name, depth, active: agency.active })),
    sectors,
    questionnaires,
  };
}

const pointGone = () => problem("notFound", "no service point has that code");
const duplicateCode = () => fieldProblem("badRequest", "code", "duplicate");

/** The agency's code, after checking that what the point refers to exists (else the problem beside that field). */
async function checkReferences(trx: DB, input: ServicePointInput): Promise<Outcome<string>> {
  const agencyCode = await findAgencyCode(trx, input.agencyId);
  if (agencyCode === null) return refused(fieldProblem("badRequest", "agencyId", "notFound"));
  if ((await points.countSectors(trx, input.sectors)) !== input.sectors.length) return refused(fieldProblem("badRequest", "sectors", "notFound"));
  const assignable = await checkAssignable(trx, input.questionnaireId, "questionnaireId");
  if (!assignable.ok) return assignable;
  return succeeded(agencyCode);
}

const rowOf = (input: ServicePointInput): points.ServicePointRow => ({
  agencyId: input.agencyId,
  nameVi: input.nameVi,
  nameEn: input.nameEn ?? input.nameVi,
  questionnaireId: input.questionnaireId,
});

/** Creates a point; without a code, one is made from its agency's code (`SO-XD-03`). */
export function createServicePoint(db: DB, actor: Actor, input: ServicePointCreateInput): Promise<Outcome<string>> {
  return inTransaction(
    db,
    async (trx) => {
      const agencyCode = await checkReferences(trx, input);
      if (!agencyCode.ok) return agencyCode;
      let code = input.code;
      if (code === null) code = nextServicePointCode(agencyCode.value, await points.listServicePointCodes(trx));
      else if ((await points.findServicePoint(trx, code)) !== null) return refused(duplicateCode());
      const id = await points.insertServicePoint(trx, code, rowOf(input));
      await points.replaceServicePointSectors(trx, id, input.sectors);
      await recordAudit(trx, actor, { action: "create", entityType: "service_point", entityId: id, label: code, after: await points.servicePointSnapshot(trx, id) });
      return succeeded(code);
    },
    duplicateCode,
  );
}

/** Changes names, agency, sectors and questionnaire; the code never changes. */
export function updateServicePoint(db: DB, actor: Actor, code: string, input: ServicePointInput): Promise<Outcome<string>> {
  return inTransaction(db, async (trx) => {
    const found = await points.findServicePoint(trx, code);
    if (!found) return refused(pointGone());
    const references = await checkReferences(trx, input);
    if (!references.ok) return references;
    const before = await points.servicePointSnapshot(trx, found.id);
    await points.updateServicePointRow(trx, found.id, rowOf(input));
    await points.replaceServicePointSectors(trx, found.id, input.sectors);
    await recordAudit(trx, actor, {
      action: "update",
      entityType: "service_point",
      entityId: found.id,
      label: code,
      before,
      after: await points.servicePointSnapshot(trx, found.id),
    });
    return succeeded(code);
  });
}

/** A deactivated point disappears for citizens; its responses and figures stay. */
export function setServicePointActive(db: DB, actor: Actor, code: string, active: boolean): Promise<Outcome<string>> {
  return inTransaction(db, async (trx) => {
    const found = await points.findServicePoint(trx, code);
    if (!found) return refused(pointGone());
    const before = await points.servicePointSnapshot(trx, found.id);
    await points.setServicePointActiveRow(trx, found.id, active);
    await recordAudit(trx, actor, {
      action: active ? "reactivate" : "deactivate",
      entityType: "service_point",
      entityId: found.id,
      label: code,
      before,
      after: await points.servicePointSnapshot(trx, found.id),
    });
    return succeeded(code);
  });
}
