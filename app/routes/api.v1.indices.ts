import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseIndexQuery } from "~/domain/index-query";
import { VIETNAM_TIMEZONE } from "~/domain/vietnam-time";
import { indexRowJson } from "~/modules/indices/index-json";
import { computeIndexRows } from "~/modules/indices/indices.service.server";
import { requireApiPermission } from "~/http/permissions.server";

/** Satisfaction indices as JSON (CONTRACTS.md), scoped to the caller's sectors. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireApiPermission({ request, context }, "indices:read");
  const parsed = parseIndexQuery(new URL(request.url).searchParams, new Date());
  if ("problem" in parsed) {
    const { parameter, message } = parsed.problem;
    return Response.json({ error: `${parameter} ${message}`, parameter }, { status: 400 });
  }
  const result = await computeIndexRows(parsed.query, { sectorIds: caller.sectorIds });
  switch (result.kind) {
    case "bad_parameter":
      return Response.json({ error: result.message, parameter: result.parameter }, { status: 400 });
    case "forbidden":
      return Response.json({ error: `${result.parameter} is outside your sectors`, parameter: result.parameter }, { status: 403 });
    case "ok": {
      const { query, rows } = result;
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
  }
}
