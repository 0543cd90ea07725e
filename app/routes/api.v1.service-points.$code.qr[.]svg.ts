import type { LoaderFunctionArgs } from "@remix-run/node";
import { pointQrFile } from "~/modules/posters/posters.service.server";
import { requireApiPermission } from "~/http/permissions.server";

/** The QR of a point's survey (`PUBLIC_BASE_URL/s/CODE`) as SVG, for any staff member or token. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireApiPermission({ request, context }, "qr:read");
  const file = await pointQrFile(context.db, params.code ?? "", "svg", { attachment: false });
  return file ?? Response.json({ error: "unknown service point", field: "code" }, { status: 404 });
}
