/**
 * Headers from every route reach the browser. Two rules, applied by the
 * Express front (scripts/http-server.ts) to every response it sends:
 *
 * 1. A route without a `headers` export keeps what its loader, action or
 *    thrown response set (Remix would drop everything but Set-Cookie): the
 *    `Cache-Control: no-store` of a page showing a token secret or a
 *    temporary password, the `Retry-After` of a 429. `withRouteHeaders` gives
 *    such routes `keepRouteHeaders` as their `headers`, once per build, so it
 *    holds for documents and for data requests alike.
 * 2. Every staff page and its data (`/dashboard…`, `/admin…`, `/account…`,
 *    `/login`) is `no-store`: a shared office computer's cache or back button
 *    must not show the next person what the last one saw.
 */
import type { HeadersFunction, ServerBuild } from "@remix-run/node";

/** The parent's headers, then the route's loader's, action's and thrown response's (later wins); cookies are Remix's. */
export const keepRouteHeaders: HeadersFunction = ({ parentHeaders, loaderHeaders, actionHeaders, errorHeaders }) => {
  const merged = new Headers();
  for (const source of [parentHeaders, loaderHeaders, actionHeaders, errorHeaders]) {
    source?.forEach((value, key) => {
      if (key !== "set-cookie") merged.set(key, value);
    });
  }
  return merged;
};

const wrapped = new WeakMap<ServerBuild, ServerBuild>();

/** The build with `keepRouteHeaders` on every route module that has no `headers` of its own. */
export function withRouteHeaders(build: ServerBuild): ServerBuild {
  let result = wrapped.get(build);
  if (!result) {
    const routes: ServerBuild["routes"] = {};
    for (const [id, route] of Object.entries(build.routes)) {
      if (!route) continue;
      routes[id] = route.module.headers ? route : { ...route, module: { ...route.module, headers: keepRouteHeaders } };
    }
    result = { ...build, routes };
    wrapped.set(build, result);
  }
  return result;
}

// Case-insensitive and decoded, as the router matches routes.
const STAFF_PATH = /^\/(?:dashboard|admin|account|login)(?:[/.]|$)/i;

/** Whether a path (as sent, percent-encoded or not) is a staff page, or its data or download. */
export function isStaffPath(pathname: string): boolean {
  let decoded = pathname;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    // not decodable: the router answers 404 anyway
  }
  return STAFF_PATH.test(pathname) || STAFF_PATH.test(decoded);
}

/** The Cache-Control a staff response must carry, or null to keep the route's. */
export function staffCacheControl(pathname: string, cacheControl: string | null): string | null {
  if (!isStaffPath(pathname)) return null;
  return cacheControl && /\bno-store\b/i.test(cacheControl) ? null : "no-store";
}
