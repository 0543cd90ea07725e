import { afterAll, describe, expect, test } from "vitest";
import { loader as passwordPage, action as changePasswordAction } from "~/routes/account.password";
import { action as editUser, loader as userPage } from "~/routes/admin.users.$id";
import { loader as usersPage } from "~/routes/admin.users._index";
import { action as createUserAction } from "~/routes/admin.users.new";
import { action as revokeTokenAction, loader as tokensPage } from "~/routes/admin.tokens._index";
import { action as createTokenAction } from "~/routes/admin.tokens.new";
import { loader as dashboardFrame } from "~/routes/dashboard";
import { loader as servicePointsApi } from "~/routes/api.v1.service-points";
import { action as loginAction } from "~/routes/login";
import { setStaffAccountActive } from "~/modules/accounts/staff-accounts.service.server";
import { getPrincipal } from "~/modules/accounts/sessions.service.server";
import { getRequest, postForm, postLogin, routeContext, runRoute, signInAs, type StaffSession } from "../setup/admin-requests";
import { requireApiPermission } from "~/http/permissions.server";
import { useFreshDatabase } from "../setup/test-database";

/** Signing in through the login form, told as the outcome a person sees: signed in, refused, or asked to wait. */
async function login(input: { email: string; password: string; ip: string }) {
  const r = await postLogin(input.email, input.password, input.ip);
  if (r.status === 302 && r.setCookie) return { kind: "ok" as const, setCookie: r.setCookie, mustChangePassword: r.location?.startsWith("/account/password") ?? false };
  return r.status === 429 ? { kind: "rate_limited" as const } : { kind: "invalid" as const };
}


const { db } = useFreshDatabase();
afterAll(() => db.destroy());

let serial = 0;
const uniqueEmail = (name: string) => `${name}.${++serial}@nghean.gov.vn`;

async function auditCount(): Promise<number> {
  const { n } = await db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(n);
}

async function auditOf(entityType: string, entityId: number) {
  return db.selectFrom("audit_log").selectAll().where("entity_type", "=", entityType).where("entity_id", "=", entityId).orderBy("id").execute();
}

async function userCount(): Promise<number> {
  const { n } = await db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(n);
}

async function userByEmail(email: string) {
  return db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
}

async function sessionsOf(userId: number): Promise<number> {
  const { n } = await db.selectFrom("sessions").select((eb) => eb.fn.countAll<number>().as("n")).where("user_id", "=", userId).executeTakeFirstOrThrow();
  return Number(n);
}

/** An administrator creates an account through the form; the temporary password shown once comes back. */
async function createAccount(admin: StaffSession, fields: { email?: string; name?: string; role: string; sectors?: string[] }) {
  const email = fields.email ?? uniqueEmail(fields.role);
  const outcome = await runRoute(
    createUserAction,
    postForm("/admin/users/new", { email, name: fields.name ?? `Cán bộ ${serial}`, role: fields.role, sectors: fields.sectors ?? [] }, admin),
  );
  expect(outcome.status, JSON.stringify(outcome.data)).toBe(201);
  const user = await userByEmail(email.trim().toLowerCase());
  return { id: user.id, email: user.email, password: outcome.data.created.temporaryPassword as string };
}

/** A new account that has already set its own password (so staff pages let it in). */
async function readyAccount(admin: StaffSession, role: string, sectors: string[] = []) {
  const account = await createAccount(admin, { role, sectors });
  const first = await signInAs(account.email, account.password);
  const password = `mật khẩu riêng ${account.id} đủ dài`;
  const done = await runRoute(changePasswordAction, postForm("/account/password", { newPassword: password, confirmPassword: password }, first));
  expect(done.status).toBe(303);
  return { ...account, password, session: first };
}

const edit = (id: number, fields: Record<string, string | string[]>, session: StaffSession, options?: Parameters<typeof postForm>[3]) =>
  runRoute(editUser, postForm(`/admin/users/${id}`, fields, session, options), { id: String(id) });

