/**
 * The route a request reached, for the request log: its pattern
 * (`/s/:code`, `/dashboard/agencies/:id`) rather than the path, so a log line
 * names what ran and never an identifier a citizen typed. `withRouteNames`
 * wraps every loader and action once per build to tell the request's load
 * context which route ran; of several loaders (a page and its layouts) the
 * deepest route is the one named.
 */
import type { ActionFunction, LoaderFunction, ServerBuild } from "@remix-run/node";

/** What a loader or action tells the request about itself: its route's pattern and nesting depth. */
export type NoteRoute = (pattern: string, depth: number) => void;

type Routes = ServerBuild["routes"];
type Route = NonNullable<Routes[string]>;

function ancestry(routes: Routes, route: Route): Route[] {
  const chain = [route];
  for (let parent = route.parentId ? routes[route.parentId] : undefined; parent; parent = parent.parentId ? routes[parent.parentId] : undefined) {
    chain.unshift(parent);
  }
  return chain;
}

/** `/` and the route's and its parents' path segments, as the router joins them. */
export function routePattern(routes: Routes, route: Route): { pattern: string; depth: number } {
  const chain = ancestry(routes, route);
  const segments = chain.map((r) => r.path?.replace(/^\/+|\/+$/g, "")).filter((p): p is string => Boolean(p));
  return { pattern: `/${segments.join("/")}`, depth: chain.length };
}

function noting<F extends LoaderFunction | ActionFunction>(fn: F, pattern: string, depth: number): F {
  return ((args: Parameters<F>[0]) => {
    args.context.noteRoute?.(pattern, depth);
    return fn(args as never);
  }) as F;
}

const wrapped = new WeakMap<ServerBuild, ServerBuild>();

/** The build with every loader and action noting its route on the request's load context. */
export function withRouteNames(build: ServerBuild): ServerBuild {
  let result = wrapped.get(build);
  if (!result) {
    const routes: Routes = {};
    for (const [id, route] of Object.entries(build.routes)) {
      if (!route) continue;
      const { pattern, depth } = routePattern(build.routes, route);
      const { loader, action } = route.module;
      routes[id] = {
        ...route,
        module: {
          ...route.module,
          ...(loader ? { loader: noting(loader, pattern, depth) } : {}),
          ...(action ? { action: noting(action, pattern, depth) } : {}),
        },
      };
    }
    result = { ...build, routes };
    wrapped.set(build, result);
  }
  return result;
}

/** A recorder for one request: keeps the deepest route noted, for `route()` to read when the answer is sent. */
export function routeRecorder(): { note: NoteRoute; route: () => string | undefined } {
  let best: { pattern: string; depth: number } | undefined;
  return {
    note(pattern, depth) {
      if (!best || depth > best.depth) best = { pattern, depth };
    },
    route: () => best?.pattern,
  };
}
