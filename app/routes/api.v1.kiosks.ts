import type { ActionFunctionArgs } from "@remix-run/node";
import { NewKioskRequest, RESET_SECONDS_DEFAULT } from "~/domain/kiosks";
import { actorOf } from "~/http/forms.server";
import { requireApiPermission } from "~/http/permissions.server";
import { problem, problemJson } from "~/http/problem.server";
import { invalidJsonBody, readJsonObject } from "~/http/request-body.server";
import { comesFromAnotherSite } from "~/http/same-site.server";
import { registerKiosk } from "~/modules/kiosks/kiosks.service.server";

const MAX_JSON_BYTES = 4 * 1024;
const usePost = () => problemJson(problem("methodNotAllowed", "use POST", { headers: { Allow: "POST" } }));

/**
 * Registers a kiosk, as /admin/kiosks does: `{servicePoint, name,
 * resetSeconds?}` → 201 `{id, pairingCode, pairingExpiresAt, pairingUrl}`.
 * Administrators (session or token) only; the code works once.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return usePost();
  const caller = await requireApiPermission({ request, context }, "admin:manage");
  // A browser session may only call this from our own pages.
  if (caller.kind === "user" && comesFromAnotherSite(request)) return problemJson(problem("forbidden", "cross-site requests are refused"));

  const read = await readJsonObject(request, MAX_JSON_BYTES);
  if (!read.ok) return read.response;
  const parsed = NewKioskRequest.safeParse(read.value);
  if (!parsed.success) return invalidJsonBody(parsed.error, read.value);
  const outcome = await registerKiosk(context.db, actorOf(caller), { ...parsed.data, resetSeconds: parsed.data.resetSeconds ?? RESET_SECONDS_DEFAULT });
  if (!outcome.ok) return problemJson(problem("badRequest", "servicePoint is unknown or inactive", { field: "servicePoint" }));
  const { id, pairingCode, expiresAt, url } = outcome.value;
  return Response.json({ id, pairingCode, pairingExpiresAt: expiresAt, pairingUrl: url }, { status: 201, headers: { "Cache-Control": "no-store" } });
}

export function loader() {
  return usePost();
}
