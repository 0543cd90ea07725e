import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { isPostgres } from "#db/dialect";
import { listStaffAccounts, openStaffAccount } from "~/modules/accounts/staff-accounts.service.server";
import { createAgency, listAdminAgencies } from "~/modules/organisation/agencies.service.server";
import { listActiveServicePointsByAgency, listAgencies } from "~/modules/organisation/organisation.repository.server";
import { createServicePoint, listAdminServicePoints } from "~/modules/organisation/service-points.service.server";
import { useFreshDatabase } from "../setup/test-database";

/*
 * Names are listed in Vietnamese alphabetical order on both engines: the
 * same expected list here on SQLite (integration) and PostgreSQL
 * (integration-pg), and the order Node's ICU gives.
 */

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const actor = { userId: null, name: "test" };

/** Letters first (ă, â, đ, ư are letters of their own), then tones, then case; byte order would put "Ân", "Đ…", "ủ", "Ư…" last. */
const EXPECTED = ["An Giang", "Anh Sơn", "Ân Thi", "Ấp Bắc", "Ba Vi", "ba vì", "Ba Vì", "Bạc Liêu", "Đà Nẵng", "Điện Biên", "Uông Bí", "ủy ban", "Ưu Đàm"];
/** The order they are created in, so that neither ids nor insertion order can pass for the right order. */
const CREATED = ["Ưu Đàm", "ba vì", "Điện Biên", "ủy ban", "Ấp Bắc", "Ba Vì", "An Giang", "Uông Bí", "Ba Vi", "Đà Nẵng", "Bạc Liêu", "Ân Thi", "Anh Sơn"];
const codeOf = (name: string) => `vi-order-${CREATED.indexOf(name) + 1}`;
const ours = (name: string) => CREATED.includes(name);

beforeAll(async () => {
  const land = (await db.selectFrom("sectors").select("id").where("code", "=", "land").executeTakeFirstOrThrow()).id;
  for (const [i, name] of CREATED.entries()) {
    const agency = await createAgency(db, actor, { code: codeOf(name), nameVi: name, nameEn: null, parentId: null });
    expect(agency.ok).toBe(true);
    const agencyId = (await db.selectFrom("agencies").select("id").where("code", "=", codeOf(name)).executeTakeFirstOrThrow()).id;
    const point = await createServicePoint(db, actor, { code: null, agencyId, nameVi: `Quầy ${name}`, nameEn: null, sectors: [land], questionnaireId: null });
    expect(point.ok).toBe(true);
    const account = await openStaffAccount(db, actor, { email: `vi-order-${i}@nghean.gov.vn`, name, role: "viewer", sectors: [] });
    expect(account.ok).toBe(true);
  }
});

describe("Vietnamese name order", () => {
  test("the expected order is ICU's Vietnamese collation, and not byte order", () => {
    expect([...CREATED].sort(new Intl.Collator("vi").compare)).toEqual(EXPECTED);
    expect([...CREATED].sort()).not.toEqual(EXPECTED);
  });

  test(`the agencies page lists agencies by name in Vietnamese order (${isPostgres(db) ? "PostgreSQL" : "SQLite"})`, async () => {
    const agencies = await listAdminAgencies(db);
    expect(agencies.map((a) => a.name.vi).filter(ours)).toEqual(EXPECTED);
    // The seed's agencies too: the whole list is in ICU's order.
    const names = agencies.map((a) => a.name.vi);
    expect(names).toEqual([...names].sort(new Intl.Collator("vi").compare));
  });

  test("the survey's list of points, the service points page and the poster and index lists order agencies the same way", async () => {
    const survey = await listActiveServicePointsByAgency(db);
    expect(survey.map((a) => a.name.vi).filter(ours)).toEqual(EXPECTED);
    const points = await listAdminServicePoints(db);
    expect(points.map((p) => p.agency.name.vi).filter(ours)).toEqual(EXPECTED);
    expect((await listAgencies(db)).map((a) => a.name.vi).filter(ours)).toEqual(EXPECTED);
  });

  test("the accounts page lists active accounts by name in Vietnamese order", async () => {
    const accounts = await listStaffAccounts(db);
    expect(accounts.filter((a) => a.email.startsWith("vi-order-")).map((a) => a.name)).toEqual(EXPECTED);
    const active = accounts.filter((a) => a.active).map((a) => a.name);
    expect(active).toEqual([...active].sort(new Intl.Collator("vi").compare));
  });
});
