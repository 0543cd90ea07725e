import type { DB } from "#db/client";
import { succeeded, type Outcome } from "~/domain/problem";
import { MS_PER_DAY } from "~/domain/vietnam-time";
import { recordAudit } from "~/modules/audit/audit.repository.server";
import type { Actor } from "~/modules/audit/types";
import {
  getActiveServicePoint,
  listSectorsWithTargets,
  listServicePoints,
  type SectorWithTarget,
  type ServicePointRecord,
  type SurveyPoint,
} from "~/modules/organisation/organisation.repository.server";
import { qrSvg, ticketSurveyUrl } from "~/modules/posters/qr.server";
import { inTransaction } from "~/modules/shared/transaction.server";
import { createTickets, getTicket, insertTicketBatch } from "./tickets.repository.server";

/*
 * Single-use survey tickets: printed in batches by an administrator, or one
 * at a time for a dossier by the one-stop software.
 */

export { getTicketBatch, listRecentTicketBatches } from "./tickets.repository.server";

/** The active service point tickets may be minted for; null when unknown or inactive. */
export function findTicketPoint(db: DB, code: string): Promise<SurveyPoint | null> {
  return getActiveServicePoint(db, code);
}

export type BatchRequest = {
  point: SurveyPoint;
  /** One of the point's sectors, or null for any. */
  sectorId: number | null;
  count: number;
  /** Days until the tickets expire; undefined: they never do. */
  expiryDays?: number;
  createdBy: number | null;
};

/** Mints a batch of tickets for one sheet, and its audit record, in one transaction; answers the batch's id. */
export function mintTicketBatch(db: DB, actor: Actor, request: BatchRequest, now = new Date()): Promise<Outcome<number>> {
  const expiresAt = request.expiryDays ? new Date(now.getTime() + request.expiryDays * MS_PER_DAY).toISOString() : null;
  return inTransaction(db, async (trx) => {
    const batchId = await insertTicketBatch(trx, { servicePointId: request.point.id, sectorId: request.sectorId, count: request.count, createdBy: request.createdBy });
    await createTickets(trx, { servicePointId: request.point.id, sectorId: request.sectorId, dossierCode: null, count: request.count, batchId, expiresAt });
    const sectorCode = request.point.sectors.find((s) => s.id === request.sectorId)?.code ?? null;
    await recordAudit(
      trx,
      actor,
      {
        action: "mint",
        entityType: "ticket_batch",
        entityId: batchId,
        label: `${request.point.code} × ${request.count}`,
        after: { servicePoint: request.point.code, sector: sectorCode, count: request.count, expiresAt },
      },
      now,
    );
    return succeeded(batchId);
  });
}

export type DossierTicketLink = { ticket: string; url: string; svg: string };

/** One ticket for one dossier: its token, its survey address and that address's QR label as SVG. */
export async function mintDossierTicket(
  db: DB,
  request: { point: SurveyPoint; sectorId: number; dossierCode: string | null },
): Promise<DossierTicketLink> {
  const { token } = await issueDossierTicket(db, { servicePointId: request.point.id, sectorId: request.sectorId, dossierCode: request.dossierCode });
  return dossierTicketLink(request.point.code, token);
}

/**
 * One ticket for one dossier, written with `db` (a caller's transaction, so
 * that the ticket exists only if what it belongs to is stored): its id and token.
 */
export async function issueDossierTicket(
  db: DB,
  request: { servicePointId: number; sectorId: number; dossierCode: string | null },
): Promise<{ id: number; token: string }> {
  const [token] = await createTickets(db, { ...request, count: 1 });
  const ticket = await getTicket(db, token!, new Date());
  return { id: ticket!.id, token: token! };
}

/** What a receipt prints for a ticket of the point: `{ticket, url, svg}`. */
export async function dossierTicketLink(pointCode: string, token: string): Promise<DossierTicketLink> {
  const url = ticketSurveyUrl(pointCode, token);
  return { ticket: token, url, svg: await qrSvg(url, "label") };
}

/** What the batch form offers: every service point and every sector. */
export async function ticketSheetChoices(db: DB, now = new Date()): Promise<{ points: ServicePointRecord[]; sectors: SectorWithTarget[] }> {
  const [points, sectors] = await Promise.all([listServicePoints(db), listSectorsWithTargets(db, now.getUTCFullYear())]);
  return { points, sectors };
}