describe("creating an account", () => {
  test("stores the email in lower case, the role and a manager's sectors; the temporary password signs in once and must be changed", async () => {
    const admin = await signInAs("admin@demo.vn");
    const before = await auditCount();
    const account = await createAccount(admin, { email: "  Hoa.Tran@NgheAn.gov.vn ", name: "Trần Thị Hoa", role: "manager", sectors: ["land", "health"] });
    expect(account.email).toBe("hoa.tran@nghean.gov.vn");
    expect(account.password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    const stored = await userByEmail(account.email);
    expect(stored).toMatchObject({ name: "Trần Thị Hoa", role: "manager", active: 1, must_change_password: 1 });
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    const sectors = await db
      .selectFrom("user_sectors as us")
      .innerJoin("sectors as s", "s.id", "us.sector_id")
      .select("s.code")
      .where("us.user_id", "=", account.id)
      .execute();
    expect(sectors.map((s) => s.code).sort()).toEqual(["health", "land"]);

    // Signing in with it works and is sent to change it first.
    const signedIn = await runRoute(
      loginAction,
      new Request("http://localhost/login", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: "HOA.TRAN@nghean.gov.vn", password: account.password, redirectTo: "/dashboard/sectors/land" }).toString(),
      }),
    );
    expect(signedIn.status).toBe(302);
    expect(signedIn.location).toBe("/account/password?redirectTo=%2Fdashboard%2Fsectors%2Fland");

    // One audit row, without the password or its hash.
    expect(await auditCount()).toBe(before + 1);
    const [row] = await auditOf("user", account.id);
    expect(row).toMatchObject({ action: "create", actor_name: "Quản trị viên", entity_label: account.email });
    expect(JSON.parse(row!.after_json!)).toEqual({
      email: account.email,
      name: "Trần Thị Hoa",
      role: "manager",
      sectors: ["land", "health"],
      active: true,
      mustChangePassword: true,
    });

    const list = await runRoute(usersPage, getRequest("/admin/users", admin));
    expect(list.data.accounts.find((a: { email: string }) => a.email === account.email)).toMatchObject({
      role: "manager",
      sectors: ["Đất đai", "Y tế"],
      active: true,
      mustChangePassword: true,
    });
  });

  test("an administrator's or viewer's sectors are ignored", async () => {
    const admin = await signInAs("admin@demo.vn");
    const account = await createAccount(admin, { role: "viewer", sectors: ["land"] });
    expect(await db.selectFrom("user_sectors").where("user_id", "=", account.id).selectAll().execute()).toEqual([]);
  });

  const valid = { email: "new.person@nghean.gov.vn", name: "Người Mới", role: "viewer" };
  test.each([
    ["no email", { ...valid, email: "" }, "email", "required"],
    ["a malformed email", { ...valid, email: "a@@b" }, "email", "format"],
    ["a hostile email", { ...valid, email: "<script>alert(1)</script>@x.vn" }, "email", "format"],
    ["an oversized email", { ...valid, email: `${"a".repeat(300)}@x.vn` }, "email", "tooLong"],
    ["a demo account's email in other case", { ...valid, email: "ADMIN@demo.vn" }, "email", "emailTaken"],
    ["no name", { ...valid, name: "   " }, "name", "required"],
    ["an oversized name", { ...valid, name: "x".repeat(121) }, "name", "tooLong"],
    ["an unknown role", { ...valid, role: "root" }, "role", "invalid"],
    ["a manager without sectors", { ...valid, role: "manager" }, "sectors", "chooseOne"],
    ["an unknown sector", { ...valid, role: "manager", sectors: ["land", "atlantis"] }, "sectors", "notFound"],
  ] as Array<[string, Record<string, string | string[]>, string, string]>)("%s: 400 beside the field, nothing stored", async (_name, fields, field, code) => {
    const admin = await signInAs("admin@demo.vn");
    const [users, audits] = [await userCount(), await auditCount()];
    const refused = await runRoute(createUserAction, postForm("/admin/users/new", fields, admin));
    expect(refused.status).toBe(400);
    expect(refused.data.errors[field]).toMatchObject({ code });
    expect(JSON.stringify(refused.data.values).length).toBeLessThan(1000);
    expect([await userCount(), await auditCount()]).toEqual([users, audits]);
  });

  test("a missing field entirely, or repeated fields, never cause a 500", async () => {
    const admin = await signInAs("admin@demo.vn");
    expect((await runRoute(createUserAction, postForm("/admin/users/new", {}, admin))).status).toBe(400);
    const repeated = await runRoute(createUserAction, postForm("/admin/users/new", { email: ["a@x.vn", "b@x.vn"], name: "A", role: "viewer" }, admin));
    expect([201, 400]).toContain(repeated.status);
  });

  test("without the anti-forgery token: 403; a manager: 403; nothing stored", async () => {
    const admin = await signInAs("admin@demo.vn");
    const users = await userCount();
    const forged = await runRoute(createUserAction, postForm("/admin/users/new", { ...valid, email: uniqueEmail("forged") }, admin, { csrf: false }));
    expect(forged).toMatchObject({ status: 403, data: { kind: "csrf" } });
    const manager = await signInAs("manager.land@demo.vn");
    expect((await runRoute(createUserAction, postForm("/admin/users/new", { ...valid, email: uniqueEmail("m") }, manager))).status).toBe(403);
    expect((await runRoute(editUser, postForm("/admin/users/1", { intent: "deactivate" }, manager), { id: "1" })).status).toBe(403);
    expect((await runRoute(createTokenAction, postForm("/admin/tokens/new", { name: "x", role: "kiosk" }, manager))).status).toBe(403);
    expect(await userCount()).toBe(users);
  });
});

