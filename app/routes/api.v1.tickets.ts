import type { ActionFunctionArgs } from "@remix-run/node";
import { resolveSector } from "~/domain/sector-resolution";
import { TicketRequestSchema } from "~/domain/ticket-request";
import { findTicketPoint, mintDossierTicket } from "~/modules/tickets/tickets.service.server";
import { comesFromAnotherSite } from "~/http/same-site.server";
import { problem, problemJson } from "~/http/problem.server";
import { readJsonObject } from "~/http/request-body.server";
import { requireApiPermission } from "~/http/permissions.server";

const MAX_JSON_BYTES = 4 * 1024;

/**
 * A single-use survey link for one dossier, for the one-stop software to
 * print on the receipt: `{servicePoint, sector?, dossierCode?}` → 201
 * `{ticket, url, svg}`. Administrators and integration tokens only.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return problemJson(problem("methodNotAllowed", "use POST", { headers: { Allow: "POST" } }));
  const caller = await requireApiPermission({ request, context }, "tickets:mint");
  // A browser session may only call this from our own pages.
  if (caller.kind === "user" && comesFromAnotherSite(request)) {
    return problemJson(problem("forbidden", "cross-site requests are refused"));
  }

  const read = await readJsonObject(request, MAX_JSON_BYTES);
  if (!read.ok) return read.response;
  const payload = read.value;
  const parsed = TicketRequestSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join(".") || "body";
    const missing = issue.code === "invalid_type" && payload[field] === undefined;
    return problemJson(problem("badRequest", `${field} ${missing ? "is required" : issue.message}`, { field }));
  }
  const body = parsed.data;

  const db = context.db;
  const point = await findTicketPoint(db, body.servicePoint);
  if (!point) return problemJson(problem("notFound", "servicePoint is unknown or inactive", { field: "servicePoint" }));
  const resolved = resolveSector(point.sectors, { chosenCode: body.sector ?? null });
  if (!resolved.ok) {
    return resolved.error === "sector_required"
      ? problemJson(problem("badRequest", "sector is required: the service point serves several sectors", { field: "sector" }))
      : problemJson(problem("badRequest", "sector is not a sector this service point serves", { field: "sector" }));
  }
  const sectorId = resolved.sector.id;

  const minted = await mintDossierTicket(db, { point, sectorId, dossierCode: body.dossierCode ?? null });
  return Response.json(minted, { status: 201, headers: { "Cache-Control": "no-store" } });
}

export function loader() {
  return problemJson(problem("methodNotAllowed", "use POST", { headers: { Allow: "POST" } }));
}
