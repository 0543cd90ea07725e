import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDossier } from "~/modules/dossiers/dossiers.service.server";
import { requireApiPermission } from "~/http/permissions.server";
import { problemJson } from "~/http/problem.server";

/** One dossier as `POST /api/v1/dossiers` answers it, within the caller's sectors. Codes with `/` or `#` come percent-encoded. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireApiPermission({ request, context }, "dossiers:read");
  const found = await getDossier(context.db, { sectorIds: caller.sectorIds }, params.code ?? "");
  if (!found.ok) return problemJson(found.problem);
  return Response.json(found.value, { headers: { "Cache-Control": "private, no-store" } });
}
