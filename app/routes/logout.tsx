import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { logout } from "~/modules/accounts/auth.server";

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/login", { headers: { "Set-Cookie": await logout(request) } });
}

/** Signing out is a POST (a link must not sign anyone out); a GET just goes to the login page. */
export function loader() {
  return redirect("/login");
}
