import { afterAll, describe, expect, test } from "vitest";
import { auditFacets, listAudit, recordAudit } from "~/modules/audit/audit.repository.server";
import { adminCounts } from "~/modules/organisation/overview.repository.server";
import { loader as adminFrame } from "~/routes/admin";
import { loader as auditPage } from "~/routes/admin.audit";
import { readForm } from "~/http/forms.server";
import { getRequest, postForm, runRoute, signInAs } from "../setup/admin-requests";
import { useFreshDatabase } from "../setup/test-database";

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

describe("the admin frame", () => {
  test("an administrator gets it, with an anti-forgery token for its forms", async () => {
    const admin = await signInAs("admin@demo.vn");
    const outcome = await runRoute(adminFrame, getRequest("/admin", admin));
    expect(outcome.status).toBe(200);
    expect(outcome.data.user.role).toBe("administrator");
    expect(outcome.data.csrf).toBe(admin.csrf);
    expect(admin.csrf).toMatch(/^[\w-]{40,}$/);
  });

  test("a visitor is sent to sign in; a manager and a viewer are refused", async () => {
    const anonymous = await runRoute(adminFrame, getRequest("/admin/users"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toBe("/login?redirectTo=%2Fadmin%2Fusers");
    for (const email of ["manager.land@demo.vn", "viewer@demo.vn"]) {
      const refused = await runRoute(adminFrame, getRequest("/admin", await signInAs(email)));
      expect(refused.status, email).toBe(403);
    }
  });

  test("two sessions of the same administrator have different tokens", async () => {
    const [a, b] = [await signInAs("admin@demo.vn"), await signInAs("admin@demo.vn")];
    expect(a.csrf).not.toBe(b.csrf);
  });
});

describe("refusing forged form posts", () => {
  test("a post with the session's token from our own origin is read", async () => {
    const admin = await signInAs("admin@demo.vn");
    const form = await readForm(postForm("/admin/sectors", { name: "x" }, admin));
    expect(form.get("name")).toBe("x");
  });

  test.each([
    ["no token", { csrf: false as const }],
    ["another session's token", { csrf: "other" }],
    ["a token of the wrong length", { csrf: "a".repeat(5) }],
    ["another site's Origin", { origin: "https://evil.example" }],
    ["the string null as Origin", { origin: "null" }],
  ] as Array<[string, { csrf?: string | false; origin?: string }]>)("%s: 403, nothing read", async (_name, options) => {
    const admin = await signInAs("admin@demo.vn");
    const other = await signInAs("admin@demo.vn");
    const csrf = options.csrf === "other" ? other.csrf : options.csrf;
    const refused = await runRoute(() => readForm(postForm("/admin/sectors", { name: "x" }, admin, { ...options, csrf })), getRequest("/"));
    expect(refused).toMatchObject({ status: 403, data: { kind: "csrf" } });
  });

  test("a browser's Sec-Fetch-Site: cross-site is refused even with a token", async () => {
    const admin = await signInAs("admin@demo.vn");
    const request = postForm("/admin/sectors", { name: "x" }, admin, { origin: null });
    request.headers.set("Sec-Fetch-Site", "cross-site");
    expect(await runRoute(() => readForm(request), getRequest("/"))).toMatchObject({ status: 403 });
  });

  test("a token without a session is worthless", async () => {
    const admin = await signInAs("admin@demo.vn");
    const request = postForm("/admin/sectors", { name: "x" }, undefined, { csrf: admin.csrf });
    expect(await runRoute(() => readForm(request), getRequest("/"))).toMatchObject({ status: 403 });
  });

  test("a body that is not a form, or too large, is a 4xx page", async () => {
    const admin = await signInAs("admin@demo.vn");
    const json = new Request("http://localhost/admin/sectors", {
      method: "POST",
      headers: { Cookie: admin.cookie, "Content-Type": "application/json" },
      body: "{}",
    });
    expect((await runRoute(() => readForm(json), getRequest("/"))).status).toBe(415);
    const huge = postForm("/admin/sectors", { name: "x".repeat(20_000) }, admin);
    expect((await runRoute(() => readForm(huge), getRequest("/"))).status).toBe(413);
  });
});

describe("the audit log", () => {
  test("records who, what, before and after, and filters by them", async () => {
    const actor = { userId: 1, name: "Quản trị viên" };
    await recordAudit(db, actor, { action: "update", entityType: "sector", entityId: 1, label: "land", before: { name: "Đất" }, after: { name: "Đất đai" } });
    await recordAudit(db, { userId: null, name: "token: một cửa" }, { action: "mint", entityType: "ticket_batch", entityId: 7, label: "TT-DD-01 ×10", after: { count: 10 } });
    const all = await listAudit(db, {}, { limit: 10, offset: 0 });
    expect(all.total).toBeGreaterThanOrEqual(2);
    expect(all.entries[0]).toMatchObject({ action: "mint", actorName: "token: một cửa", beforeJson: null });
    const sectors = await listAudit(db, { entityType: "sector", q: "Đất đai" }, { limit: 10, offset: 0 });
    expect(sectors.entries.map((e) => e.label)).toEqual(["land"]);
    // LIKE wildcards typed by a person are text, not patterns.
    expect((await listAudit(db, { q: "%" }, { limit: 10, offset: 0 })).total).toBe(0);
    expect(await auditFacets(db)).toMatchObject({ entityTypes: expect.arrayContaining(["sector", "ticket_batch"]) });
  });

  test("the page filters by what the address says and ignores what it cannot read", async () => {
    const admin = await signInAs("admin@demo.vn");
    const page = await runRoute(auditPage, getRequest("/admin/audit?entity=sector&from=2000-01-01&to=not-a-date&page=-4", admin));
    expect(page.status).toBe(200);
    expect(page.data.entries.every((e: { entityType: string }) => e.entityType === "sector")).toBe(true);
    expect(page.data.query).toMatchObject({ entity: "sector", from: "2000-01-01", to: undefined, page: 1 });
    expect(page.data.entries[0].changes).toEqual([{ field: "name", before: "Đất", after: "Đất đai" }]);
  });
});

test("the overview counts what is set up", async () => {
  const counts = await adminCounts(db);
  expect(counts).toMatchObject({ sectors: 6, servicePoints: 10, inactiveServicePoints: 0, questionnaires: 3, drafts: 0 });
});
