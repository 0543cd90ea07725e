import type { LoaderFunctionArgs } from "@remix-run/node";
import { listAgencies, listSectorsWithTargets, listServicePoints } from "~/modules/organisation/organisation.repository.server";
import { env } from "~/env.server";
import { requireApiPermission } from "~/http/permissions.server";

/** Every service point the caller's sectors reach: `[{code, name, agency, sectors[], surveyUrl, active}]`. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireApiPermission({ request, context }, "indices:read");
  const db = context.db;
  const [points, agencies, sectors] = await Promise.all([
    listServicePoints(db),
    listAgencies(db),
    listSectorsWithTargets(db, new Date().getUTCFullYear()),
  ]);
  const agencyById = new Map(agencies.map((a) => [a.id, a]));
  const sectorById = new Map(sectors.map((s) => [s.id, s]));
  const visible = (id: number) => caller.sectorIds === null || caller.sectorIds.includes(id);
  return Response.json(
    points
      .filter((p) => p.sectorIds.some(visible))
      .map((p) => ({
        code: p.code,
        name: p.name,
        agency: { code: agencyById.get(p.agencyId)?.code ?? null, name: agencyById.get(p.agencyId)?.name ?? null },
        sectors: p.sectorIds.map((id) => sectorById.get(id)?.code).filter(Boolean),
        surveyUrl: `${env().publicBaseUrl}/s/${encodeURIComponent(p.code)}`,
        active: p.active,
      })),
  );
}