describe("editing an account", () => {
  test("changes name, role and sectors, with before and after in the audit log", async () => {
    const admin = await signInAs("admin@demo.vn");
    const account = await createAccount(admin, { role: "viewer" });
    const saved = await edit(account.id, { intent: "save", name: "Lê Văn Nam", role: "manager", sectors: ["education"] }, admin);
    expect(saved).toMatchObject({ status: 303, location: `/admin/users/${account.id}?saved=1` });
    const page = await runRoute(userPage, getRequest(`/admin/users/${account.id}?saved=1`, admin), { id: String(account.id) });
    expect(page.data).toMatchObject({ done: "saved", account: { name: "Lê Văn Nam", role: "manager", sectors: ["education"] } });
    const rows = await auditOf("user", account.id);
    expect(rows.at(-1)).toMatchObject({ action: "update" });
    expect(JSON.parse(rows.at(-1)!.before_json!)).toMatchObject({ role: "viewer", sectors: [] });
    expect(JSON.parse(rows.at(-1)!.after_json!)).toMatchObject({ name: "Lê Văn Nam", role: "manager", sectors: ["education"] });
  });

  test("invalid input is a 400 beside the field, and nothing changes", async () => {
    const admin = await signInAs("admin@demo.vn");
    const account = await createAccount(admin, { role: "viewer", name: "Không Đổi" });
    const audits = await auditCount();
    for (const [fields, field] of [
      [{ name: "", role: "viewer" }, "name"],
      [{ name: "A", role: "manager", sectors: [] }, "sectors"],
      [{ name: "A", role: "manager", sectors: ["nope"] }, "sectors"],
      [{ name: "A", role: "god" }, "role"],
    ] as Array<[Record<string, string | string[]>, string]>) {
      const refused = await edit(account.id, { intent: "save", ...fields }, admin);
      expect(refused.status).toBe(400);
      expect(refused.data.errors).toHaveProperty(field);
    }
    expect(await userByEmail(account.email)).toMatchObject({ name: "Không Đổi", role: "viewer" });
    expect(await auditCount()).toBe(audits);
  });

  test("an unknown or non-numeric id is a 404; an unknown intent a 400", async () => {
    const admin = await signInAs("admin@demo.vn");
    for (const id of ["999999", "abc", "1.5", "-1", "0", "1e3", "9".repeat(40)]) {
      expect((await runRoute(userPage, getRequest(`/admin/users/${id}`, admin), { id })).status, id).toBe(404);
      expect((await runRoute(editUser, postForm(`/admin/users/${id}`, { intent: "deactivate" }, admin), { id })).status, id).toBe(404);
    }
    expect((await edit(1, { intent: "explode" }, admin)).status).toBe(400);
  });

  test("deactivating ends the account's sessions at once; reactivating lets it sign in again", async () => {
    const admin = await signInAs("admin@demo.vn");
    const account = await readyAccount(admin, "viewer");
    expect(await sessionsOf(account.id)).toBeGreaterThan(0);
    const done = await edit(account.id, { intent: "deactivate" }, admin);
    expect(done).toMatchObject({ status: 303, location: `/admin/users/${account.id}?saved=deactivated` });
    expect(await sessionsOf(account.id)).toBe(0);
    expect(await getPrincipal(db, getRequest("/dashboard", account.session))).toBeNull();
    expect((await login({ email: account.email, password: account.password, ip: "192.0.2.10" })).kind).toBe("invalid");
    expect((await edit(account.id, { intent: "reactivate" }, admin)).status).toBe(303);
    expect((await login({ email: account.email, password: account.password, ip: "192.0.2.11" })).kind).toBe("ok");
    expect((await auditOf("user", account.id)).map((r) => r.action).slice(-2)).toEqual(["deactivate", "reactivate"]);
  });

  test("resetting the password shows a new temporary one once, ends every session and asks for a change", async () => {
    const admin = await signInAs("admin@demo.vn");
    const account = await readyAccount(admin, "manager", ["land"]);
    const reset = await edit(account.id, { intent: "reset" }, admin);
    expect(reset.status).toBe(200);
    const temporary = reset.data.temporaryPassword as string;
    expect(temporary).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(await sessionsOf(account.id)).toBe(0);
    expect((await userByEmail(account.email)).must_change_password).toBe(1);
    expect((await login({ email: account.email, password: account.password, ip: "192.0.2.12" })).kind).toBe("invalid");
    expect(await login({ email: account.email, password: temporary, ip: "192.0.2.13" })).toMatchObject({ kind: "ok", mustChangePassword: true });
    const [row] = (await auditOf("user", account.id)).filter((r) => r.action === "reset_password");
    expect(`${row!.before_json} ${row!.after_json}`).not.toContain(temporary);
  });
});

