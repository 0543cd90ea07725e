import { describe, expect, test } from "vitest";
import {
  idFromParam,
  NewApiToken,
  NewStaffAccount,
  passwordChangeSchema,
  removesLastAdministrator,
  StaffAccountEdit,
  temporaryPassword,
} from "~/domain/staff-accounts";
import { parseForm } from "~/http/forms.server";

const random = (n: number) => Math.floor(Math.random() * n);

describe("temporary passwords", () => {
  test("are three groups of four readable characters, at least 12 long", () => {
    for (let i = 0; i < 200; i++) {
      const password = temporaryPassword(random);
      expect(password).toMatch(/^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/);
      expect(password.length).toBeGreaterThanOrEqual(12);
    }
  });

  test("never contain characters people misread (0, o, 1, l, i)", () => {
    const all = Array.from({ length: 500 }, () => temporaryPassword(random)).join("");
    expect(all).not.toMatch(/[01oli]/);
  });

  test("draw every character from the random source, so two are (almost) never alike", () => {
    const seen = new Set(Array.from({ length: 1000 }, () => temporaryPassword(random)));
    expect(seen.size).toBe(1000);
    expect(temporaryPassword(() => 0)).toBe("aaaa-aaaa-aaaa");
  });
});

describe("the last active administrator", () => {
  const admin = { role: "administrator" as const, active: true };
  test("cannot be deactivated or demoted when no other is left", () => {
    expect(removesLastAdministrator(admin, { ...admin, active: false }, 0)).toBe(true);
    expect(removesLastAdministrator(admin, { role: "manager", active: true }, 0)).toBe(true);
  });
  test("can be when another active administrator remains", () => {
    expect(removesLastAdministrator(admin, { ...admin, active: false }, 1)).toBe(false);
  });
  test("other changes are never refused by this rule", () => {
    expect(removesLastAdministrator(admin, admin, 0)).toBe(false);
    expect(removesLastAdministrator({ role: "manager", active: true }, { role: "viewer", active: true }, 0)).toBe(false);
    expect(removesLastAdministrator({ role: "administrator", active: false }, { role: "manager", active: false }, 0)).toBe(false);
  });
});

describe("the account form", () => {
  test("stores the email trimmed and in lower case", () => {
    const parsed = parseForm(NewStaffAccount, { email: "  Lan.Nguyen@NgheAn.GOV.vn ", name: "Nguyễn Thị Lan", role: "viewer", sectors: [] });
    expect(parsed).toEqual({ ok: true, value: { email: "lan.nguyen@nghean.gov.vn", name: "Nguyễn Thị Lan", role: "viewer", sectors: [] } });
  });

  test("a manager needs at least one sector; other roles have theirs cleared", () => {
    expect(parseForm(NewStaffAccount, { email: "a@b.vn", name: "A", role: "manager", sectors: [] })).toMatchObject({
      ok: false,
      problem: { kind: "badRequest", status: 400, fieldErrors: { sectors: { code: "chooseOne" } } },
    });
    expect(parseForm(StaffAccountEdit, { name: "A", role: "administrator", sectors: ["land"] })).toMatchObject({ ok: true, value: { sectors: [] } });
    expect(parseForm(StaffAccountEdit, { name: "A", role: "manager", sectors: ["land", "land"] })).toMatchObject({ ok: true, value: { sectors: ["land"] } });
  });

  test.each([
    ["a malformed email", { email: "not-an-email", name: "A", role: "viewer", sectors: [] }, "email", "format"],
    ["a missing email", { name: "A", role: "viewer", sectors: [] }, "email", "required"],
    ["an oversized name", { email: "a@b.vn", name: "x".repeat(500), role: "viewer", sectors: [] }, "name", "tooLong"],
    ["a name with control characters", { email: "a@b.vn", name: "A\u0000B", role: "viewer", sectors: [] }, "name", "format"],
    ["an unknown role", { email: "a@b.vn", name: "A", role: "superuser", sectors: [] }, "role", "invalid"],
  ])("refuses %s, beside the field", (_name, input, field, code) => {
    const parsed = parseForm(NewStaffAccount, input);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem.fieldErrors?.[field]).toMatchObject({ code });
  });

  test("an API token may be a machine role; a manager token needs sectors", () => {
    expect(parseForm(NewApiToken, { name: "Kiosk TT-DD-01", role: "kiosk", sectors: [] })).toMatchObject({ ok: true });
    expect(parseForm(NewApiToken, { name: "Sở", role: "manager", sectors: [] })).toMatchObject({ ok: false, problem: { fieldErrors: { sectors: { code: "chooseOne" } } } });
    expect(parseForm(NewApiToken, { name: "x", role: "root", sectors: [] })).toMatchObject({ ok: false, problem: { fieldErrors: { role: { code: "invalid" } } } });
  });
});

describe("the password change form", () => {
  const schema = passwordChangeSchema({ askCurrent: false });
  test("needs 10 to 200 characters, typed the same twice", () => {
    expect(parseForm(schema, { newPassword: "short", confirmPassword: "short" })).toMatchObject({ ok: false, problem: { fieldErrors: { newPassword: { code: "tooShort" } } } });
    expect(parseForm(schema, { newPassword: "x".repeat(201), confirmPassword: "x".repeat(201) })).toMatchObject({ ok: false, problem: { fieldErrors: { newPassword: { code: "tooLong" } } } });
    expect(parseForm(schema, { newPassword: "một câu dài dễ nhớ", confirmPassword: "một câu dài dễ nhớ." })).toMatchObject({
      ok: false,
      problem: { fieldErrors: { confirmPassword: { code: "passwordMismatch" } } },
    });
    expect(parseForm(schema, { newPassword: "một câu dài dễ nhớ", confirmPassword: "một câu dài dễ nhớ" })).toMatchObject({ ok: true });
  });
  test("asks the current password when the change is voluntary", () => {
    const voluntary = passwordChangeSchema({ askCurrent: true });
    expect(parseForm(voluntary, { newPassword: "một câu dài dễ nhớ", confirmPassword: "một câu dài dễ nhớ" })).toMatchObject({
      ok: false,
      problem: { fieldErrors: { currentPassword: { code: "required" } } },
    });
  });
});

test.each([
  ["12", 12],
  ["0", null],
  ["012", null],
  ["-1", null],
  ["1e3", null],
  ["abc", null],
  ["99999999999999999999", null],
  [undefined, null],
])("an id in the address %j reads as %j", (text, id) => {
  expect(idFromParam(text)).toBe(id);
});
