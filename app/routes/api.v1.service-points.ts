import type { LoaderFunctionArgs } from "@remix-run/node";
import { vietnamDate } from "~/domain/vietnam-time";
import { env } from "~/env.server";
import { requireApiPermission } from "~/http/permissions.server";
import { listServicePointsInScope } from "~/modules/indices/indices.service.server";

/** Every service point the caller's sectors reach: `[{code, name, agency, sectors[], surveyUrl, active}]`. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireApiPermission({ request, context }, "indices:read");
  const year = Number(vietnamDate(new Date()).slice(0, 4));
  const points = await listServicePointsInScope(context.db, { sectorIds: caller.sectorIds }, year);
  return Response.json(
    points.map((p) => ({
      code: p.code,
      name: p.name,
      agency: p.agency,
      sectors: p.sectors,
      surveyUrl: `${env().publicBaseUrl}/s/${encodeURIComponent(p.code)}`,
      active: p.active,
    })),
  );
}
