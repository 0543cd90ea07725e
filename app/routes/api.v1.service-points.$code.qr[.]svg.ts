import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiCaller } from "~/modules/accounts/auth.server";
import { pointQrFile } from "~/modules/posters/qr.server";

/** The QR of a point's survey (`PUBLIC_BASE_URL/s/CODE`) as SVG, for any staff member or token. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireApiCaller(request, ["administrator", "manager", "viewer", "integration", "kiosk"]);
  const file = await pointQrFile(params.code ?? "", "svg", { attachment: false });
  return file ?? Response.json({ error: "unknown service point", field: "code" }, { status: 404 });
}
