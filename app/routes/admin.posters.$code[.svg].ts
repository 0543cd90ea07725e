import type { LoaderFunctionArgs } from "@remix-run/node";
import { getServicePointForPoster } from "~/models/organisation.server";
import { downloadFileName } from "~/domain/qr-print";
import { requireAdmin } from "~/services/admin.server";
import { getDb } from "~/services/db.server";
import { pointSurveyUrl, qrSvg } from "~/services/qr.server";

/** The QR of a point's survey as an SVG file, to hand to a print shop. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const point = await getServicePointForPoster(getDb(), params.code ?? "");
  if (!point) return new Response("Không tìm thấy điểm phục vụ / unknown service point\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const svg = await qrSvg(pointSurveyUrl(point.code), "poster");
  return new Response(svg, {
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Content-Disposition": `attachment; filename="${downloadFileName("poster", point.code, "svg")}"`,
      "Cache-Control": "private, no-cache",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
