import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { openServerDatabase } from "../setup/server-database";
import { csrfOf, postAdminForm } from "./support/admin";
import { createToken, getAs, signIn } from "./support/callers";
import { fill, patternOf, routeFiles } from "./support/routes";

const db = openServerDatabase();
afterAll(() => db.destroy());

/**
 * Every admin page and form, found from the route files themselves, so a page
 * added later is checked without anyone remembering to list it here.
 */
const ADMIN_ROUTES = routeFiles("/admin");
const PARAMS = { code: "TT-DD-01", id: "1", batchId: "1", version: "1", key: "overall" };

let manager = "";
let viewer = "";
let admin = "";
let managerCsrfFromAdmin = "";

async function auditCount(): Promise<number> {
  const row = await db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function ticketCount(): Promise<number> {
  const row = await db.selectFrom("tickets").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

beforeAll(async () => {
  manager = await signIn("manager.land@demo.vn");
  viewer = await signIn("viewer@demo.vn");
  admin = await signIn("admin@demo.vn");
  // The most a manager could steal: an administrator's token from an admin page.
  managerCsrfFromAdmin = await csrfOf(admin);
});

test("the route files are read as Remix reads them", () => {
  expect(patternOf("admin.posters.$code[.svg].ts")).toBe("/admin/posters/:code.svg");
  expect(patternOf("api.v1.service-points.$code.qr[.]png.ts")).toBe("/api/v1/service-points/:code/qr.png");
  expect(patternOf("admin.questionnaires.$code_.draft.tsx")).toBe("/admin/questionnaires/:code/draft");
  expect(patternOf("admin._index.tsx")).toBe("/admin");
  expect(ADMIN_ROUTES.map((r) => r.pattern)).toEqual(expect.arrayContaining(["/admin", "/admin/audit"]));
});

describe("every /admin page", () => {
  for (const route of ADMIN_ROUTES) {
    const url = fill(route.pattern, PARAMS);
    test(`${url}: a manager and a viewer get 403, a visitor is sent to sign in`, async () => {
      for (const cookie of [manager, viewer]) {
        const response = await getAs({ cookie }, url);
        expect(response.status, `${url} as ${cookie === manager ? "manager" : "viewer"}`).toBe(403);
        expect(await response.text()).not.toMatch(/TT-DD-01|hailong-demo|_csrf/);
      }
      const anonymous = await getAs({}, url);
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    });

    if (route.hasAction) {
      test(`POST ${url}: a manager is refused and nothing changes`, async () => {
        const before = await auditCount();
        for (const csrf of [null, managerCsrfFromAdmin, await csrfOf(admin)]) {
          const response = await postAdminForm(manager, url, { intent: "create", code: "HACK-01", name_vi: "x", name_en: "x" }, { csrf });
          expect(response.status, `${url} with ${csrf ? "a" : "no"} token`).toBe(403);
        }
        expect(await auditCount()).toBe(before);
      });
    }
  }

  test("an administrator gets every page that needs no particular record, and none carries a NUL byte", async () => {
    for (const route of ADMIN_ROUTES.filter((r) => !r.pattern.includes(":"))) {
      const response = await getAs({ cookie: admin }, route.pattern);
      expect(response.status, route.pattern).toBe(200);
      // React 18 leaked NUL bytes into Vietnamese text at its 2 KB buffer edges (app/http/strip-nul.server.ts).
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.indexOf(0), route.pattern).toBe(-1);
    }
  });
});

describe("the admin API", () => {
  test("POST /api/v1/tickets: 401 for a visitor, 403 for a manager, a viewer and a kiosk, signed in or by token", async () => {
    const ticketsBefore = await ticketCount();
    const body = JSON.stringify({ servicePoint: "TT-DD-01" });
    const post = (headers: Record<string, string>) =>
      fetch(`${inject("baseUrl")}/api/v1/tickets`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body });
    expect((await post({})).status).toBe(401);
    expect((await post({ Cookie: manager, Origin: inject("baseUrl") })).status).toBe(403);
    expect((await post({ Cookie: viewer, Origin: inject("baseUrl") })).status).toBe(403);
    for (const role of ["manager", "viewer", "kiosk"] as const) {
      const token = await createToken(db, role, role === "manager" ? ["land"] : []);
      expect((await post({ Authorization: `Bearer ${token}` })).status, role).toBe(403);
    }
    expect(await ticketCount()).toBe(ticketsBefore);
  });
});
