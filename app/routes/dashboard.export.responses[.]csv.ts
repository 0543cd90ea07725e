import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseIndexQuery } from "~/domain/index-query";
import { csvDownloadHeaders, csvProblemWords, exportResponsesCsv } from "~/modules/exports/exports.service.server";
import { resolveScope } from "~/modules/indices/indices.service.server";
import { requirePermission } from "~/http/permissions.server";
import { problemCsv } from "~/http/problem.server";

/**
 * Raw responses as CSV, one row per response, streamed in batches; the same
 * filters as `GET /api/v1/indices` (groupBy and lang are accepted and change nothing).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requirePermission({ request, context }, "exports:download");
  const parsed = parseIndexQuery(new URL(request.url).searchParams, new Date());
  if (!parsed.ok) return problemCsv(parsed.problem, csvProblemWords(parsed.problem));
  const resolved = await resolveScope(context.db, parsed.value, { sectorIds: caller.sectorIds });
  if (!resolved.ok) return problemCsv(resolved.problem, csvProblemWords(resolved.problem));
  const { from, to } = parsed.value;
  return new Response(await exportResponsesCsv(context.db, resolved.value, { signal: request.signal }), {
    headers: csvDownloadHeaders("responses", from, to),
  });
}
