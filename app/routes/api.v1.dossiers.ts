import type { ActionFunctionArgs } from "@remix-run/node";
import { MAX_DOSSIER_BODY_BYTES, parseDossierPost } from "~/domain/dossiers";
import { recordDossier } from "~/modules/dossiers/dossiers.service.server";
import { actorOf } from "~/http/forms.server";
import { requireApiPermission } from "~/http/permissions.server";
import { problem, problemJson } from "~/http/problem.server";
import { readJsonObject } from "~/http/request-body.server";
import { comesFromAnotherSite } from "~/http/same-site.server";

/**
 * A dossier from the one-stop software (CONTRACTS.md "Dossiers"): upserted by
 * its code, 201 when new, 200 when it was known. Administrators and
 * integration tokens only.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return problemJson(problem("methodNotAllowed", "use POST", { headers: { Allow: "POST" } }));
  const caller = await requireApiPermission({ request, context }, "dossiers:write");
  // A browser session may only call this from our own pages.
  if (caller.kind === "user" && comesFromAnotherSite(request)) {
    return problemJson(problem("forbidden", "cross-site requests are refused"));
  }

  const read = await readJsonObject(request, MAX_DOSSIER_BODY_BYTES);
  if (!read.ok) return read.response;
  const now = new Date();
  const parsed = parseDossierPost(read.value, now);
  if (!parsed.ok) return problemJson(problem("badRequest", parsed.message, { field: parsed.field }));

  const recorded = await recordDossier(context.db, actorOf(caller), { sectorIds: caller.sectorIds }, parsed.value, { now });
  if (!recorded.ok) return problemJson(recorded.problem);
  return Response.json(recorded.value.dossier, { status: recorded.value.created ? 201 : 200, headers: { "Cache-Control": "no-store" } });
}

export function loader() {
  return problemJson(problem("methodNotAllowed", "use POST", { headers: { Allow: "POST" } }));
}
