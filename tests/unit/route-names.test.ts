import type { ServerBuild } from "@remix-run/node";
import { describe, expect, test } from "vitest";
import { routePattern, routeRecorder, withRouteNames } from "~/http/route-names.server";

type Routes = ServerBuild["routes"];

const ok = () => new Response("ok");
const routes = {
  root: { id: "root", path: "", module: { loader: ok } },
  "routes/admin": { id: "routes/admin", parentId: "root", path: "admin", module: { loader: ok } },
  "routes/admin.sectors.$code": { id: "routes/admin.sectors.$code", parentId: "routes/admin", path: "sectors/:code", module: { loader: ok, action: ok } },
  "routes/admin._index": { id: "routes/admin._index", parentId: "routes/admin", index: true, module: { loader: ok } },
  "routes/s.$code": { id: "routes/s.$code", parentId: "root", path: "s/:code", module: { action: ok, default: () => null } },
} as unknown as Routes;

describe("route names for the request log", () => {
  test("a route's pattern joins its parents' paths; an index route is its parent's pattern one level deeper", () => {
    expect(routePattern(routes, routes.root!)).toEqual({ pattern: "/", depth: 1 });
    expect(routePattern(routes, routes["routes/admin.sectors.$code"]!)).toEqual({ pattern: "/admin/sectors/:code", depth: 3 });
    expect(routePattern(routes, routes["routes/admin._index"]!)).toEqual({ pattern: "/admin", depth: 3 });
  });

  test("every loader and action notes its route, and the deepest one noted names the request", async () => {
    const build = withRouteNames({ routes } as ServerBuild);
    const once = { routes } as ServerBuild;
    expect(withRouteNames(once)).toBe(withRouteNames(once)); // each build is wrapped once

    const recorder = routeRecorder();
    const context = { noteRoute: recorder.note };
    const call = (id: string, fn: "loader" | "action") =>
      (build.routes[id]!.module[fn] as (args: unknown) => unknown)({ request: new Request("http://x/"), params: {}, context });
    // Loaders of a page run side by side, a layout's possibly after its child's.
    call("routes/admin.sectors.$code", "loader");
    call("routes/admin", "loader");
    call("root", "loader");
    expect(recorder.route()).toBe("/admin/sectors/:code");
    expect(routeRecorder().route()).toBeUndefined();

    const posted = routeRecorder();
    (build.routes["routes/s.$code"]!.module.action as (args: unknown) => unknown)({ request: new Request("http://x/"), params: {}, context: { noteRoute: posted.note } });
    expect(posted.route()).toBe("/s/:code");
    // A route module without a loader gets none.
    expect(build.routes["routes/s.$code"]!.module.loader).toBeUndefined();
  });

  test("without a recorder in the context (a unit test calling a loader), a wrapped loader still answers", async () => {
    const build = withRouteNames({ routes } as ServerBuild);
    const answer = await (build.routes.root!.module.loader as (args: unknown) => Promise<Response>)({ request: new Request("http://x/"), params: {}, context: {} });
    expect(await answer.text()).toBe("ok");
  });
});
