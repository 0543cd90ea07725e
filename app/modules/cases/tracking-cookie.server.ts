/**
 * How the thank-you page learns the tracking code of the case a citizen just
 * opened: a signed cookie of their own browser, set with the redirect to it.
 * Nothing in the thank-you page's address names the response or the code,
 * so that address, shared or guessed, shows no one else's case.
 */
import { createCookie, type Cookie } from "@remix-run/node";
import { normaliseTrackingCode } from "~/domain/cases";
import { env } from "~/env.server";

const NAME = "hl_case";

let cookie: Cookie | undefined;
function trackingCookie(): Cookie {
  cookie ??= createCookie(NAME, {
    path: "/s",
    httpOnly: true,
    sameSite: "lax",
    // Long enough to reload the page or come back to it, short on a shared phone.
    maxAge: 60 * 60,
    secure: env().nodeEnv === "production",
    secrets: [env().sessionSecret],
  });
  return cookie;
}

/**
 * The Set-Cookie header after a submission: the case's code when it opened
 * one, else the removal of an earlier one (so a later survey's thanks does
 * not show an old code); null when there is nothing to set or remove.
 */
export async function trackingCodeCookie(request: Request, code: string | null): Promise<string | null> {
  if (code !== null) return trackingCookie().serialize(code);
  const sent = request.headers.get("Cookie");
  return sent?.includes(`${NAME}=`) ? trackingCookie().serialize("", { maxAge: 0 }) : null;
}

/** The code the browser's cookie carries, if it is a signed, well-formed one. */
export async function rememberedTrackingCode(request: Request): Promise<string | null> {
  const value: unknown = await trackingCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" ? normaliseTrackingCode(value) : null;
}
