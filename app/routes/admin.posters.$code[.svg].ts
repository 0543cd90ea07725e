import type { LoaderFunctionArgs } from "@remix-run/node";
import { pointQrFile } from "~/modules/posters/qr.server";
import { requirePermission } from "~/http/permissions.server";

/** The QR of a point's survey as an SVG file, to hand to a print shop. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const file = await pointQrFile(params.code ?? "", "svg", { attachment: true });
  return file ?? new Response("Không tìm thấy điểm phục vụ / unknown service point\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
