import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseIndexQuery } from "~/domain/index-query";
import { csvDownloadHeaders, EXPORT_ROLES, exportProblemResponse, exportResponsesCsv } from "~/modules/exports/exports.service.server";
import { resolveScope } from "~/modules/indices/indices.service.server";
import { requirePermission } from "~/http/permissions.server";

/**
 * Raw responses as CSV, one row per response, streamed in batches; the same
 * filters as `GET /api/v1/indices` (groupBy and lang are accepted and change nothing).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requirePermission({ request, context }, "exports:download");
  const parsed = parseIndexQuery(new URL(request.url).searchParams, new Date());
  if ("problem" in parsed) return exportProblemResponse(parsed.problem);
  const resolved = await resolveScope(parsed.query, { sectorIds: caller.sectorIds });
  if (resolved.kind !== "ok") return exportProblemResponse(resolved);
  const { from, to } = parsed.query;
  return new Response(await exportResponsesCsv(resolved.scope, { signal: request.signal }), {
    headers: csvDownloadHeaders("responses", from, to),
  });
}
