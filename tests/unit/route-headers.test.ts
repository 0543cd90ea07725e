import type { ServerBuild } from "@remix-run/node";
import { describe, expect, test } from "vitest";
import { isStaffPath, keepRouteHeaders, staffCacheControl, withRouteHeaders } from "~/http/route-headers.server";

describe("a route without its own headers keeps what its loader, action or thrown response set", () => {
  const args = (headers: { parent?: HeadersInit; loader?: HeadersInit; action?: HeadersInit; error?: HeadersInit }) => ({
    parentHeaders: new Headers(headers.parent),
    loaderHeaders: new Headers(headers.loader),
    actionHeaders: new Headers(headers.action),
    errorHeaders: headers.error ? new Headers(headers.error) : undefined,
  });

  test("the action's Retry-After and Cache-Control reach the response; later sources win; cookies are left to Remix", () => {
    const merged = new Headers(
      keepRouteHeaders(
        args({
          parent: { "Cache-Control": "private, no-cache", "X-From-Parent": "1" },
          loader: { "Set-Cookie": "a=1" },
          action: { "Cache-Control": "no-store", "Retry-After": "120" },
        }),
      ),
    );
    expect(merged.get("Retry-After")).toBe("120");
    expect(merged.get("Cache-Control")).toBe("no-store");
    expect(merged.get("X-From-Parent")).toBe("1");
    expect(merged.get("Set-Cookie")).toBeNull();
  });

  test("a thrown response's headers count too", () => {
    expect(new Headers(keepRouteHeaders(args({ error: { "Retry-After": "60" } }))).get("Retry-After")).toBe("60");
  });

  test("withRouteHeaders gives it only to routes without a headers export, once per build", () => {
    const own = () => ({ "X-Frame-Options": "SAMEORIGIN" });
    const build = {
      routes: {
        root: { id: "root", path: "", module: {} },
        "routes/frame": { id: "routes/frame", parentId: "root", path: "frame", module: { headers: own } },
      },
    } as unknown as ServerBuild;
    const wrapped = withRouteHeaders(build);
    expect(wrapped.routes.root!.module.headers).toBe(keepRouteHeaders);
    expect(wrapped.routes["routes/frame"]!.module.headers).toBe(own);
    expect(withRouteHeaders(build)).toBe(wrapped);
    expect(build.routes.root!.module.headers).toBeUndefined();
  });
});

describe("staff pages are never stored", () => {
  test.each(["/dashboard", "/dashboard/sectors/land", "/dashboard.data", "/admin", "/admin/tokens/new", "/admin/tokens/new.data", "/account/password", "/login", "/login.data", "/ADMIN/tokens/new", "/%61dmin/users"])(
    "%s is a staff path",
    (pathname) => {
      expect(isStaffPath(pathname)).toBe(true);
      expect(staffCacheControl(pathname, null)).toBe("no-store");
      expect(staffCacheControl(pathname, "private, no-cache")).toBe("no-store");
      expect(staffCacheControl(pathname, "private, no-store")).toBeNull();
    },
  );

  test.each(["/", "/s", "/s/TT-DD-01", "/api/v1/indices", "/administrators", "/loginx", "/healthz"])("%s is not", (pathname) => {
    expect(isStaffPath(pathname)).toBe(false);
    expect(staffCacheControl(pathname, "private, no-cache")).toBeNull();
  });
});
