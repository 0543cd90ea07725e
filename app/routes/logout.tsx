import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { logout } from "~/modules/accounts/sessions.service.server";

export async function action({ request, context }: ActionFunctionArgs) {
  return redirect("/login", { headers: { "Set-Cookie": await logout(context.db, request) } });
}

/** Signing out is a POST (a link must not sign anyone out); a GET just goes to the login page. */
export function loader() {
  return redirect("/login");
}
