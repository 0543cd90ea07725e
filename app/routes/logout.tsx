import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { problem, problemCsv } from "~/http/problem.server";
import { comesFromAnotherSite } from "~/http/same-site.server";
import { i18nServer } from "~/i18n/i18n.server";
import { logout } from "~/modules/accounts/sessions.service.server";

export async function action({ request, context }: ActionFunctionArgs) {
  // Another site must not sign anyone out: its post is refused and the session stays.
  if (comesFromAnotherSite(request)) {
    const t = await i18nServer.getFixedT("vi", "common");
    return problemCsv(problem("csrf", "sign-out refused: it was sent from another site"), t("error.signOutRefused"));
  }
  return redirect("/login", { headers: { "Set-Cookie": await logout(context.db, request) } });
}

/** Signing out is a POST (a link must not sign anyone out); a GET just goes to the login page. */
export function loader() {
  return redirect("/login");
}