describe("the last active administrator", () => {
  test("cannot deactivate or demote themselves while alone; it is said clearly and nothing changes", async () => {
    const admin = await signInAs("admin@demo.vn");
    const me = await userByEmail("admin@demo.vn");
    const others = await db.selectFrom("users").select("id").where("role", "=", "administrator").where("active", "=", 1).where("id", "!=", me.id).execute();
    expect(others).toEqual([]);
    const audits = await auditCount();
    const deactivate = await edit(me.id, { intent: "deactivate" }, admin);
    expect(deactivate).toMatchObject({ status: 400, data: { errors: { active: { code: "lastAdministrator" } } } });
    const demote = await edit(me.id, { intent: "save", name: me.name, role: "viewer" }, admin);
    expect(demote).toMatchObject({ status: 400, data: { errors: { role: { code: "lastAdministrator" } } } });
    expect(await userByEmail("admin@demo.vn")).toMatchObject({ role: "administrator", active: 1 });
    expect(await sessionsOf(me.id)).toBeGreaterThan(0);
    expect(await auditCount()).toBe(audits);
  });

  test("with two, one may go but not the other, even when both try at once", async () => {
    const admin = await signInAs("admin@demo.vn");
    const me = await userByEmail("admin@demo.vn");
    const second = await readyAccount(admin, "administrator");
    const secondSession = second.session;
    // Each deactivates the other at the same moment: exactly one succeeds.
    const results = await Promise.all([
      setStaffAccountActive(db, { userId: me.id, name: "A" }, second.id, false),
      setStaffAccountActive(db, { userId: second.id, name: "B" }, me.id, false),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const active = await db.selectFrom("users").select("id").where("role", "=", "administrator").where("active", "=", 1).execute();
    expect(active).toHaveLength(1);
    // Put things back: the demo administrator active, the second one too.
    await db.updateTable("users").set({ active: 1 }).where("id", "in", [me.id, second.id]).execute();
    const again = await signInAs("admin@demo.vn");
    // Demoting the other administrator works while one remains; then the remaining one is the last.
    expect((await edit(second.id, { intent: "save", name: "Phó", role: "viewer" }, again)).status).toBe(303);
    expect((await edit(me.id, { intent: "deactivate" }, again)).status).toBe(400);
    void secondSession;
  });
});

describe("changing a temporary password at next sign-in", () => {
  test("every staff page sends there first, keeping where they were going; the session API answers 403; tokens are unaffected", async () => {
    const admin = await signInAs("admin@demo.vn");
    const account = await createAccount(admin, { role: "manager", sectors: ["land"] });
    const session = await signInAs(account.email, account.password);
    const dashboard = await runRoute(dashboardFrame, getRequest("/dashboard?period=2026-Q3", session));
    expect(dashboard).toMatchObject({ status: 302, location: "/account/password?redirectTo=%2Fdashboard%3Fperiod%3D2026-Q3" });
    const api = await runRoute(servicePointsApi, getRequest("/api/v1/service-points", session));
    expect(api.status).toBe(403);
    expect(api.data.error).toMatch(/\/account\/password/);
    const page = await runRoute(passwordPage, getRequest("/account/password?redirectTo=%2Fdashboard%3Fperiod%3D2026-Q3", session));
    expect(page.data).toMatchObject({ mustChange: true, redirectTo: "/dashboard?period=2026-Q3", csrf: session.csrf });
  });

  test.each([
    ["too short", { newPassword: "ngắn", confirmPassword: "ngắn" }, "newPassword", "tooShort"],
    ["too long", { newPassword: "x".repeat(201), confirmPassword: "x".repeat(201) }, "newPassword", "tooLong"],
    ["typed differently", { newPassword: "một câu đủ dài", confirmPassword: "một câu đủ dài!" }, "confirmPassword", "passwordMismatch"],
    ["missing", {}, "newPassword", "required"],
  ] as Array<[string, Record<string, string>, string, string]>)("a new password %s is refused beside the field", async (_name, fields, field, code) => {
    const admin = await signInAs("admin@demo.vn");
    const account = await createAccount(admin, { role: "viewer" });
    const session = await signInAs(account.email, account.password);
    const refused = await runRoute(changePasswordAction, postForm("/account/password", fields, session));
    expect(refused.status).toBe(400);
    expect(refused.data.errors[field]).toMatchObject({ code });
    expect(JSON.stringify(refused.data)).not.toContain(fields.newPassword ?? "\u0000");
    expect((await userByEmail(account.email)).must_change_password).toBe(1);
  });

  test("the temporary password itself is refused as the new one", async () => {
    const admin = await signInAs("admin@demo.vn");
    const account = await createAccount(admin, { role: "viewer" });
    const session = await signInAs(account.email, account.password);
    const refused = await runRoute(changePasswordAction, postForm("/account/password", { newPassword: account.password, confirmPassword: account.password }, session));
    expect(refused).toMatchObject({ status: 400, data: { errors: { newPassword: { code: "samePassword" } } } });
  });

  test("a new password clears the flag, ends the other sessions, is audited without secrets and leads on", async () => {
    const admin = await signInAs("admin@demo.vn");
    const account = await createAccount(admin, { role: "manager", sectors: ["land"] });
    const other = await signInAs(account.email, account.password);
    const session = await signInAs(account.email, account.password);
    const password = "cầu Bến Thủy lúc hoàng hôn";
    const done = await runRoute(
      changePasswordAction,
      postForm("/account/password", { newPassword: password, confirmPassword: password, redirectTo: "/dashboard/sectors/land" }, session),
    );
    expect(done).toMatchObject({ status: 303, location: "/dashboard/sectors/land" });
    expect((await userByEmail(account.email)).must_change_password).toBe(0);
    expect(await getPrincipal(db, getRequest("/dashboard", other))).toBeNull();
    expect(await getPrincipal(db, getRequest("/dashboard", session))).toMatchObject({ id: account.id, mustChangePassword: false });
    expect((await runRoute(dashboardFrame, getRequest("/dashboard", session))).status).toBe(200);
    expect((await login({ email: account.email, password, ip: "192.0.2.20" })).kind).toBe("ok");
    const row = (await auditOf("user", account.id)).at(-1)!;
    expect(row).toMatchObject({ action: "update", actor_user_id: account.id });
    expect(JSON.parse(row.after_json!)).toMatchObject({ passwordChanged: true });
    expect(row.after_json).not.toContain(password);
  });

  test("a hostile redirectTo leads to the dashboard instead", async () => {
    const admin = await signInAs("admin@demo.vn");
    const account = await createAccount(admin, { role: "viewer" });
    const session = await signInAs(account.email, account.password);
    const password = "một mật khẩu mới đủ dài";
    const done = await runRoute(
      changePasswordAction,
      postForm("/account/password", { newPassword: password, confirmPassword: password, redirectTo: "//evil.example/" }, session),
    );
    expect(done).toMatchObject({ status: 303, location: "/dashboard" });
  });

  test("a voluntary change asks the current password; without the token it is refused", async () => {
    const admin = await signInAs("admin@demo.vn");
    const account = await readyAccount(admin, "viewer");
    const session = await signInAs(account.email, account.password);
    const next = "một mật khẩu khác nữa";
    const forged = await runRoute(changePasswordAction, postForm("/account/password", { currentPassword: account.password, newPassword: next, confirmPassword: next }, session, { csrf: false }));
    expect(forged.status).toBe(403);
    const wrong = await runRoute(changePasswordAction, postForm("/account/password", { currentPassword: "sai rồi", newPassword: next, confirmPassword: next }, session));
    expect(wrong).toMatchObject({ status: 400, data: { errors: { currentPassword: { code: "wrongPassword" } } } });
    const same = await runRoute(
      changePasswordAction,
      postForm("/account/password", { currentPassword: account.password, newPassword: account.password, confirmPassword: account.password }, session),
    );
    expect(same).toMatchObject({ status: 400, data: { errors: { newPassword: { code: "samePassword" } } } });
    const done = await runRoute(changePasswordAction, postForm("/account/password", { currentPassword: account.password, newPassword: next, confirmPassword: next }, session));
    expect(done).toMatchObject({ status: 303, location: "/account/password?saved=1&redirectTo=%2Fdashboard" });
  });

  test("five wrong current passwords stop the guessing for a while, even with the right one", async () => {
    const admin = await signInAs("admin@demo.vn");
    const account = await readyAccount(admin, "viewer");
    const session = await signInAs(account.email, account.password);
    const next = "mật khẩu mới sau khi bị khoá";
    for (let i = 0; i < 5; i++) {
      const wrong = await runRoute(changePasswordAction, postForm("/account/password", { currentPassword: `đoán-${i}`, newPassword: next, confirmPassword: next }, session));
      expect(wrong).toMatchObject({ status: 400, data: { errors: { currentPassword: { code: "wrongPassword" } } } });
    }
    const locked = await runRoute(changePasswordAction, postForm("/account/password", { currentPassword: account.password, newPassword: next, confirmPassword: next }, session));
    expect(locked).toMatchObject({ status: 400, data: { errors: { currentPassword: { code: "tooManyTries", values: { minutes: 15 } } } } });
  });

  test("a visitor is sent to sign in", async () => {
    const refused = await runRoute(passwordPage, getRequest("/account/password"));
    expect(refused).toMatchObject({ status: 302, location: "/login?redirectTo=%2Faccount%2Fpassword" });
  });
});

describe("API tokens", () => {
  test("are created with the secret shown once, listed, and revoked at once", async () => {
    const admin = await signInAs("admin@demo.vn");
    const created = await runRoute(createTokenAction, postForm("/admin/tokens/new", { name: "Phần mềm một cửa", role: "manager", sectors: ["land"] }, admin));
    expect(created.status).toBe(201);
    const { id, secret } = created.data.created as { id: number; secret: string };
    expect(secret).toMatch(/^hl_[\w-]{40,}$/);
    const bearer = () => new Request("http://localhost/api/v1/indices", { headers: { Authorization: `Bearer ${secret}` } });
    expect(await requireApiPermission({ request: bearer(), context: routeContext() }, "indices:read")).toMatchObject({ kind: "token", id, role: "manager" });

    const list = await runRoute(tokensPage, getRequest("/admin/tokens", admin));
    expect(list.data.tokens[0]).toMatchObject({ id, name: "Phần mềm một cửa", role: "manager", sectors: ["Đất đai"], createdBy: "Quản trị viên", revokedAt: null });
    expect(list.data.tokens[0].lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list.data)).not.toContain(secret);

    const revoked = await runRoute(revokeTokenAction, postForm("/admin/tokens", { intent: "revoke", id: String(id) }, admin));
    expect(revoked).toMatchObject({ status: 303, location: "/admin/tokens?saved=1" });
    const refused = (await requireApiPermission({ request: bearer(), context: routeContext() }, "indices:read").catch((r: unknown) => r)) as Response;
    expect(refused.status).toBe(401);
    expect((await auditOf("api_token", id)).map((r) => r.action)).toEqual(["create", "revoke"]);
    // Revoking again changes nothing and records nothing.
    expect((await runRoute(revokeTokenAction, postForm("/admin/tokens", { intent: "revoke", id: String(id) }, admin))).status).toBe(303);
    expect(await auditOf("api_token", id)).toHaveLength(2);
  });

  test.each([
    ["no name", { name: "", role: "kiosk" }, "name"],
    ["an oversized name", { name: "x".repeat(5000), role: "kiosk" }, "name"],
    ["an unknown role", { name: "x", role: "superuser" }, "role"],
    ["a manager without sectors", { name: "x", role: "manager" }, "sectors"],
    ["an unknown sector", { name: "x", role: "manager", sectors: ["mars"] }, "sectors"],
  ] as Array<[string, Record<string, string | string[]>, string]>)("%s: 400 beside the field, nothing stored", async (_n, fields, field) => {
    const admin = await signInAs("admin@demo.vn");
    const { n: before } = await db.selectFrom("api_tokens").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const refused = await runRoute(createTokenAction, postForm("/admin/tokens/new", fields, admin));
    expect(refused.status).toBe(400);
    expect(refused.data.errors).toHaveProperty(field);
    const { n: after } = await db.selectFrom("api_tokens").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(after).toBe(before);
  });

  test("revoking an unknown or malformed id: 404 or 400, never a 500; without the token 403", async () => {
    const admin = await signInAs("admin@demo.vn");
    expect((await runRoute(revokeTokenAction, postForm("/admin/tokens", { intent: "revoke", id: "999999" }, admin))).status).toBe(404);
    expect((await runRoute(revokeTokenAction, postForm("/admin/tokens", { intent: "revoke", id: "<b>" }, admin))).status).toBe(400);
    expect((await runRoute(revokeTokenAction, postForm("/admin/tokens", { intent: "revoke" }, admin))).status).toBe(400);
    expect((await runRoute(revokeTokenAction, postForm("/admin/tokens", { intent: "revoke", id: "1" }, admin, { csrf: false }))).status).toBe(403);
  });
});

test("no password, password hash, temporary password or token secret ever reaches the audit log", async () => {
  const rows = await db.selectFrom("audit_log").select(["before_json", "after_json"]).where("entity_type", "in", ["user", "api_token"]).execute();
  expect(rows.length).toBeGreaterThan(10);
  const text = rows.map((r) => `${r.before_json} ${r.after_json}`).join("\n");
  expect(text).not.toMatch(/argon2|password_hash|passwordHash|temporaryPassword|token_hash|secret|hl_[\w-]{20}|[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}/);
});
