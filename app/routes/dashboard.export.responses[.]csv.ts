import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseIndexQuery } from "~/domain/index-query";
import { requireStaff } from "~/modules/accounts/auth.server";
import { csvDownloadHeaders, EXPORT_ROLES, exportProblemResponse, exportResponsesCsv } from "~/modules/exports/exports.service.server";
import { resolveScope } from "~/modules/indices/indices.service.server";

/**
 * Raw responses as CSV, one row per response, streamed in batches; the same
 * filters as `GET /api/v1/indices` (groupBy and lang are accepted and change nothing).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const caller = await requireStaff(request, EXPORT_ROLES);
  const parsed = parseIndexQuery(new URL(request.url).searchParams, new Date());
  if ("problem" in parsed) return exportProblemResponse(parsed.problem);
  const resolved = await resolveScope(parsed.query, { sectorIds: caller.sectorIds });
  if (resolved.kind !== "ok") return exportProblemResponse(resolved);
  const { from, to } = parsed.query;
  return new Response(await exportResponsesCsv(resolved.scope, { signal: request.signal }), {
    headers: csvDownloadHeaders("responses", from, to),
  });
}
