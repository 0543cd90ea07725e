import type { LoaderFunctionArgs } from "@remix-run/node";
import { getServicePointForPoster } from "~/models/organisation.server";
import { downloadFileName } from "~/domain/qr-print";
import { requireAdmin } from "~/services/admin.server";
import { getDb } from "~/services/db.server";
import { pointSurveyUrl, qrPng } from "~/services/qr.server";

/** The QR of a point's survey as a large PNG, sharp when printed at poster size. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const point = await getServicePointForPoster(getDb(), params.code ?? "");
  if (!point) return new Response("Không tìm thấy điểm phục vụ / unknown service point\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const png = await qrPng(pointSurveyUrl(point.code), "poster");
  return new Response(new Uint8Array(png), {
    headers: {
      "Content-Type": "image/png",
      "Content-Disposition": `attachment; filename="${downloadFileName("poster", point.code, "png")}"`,
      "Cache-Control": "private, no-cache",
    },
  });
}
