import type { ActionFunctionArgs } from "@remix-run/node";
import { HeartbeatRequest } from "~/domain/kiosks";
import { callerOf } from "~/http/permissions.server";
import { problem, problemJson } from "~/http/problem.server";
import { invalidJsonBody, readJsonObject } from "~/http/request-body.server";
import { kioskCallerOf, recordKioskHeartbeat } from "~/modules/kiosks/kiosks.service.server";

const MAX_JSON_BYTES = 1024;
const usePost = () => problemJson(problem("methodNotAllowed", "use POST", { headers: { Allow: "POST" } }));

/**
 * A paired tablet's heartbeat (Bearer kiosk token): `{queued, appVersion}` →
 * 200 `{kiosk, revoked: false}`, recording its last contact, the answers it
 * still holds and its app version. A revoked kiosk's token: 401 `{error: "revoked"}`.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return usePost();
  const caller = await callerOf({ request, context });
  const kiosk = await kioskCallerOf(context.db, request, caller);
  if (kiosk.kind === "revoked") return problemJson(problem("unauthenticated", "revoked"));
  if (kiosk.kind === "none") return problemJson(problem("unauthenticated", "send Authorization: Bearer <kiosk token>"));
  if (kiosk.kind === "other") return problemJson(problem("forbidden", "only a paired kiosk's token sends heartbeats"));

  const read = await readJsonObject(request, MAX_JSON_BYTES);
  if (!read.ok) return read.response;
  const parsed = HeartbeatRequest.safeParse(read.value);
  if (!parsed.success) return invalidJsonBody(parsed.error, read.value);
  const view = await recordKioskHeartbeat(context.db, kiosk.kiosk, parsed.data);
  return Response.json({ kiosk: view, revoked: false }, { headers: { "Cache-Control": "no-store" } });
}

export function loader() {
  return usePost();
}
