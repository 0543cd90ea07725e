import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseIndexQuery } from "~/domain/index-query";
import { csvDownloadHeaders, EXPORT_ROLES, exportProblemResponse, indicesCsv } from "~/modules/exports/exports.service.server";
import { indexRowJson } from "~/modules/indices/index-json";
import { computeIndexRows } from "~/modules/indices/indices.service.server";
import { requirePermission } from "~/http/permissions.server";

/**
 * The indices table as CSV: the query and the figures of `GET /api/v1/indices`
 * (made from the same JSON rows), headers in the chosen language.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requirePermission({ request, context }, "exports:download");
  const parsed = parseIndexQuery(new URL(request.url).searchParams, new Date());
  if ("problem" in parsed) return exportProblemResponse(parsed.problem);
  const result = await computeIndexRows(parsed.query, { sectorIds: caller.sectorIds });
  if (result.kind !== "ok") return exportProblemResponse(result);
  const { query, rows } = result;
  return new Response(indicesCsv(rows.map(indexRowJson), query.locale), {
    headers: csvDownloadHeaders(`indices-${query.groupBy}`, query.from, query.to),
  });
}
