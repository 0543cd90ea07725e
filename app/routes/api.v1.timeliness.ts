import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseTimelinessQuery } from "~/domain/timeliness";
import { VIETNAM_TIMEZONE } from "~/domain/vietnam-time";
import { requireApiPermission } from "~/http/permissions.server";
import { problemJson, type Problem } from "~/http/problem.server";
import { computeTimelinessRows } from "~/modules/timeliness/timeliness.service.server";

/** The parameter a problem concerns is also its `field`, the name CONTRACTS.md's `{error, field}` gives it. */
const withField = (p: Problem): Problem => (p.parameter !== undefined && p.field === undefined ? { ...p, field: p.parameter } : p);

/** Dossier timeliness figures as JSON (CONTRACTS.md), scoped to the caller's sectors like the indices. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireApiPermission({ request, context }, "indices:read");
  const parsed = parseTimelinessQuery(new URL(request.url).searchParams, new Date());
  if (!parsed.ok) return problemJson(withField(parsed.problem));
  const result = await computeTimelinessRows(context.db, parsed.value, { sectorIds: caller.sectorIds });
  if (!result.ok) return problemJson(withField(result.problem));
  const { query, rows } = result.value;
  return Response.json(
    { from: query.from, to: query.to, groupBy: query.groupBy, timezone: VIETNAM_TIMEZONE, rows },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}
