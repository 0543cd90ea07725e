import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseIndexQuery } from "~/domain/index-query";
import { csvDownloadHeaders, csvProblemWords, indicesCsv } from "~/modules/exports/exports.service.server";
import { indexRowJson } from "~/modules/indices/index-json";
import { computeIndexRows } from "~/modules/indices/indices.service.server";
import { requirePermission } from "~/http/permissions.server";
import { problemCsv } from "~/http/problem.server";

/**
 * The indices table as CSV: the query and the figures of `GET /api/v1/indices`
 * (made from the same JSON rows), headers in the chosen language.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requirePermission({ request, context }, "exports:download");
  const parsed = parseIndexQuery(new URL(request.url).searchParams, new Date());
  if (!parsed.ok) return problemCsv(parsed.problem, csvProblemWords(parsed.problem));
  const result = await computeIndexRows(context.db, parsed.value, { sectorIds: caller.sectorIds });
  if (!result.ok) return problemCsv(result.problem, csvProblemWords(result.problem));
  const { query, rows } = result.value;
  return new Response(indicesCsv(rows.map(indexRowJson), query.locale), {
    headers: csvDownloadHeaders(`indices-${query.groupBy}`, query.from, query.to),
  });
}
