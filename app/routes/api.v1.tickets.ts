import type { ActionFunctionArgs } from "@remix-run/node";
import { TicketRequestSchema } from "~/domain/ticket-request";
import { getActiveServicePoint } from "~/models/organisation.server";
import { createTickets } from "~/models/tickets.server";
import { requireApiCaller } from "~/services/auth.server";
import { getDb } from "~/services/db.server";
import { qrSvg, ticketSurveyUrl } from "~/services/qr.server";
import { BodyError, findRepeatedJsonKey, readTextBody } from "~/services/request-body.server";

const MAX_JSON_BYTES = 4 * 1024;

function problem(status: number, error: string, field?: string, headers?: HeadersInit) {
  return Response.json(field ? { error, field } : { error }, { status, headers });
}

/**
 * A single-use survey link for one dossier, for the one-stop software to
 * print on the receipt: `{servicePoint, sector?, dossierCode?}` → 201
 * `{ticket, url, svg}`. Administrators and integration tokens only.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return problem(405, "use POST", undefined, { Allow: "POST" });
  const caller = await requireApiCaller(request, ["administrator", "integration"]);
  // A browser session may only call this from our own pages.
  if (caller.kind === "user" && request.headers.get("Sec-Fetch-Site") === "cross-site") {
    return problem(403, "cross-site requests are refused");
  }

  let text: string;
  let payload: unknown;
  try {
    text = await readTextBody(request, { maxBytes: MAX_JSON_BYTES, contentType: "application/json" });
    payload = JSON.parse(text);
  } catch (error) {
    if (error instanceof BodyError) return problem(error.status, error.message);
    if (error instanceof SyntaxError) return problem(400, "body is not valid JSON");
    throw error;
  }
  const repeated = findRepeatedJsonKey(text);
  if (repeated !== null) return problem(400, `${repeated} was given more than once`, repeated);
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    return problem(400, "body must be a JSON object", "body");
  }
  const parsed = TicketRequestSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join(".") || "body";
    const missing = issue.code === "invalid_type" && (payload as Record<string, unknown>)[field] === undefined;
    return problem(400, `${field} ${missing ? "is required" : issue.message}`, field);
  }
  const body = parsed.data;

  const db = getDb();
  const point = await getActiveServicePoint(db, body.servicePoint);
  if (!point) return problem(404, "servicePoint is unknown or inactive", "servicePoint");
  let sectorId: number;
  if (body.sector !== undefined) {
    const sector = point.sectors.find((s) => s.code === body.sector);
    if (!sector) return problem(400, "sector is not a sector this service point serves", "sector");
    sectorId = sector.id;
  } else if (point.sectors.length > 1) {
    return problem(400, "sector is required: the service point serves several sectors", "sector");
  } else {
    sectorId = point.sectors[0]!.id;
  }

  const [ticket] = await createTickets(db, { servicePointId: point.id, sectorId, dossierCode: body.dossierCode ?? null, count: 1 });
  const url = ticketSurveyUrl(point.code, ticket!);
  return Response.json({ ticket, url, svg: await qrSvg(url, "label") }, { status: 201, headers: { "Cache-Control": "no-store" } });
}

export function loader() {
  return problem(405, "use POST", undefined, { Allow: "POST" });
}
