import type { ActionFunctionArgs } from "@remix-run/node";
import { resolveSector } from "~/domain/sector-resolution";
import { TicketRequestSchema } from "~/domain/ticket-request";
import { findTicketPoint, mintDossierTicket } from "~/modules/tickets/tickets.service.server";
import { comesFromAnotherSite } from "~/http/same-site.server";
import { apiProblem, readJsonObject } from "~/http/request-body.server";
import { requireApiPermission } from "~/http/permissions.server";

const MAX_JSON_BYTES = 4 * 1024;


/**
 * A single-use survey link for one dossier, for the one-stop software to
 * print on the receipt: `{servicePoint, sector?, dossierCode?}` → 201
 * `{ticket, url, svg}`. Administrators and integration tokens only.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiProblem(405, "use POST", undefined, { Allow: "POST" });
  const caller = await requireApiPermission({ request, context }, "tickets:mint");
  // A browser session may only call this from our own pages.
  if (caller.kind === "user" && comesFromAnotherSite(request)) {
    return apiProblem(403, "cross-site requests are refused");
  }

  const read = await readJsonObject(request, MAX_JSON_BYTES);
  if (!read.ok) return read.response;
  const payload = read.value;
  const parsed = TicketRequestSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join(".") || "body";
    const missing = issue.code === "invalid_type" && payload[field] === undefined;
    return apiProblem(400, `${field} ${missing ? "is required" : issue.message}`, field);
  }
  const body = parsed.data;

  const db = context.db;
  const point = await findTicketPoint(db, body.servicePoint);
  if (!point) return apiProblem(404, "servicePoint is unknown or inactive", "servicePoint");
  const resolved = resolveSector(point.sectors, { chosenCode: body.sector ?? null });
  if (!resolved.ok) {
    return resolved.error === "sector_required"
      ? apiProblem(400, "sector is required: the service point serves several sectors", "sector")
      : apiProblem(400, "sector is not a sector this service point serves", "sector");
  }
  const sectorId = resolved.sector.id;

  const minted = await mintDossierTicket(db, { point, sectorId, dossierCode: body.dossierCode ?? null });
  return Response.json(minted, { status: 201, headers: { "Cache-Control": "no-store" } });
}

export function loader() {
  return apiProblem(405, "use POST", undefined, { Allow: "POST" });
}
