import type { LoaderFunctionArgs } from "@remix-run/node";
import { problem, problemCsv } from "~/http/problem.server";
import { requirePermission } from "~/http/permissions.server";
import { i18nServer } from "~/i18n/i18n.server";
import { pointQrFile } from "~/modules/posters/posters.service.server";

/** The QR of a point's survey as an SVG file, to hand to a print shop. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const file = await pointQrFile(context.db, params.code ?? "", "svg", { attachment: true });
  if (file) return file;
  const t = await i18nServer.getFixedT("vi", "admin-qr");
  return problemCsv(problem("notFound", "unknown service point", { field: "code" }), t("poster.unknownPoint"));
}
