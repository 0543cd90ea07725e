import { hash } from "@node-rs/argon2";
import { afterAll, describe, expect, test } from "vitest";
import { DEMO_PASSWORD, USERS } from "#db/seed/organisation";
import { demoCredentialsRefusal } from "~/modules/accounts/demo-accounts.service.server";
import { useFreshDatabase } from "../setup/test-database";

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const demo = { emails: USERS.map((u) => u.email), password: DEMO_PASSWORD };

describe("the production start's check for demo credentials", () => {
  test("names the demo accounts while any is present", async () => {
    expect(await demoCredentialsRefusal(db, demo)).toMatch(/^the demo accounts are present \(admin@demo\.vn, .*viewer@demo\.vn\)/);
  });

  test("finds the demo password on an account renamed, even a deactivated one, and passes once it is changed", async () => {
    for (const { id } of await db.selectFrom("users").select("id").execute()) {
      await db.updateTable("users").set({ email: `staff${id}@nghean.gov.vn` }).where("id", "=", id).execute();
    }
    const admin = await db.selectFrom("users").select("id").orderBy("id").executeTakeFirstOrThrow();
    await db.updateTable("users").set({ password_hash: await hash("a province's own long password") }).where("id", "!=", admin.id).execute();
    await db.updateTable("users").set({ active: 0 }).where("id", "=", admin.id).execute();
    expect(await demoCredentialsRefusal(db, demo)).toBe(
      `1 account(s) still have the public demo password (staff${admin.id}@nghean.gov.vn): reset them before serving in production`,
    );
    await db.updateTable("users").set({ password_hash: await hash("another long password") }).where("id", "=", admin.id).execute();
    expect(await demoCredentialsRefusal(db, demo)).toBeNull();
  });
});
