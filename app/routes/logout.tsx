import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { comesFromAnotherSite } from "~/http/same-site.server";
import { logout } from "~/modules/accounts/sessions.service.server";

const REFUSED = "Yêu cầu đăng xuất bị từ chối: nó được gửi từ một trang khác. / Sign-out refused: it was sent from another site.\n";

export async function action({ request, context }: ActionFunctionArgs) {
  // Another site must not sign anyone out: its post is refused and the session stays.
  if (comesFromAnotherSite(request)) return new Response(REFUSED, { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return redirect("/login", { headers: { "Set-Cookie": await logout(context.db, request) } });
}

/** Signing out is a POST (a link must not sign anyone out); a GET just goes to the login page. */
export function loader() {
  return redirect("/login");
}
