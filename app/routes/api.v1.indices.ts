import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseIndexQuery } from "~/domain/index-query";
import { VIETNAM_TIMEZONE } from "~/domain/vietnam-time";
import { indexRowJson } from "~/modules/indices/index-json";
import { computeIndexRows } from "~/modules/indices/indices.service.server";
import { requireApiPermission } from "~/http/permissions.server";
import { problemJson } from "~/http/problem.server";

/** Satisfaction indices as JSON (CONTRACTS.md), scoped to the caller's sectors; a problem is `{error, parameter}`. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireApiPermission({ request, context }, "indices:read");
  const parsed = parseIndexQuery(new URL(request.url).searchParams, new Date());
  if (!parsed.ok) return problemJson(parsed.problem);
  const result = await computeIndexRows(context.db, parsed.value, { sectorIds: caller.sectorIds });
  if (!result.ok) return problemJson(result.problem);
  const { query, rows } = result.value;
  return Response.json(
    {
      from: query.from,
      to: query.to,
      groupBy: query.groupBy,
      timezone: VIETNAM_TIMEZONE,
      includeFlagged: query.includeFlagged,
      rows: rows.map(indexRowJson),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}
