import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "~/http/admin-form.server";
import { pointQrFile } from "~/modules/posters/qr.server";

/** The QR of a point's survey as a large PNG, sharp when printed at poster size. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const file = await pointQrFile(params.code ?? "", "png", { attachment: true });
  return file ?? new Response("Không tìm thấy điểm phục vụ / unknown service point\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
