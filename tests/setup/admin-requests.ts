import type { AppLoadContext } from "@remix-run/node";
import { action as loginAction } from "~/routes/login";
import { csrfTokenFor } from "~/modules/accounts/sessions.service.server";
import { testDatabase } from "./test-database";

/**
 * Calling admin routes as a browser would, in integration tests: a signed-in
 * session cookie, the page's anti-forgery token, a same-origin form post.
 */
export type StaffSession = { cookie: string; csrf: string };

let address = 0;

/** What a route gets from the server: the client's address, the test file's database and a CSP nonce. */
export function routeContext(clientIp = "203.0.113.250"): AppLoadContext {
  return { clientIp, db: testDatabase(), cspNonce: "integration-test-nonce" };
}

export type SignIn = { status: number; location: string | null; setCookie: string | null };

/** Posts the login form as a browser would, from `ip`. */
export async function postLogin(email: string, password: string, ip: string): Promise<SignIn> {
  const request = postForm("/login", { email, password });
  let result: unknown;
  try {
    result = await loginAction({ request, params: {}, context: routeContext(ip) });
  } catch (thrown) {
    result = thrown;
  }
  if (result instanceof Response) return { status: result.status, location: result.headers.get("Location"), setCookie: result.headers.get("Set-Cookie") };
  const d = result as { init?: { status?: number } | null };
  return { status: d.init?.status ?? 200, location: null, setCookie: null };
}

/** Signs in a demo account (password `hailong-demo`) from its own address, so login limits never interfere. */
export async function signInAs(email: string, password = "hailong-demo"): Promise<StaffSession> {
  const outcome = await postLogin(email, password, `203.0.113.${(++address % 250) + 1}`);
  if (outcome.status !== 302 || !outcome.setCookie) throw new Error(`signing in ${email}: ${outcome.status}`);
  const cookie = outcome.setCookie.split(";")[0]!;
  const csrf = (await csrfTokenFor(new Request("http://localhost/", { headers: { Cookie: cookie } })))!;
  return { cookie, csrf };
}

const ORIGIN = "http://localhost";

export function getRequest(path: string, session?: StaffSession): Request {
  return new Request(`${ORIGIN}${path}`, { headers: session ? { Cookie: session.cookie } : {} });
}

/**
 * A form post to `path`. Fields given as arrays repeat (checkbox groups). The
 * session's token is added unless `csrf` says otherwise (false: none; a string: that one).
 */
export function postForm(
  path: string,
  fields: Record<string, string | number | string[]>,
  session?: StaffSession,
  options: { csrf?: string | false; origin?: string | null } = {},
): Request {
  const body = new URLSearchParams();
  const token = options.csrf === undefined ? session?.csrf : options.csrf;
  if (token) body.set("_csrf", token);
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, String(v));
  }
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if (session) headers.Cookie = session.cookie;
  const origin = options.origin === undefined ? ORIGIN : options.origin;
  if (origin !== null) headers.Origin = origin;
  return new Request(`${ORIGIN}${path}`, { method: "POST", headers, body: body.toString() });
}

export type RouteOutcome = { status: number; location: string | null; data: any };

type RouteFunction = (args: { request: Request; params: Record<string, string>; context: any }) => Promise<unknown>;

/**
 * Runs a route's loader or action and says what the browser would get: the
 * status, the redirect target, and the data (thrown or returned alike).
 */
export async function runRoute(fn: RouteFunction, request: Request, params: Record<string, string> = {}): Promise<RouteOutcome> {
  let result: unknown;
  try {
    result = await fn({ request, params, context: routeContext() });
  } catch (thrown) {
    result = thrown;
  }
  if (result instanceof Response) {
    const type = result.headers.get("Content-Type") ?? "";
    return {
      status: result.status,
      location: result.headers.get("Location"),
      data: type.includes("json") ? await result.json() : await result.text(),
    };
  }
  if (result !== null && typeof result === "object" && "type" in result && (result as { type: unknown }).type === "DataWithResponseInit") {
    const d = result as unknown as { data: unknown; init: ResponseInit | null };
    return { status: d.init?.status ?? 200, location: null, data: d.data };
  }
  if (result instanceof Error) throw result;
  return { status: 200, location: null, data: result };
}
