import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { vietnamDate } from "~/domain/vietnam-time";
import { action, loader } from "~/routes/admin.plan";
import { getRequest, postForm, runRoute, signInAs, type StaffSession } from "../setup/admin-requests";
import { useFreshDatabase } from "../setup/test-database";

/**
 * /admin/plan through its real loader and action: the seeded plan, adding,
 * editing, removing and copying indicators, and every way a post is refused
 * (bad fields, duplicate keys, the wrong role, a forged post, a race).
 */
const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const YEAR = Number(vietnamDate(new Date()).slice(0, 4));
const EMPTY_YEAR = YEAR + 1;

let admin: StaffSession;
let manager: StaffSession;
let viewer: StaffSession;
beforeAll(async () => {
  admin = await signInAs("admin@demo.vn");
  manager = await signInAs("manager.land@demo.vn");
  viewer = await signInAs("viewer@demo.vn");
});

type Fields = Record<string, string | number | string[]>;

const post = (fields: Fields, year: number = YEAR, session = admin, options?: Parameters<typeof postForm>[3]) =>
  runRoute(action, postForm(`/admin/plan?year=${year}`, fields, session, options));
const page = (year: number | string = YEAR, session = admin, extra = "") => runRoute(loader, getRequest(`/admin/plan?year=${year}${extra}`, session));

const INDICATOR = {
  intent: "add",
  key: "land-construction",
  nameVi: "Sự hài lòng về đất đai và xây dựng",
  nameEn: "Satisfaction with land and construction",
  scope: "sectors",
  sectors: ["land", "construction"],
  measure: "headline",
  value: "87,5",
  comparator: ">=",
  minSample: "40",
  sortOrder: "95",
};

async function counts() {
  const n = async (table: "plan_indicators" | "plan_indicator_sectors" | "audit_log") =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  return { indicators: await n("plan_indicators"), links: await n("plan_indicator_sectors"), audit: await n("audit_log") };
}

async function lastAudit() {
  const row = await db.selectFrom("audit_log").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
  return { ...row, before: row.before_json ? JSON.parse(row.before_json) : null, after: row.after_json ? JSON.parse(row.after_json) : null };
}

async function indicatorsOf(year: number) {
  return (await page(year)).data.indicators as Array<{ id: number; key: string; sectors: string[]; scope: string; target: { value: number; comparator: string; minSample: number }; name: { vi: string; en: string }; sortOrder: number }>;
}

/** A post that must be refused with `status`, naming `field`, and storing nothing at all. */
async function expectRefused(fields: Fields, status: number, year = YEAR) {
  const before = await counts();
  const outcome = await post(fields, year);
  expect(outcome.status, JSON.stringify(outcome.data)).toBe(status);
  expect(await counts()).toEqual(before);
  return outcome.data.errors as Record<string, { code: string; values?: Record<string, unknown> }>;
}

describe("the seeded plan", () => {
  test("the current year's nine indicators, the 90% one pooling land, construction, investment and admin", async () => {
    const answer = await page(YEAR);
    expect(answer.status).toBe(200);
    expect(answer.data.year).toBe(YEAR);
    const indicators = answer.data.indicators as Awaited<ReturnType<typeof indicatorsOf>>;
    expect(indicators).toHaveLength(9);
    const ninety = indicators.find((i) => i.target.value === 0.9)!;
    expect(ninety).toMatchObject({ key: "tthc-all", scope: "sectors", target: { comparator: ">=" } });
    expect([...ninety.sectors].sort()).toEqual(["admin", "construction", "investment", "land"]);
    expect(indicators.map((i) => i.sortOrder)).toEqual([...indicators.map((i) => i.sortOrder)].sort((a, b) => a - b));
    expect(answer.data.years).toEqual([YEAR, YEAR - 1]);
    expect(answer.data.sectors.map((s: { code: string }) => s.code)).toEqual(expect.arrayContaining(["land", "health"]));
  });

  test("without ?year the current year; ?edit= picks the indicator; a malformed year is a 404", async () => {
    expect((await runRoute(loader, getRequest("/admin/plan", admin))).data.year).toBe(YEAR);
    const [first] = await indicatorsOf(YEAR);
    expect((await page(YEAR, admin, `&edit=${first!.id}`)).data.editing).toMatchObject({ id: first!.id, key: first!.key });
    expect((await page(YEAR, admin, "&edit=abc")).data.editing).toBeNull();
    for (const year of ["abc", "1999", "2101", "20261", "-1", "1e3"]) expect((await page(year)).status, year).toBe(404);
  });

  test("a manager or a viewer may not see it", async () => {
    expect((await page(YEAR, manager)).status).toBe(403);
    expect((await page(YEAR, viewer)).status).toBe(403);
  });
});

describe("adding, editing, removing", () => {
  test("an administrator adds an indicator: the percentage is stored as a fraction, the change audited", async () => {
    const before = await counts();
    const outcome = await post(INDICATOR);
    expect(outcome).toMatchObject({ status: 303, location: `/admin/plan?year=${YEAR}&saved=1` });
    expect(await counts()).toEqual({ indicators: before.indicators + 1, links: before.links + 2, audit: before.audit + 1 });
    const added = (await indicatorsOf(YEAR)).find((i) => i.key === "land-construction")!;
    expect(added).toMatchObject({
      name: { vi: INDICATOR.nameVi, en: INDICATOR.nameEn },
      scope: "sectors",
      target: { value: 0.875, comparator: ">=", minSample: 40 },
      sortOrder: 95,
    });
    expect([...added.sectors].sort()).toEqual(["construction", "land"]);
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: "create", entity_type: "plan_indicator", entity_id: added.id, before: null });
    expect(audit.after).toMatchObject({ year: YEAR, key: "land-construction", target: { value: 0.875 } });
  });

  test("the same key in the same year is a 409 beside key, and nothing is stored", async () => {
    expect(await expectRefused({ ...INDICATOR, nameVi: "Khác" }, 409)).toEqual({ key: { code: "duplicate" } });
    // Case and spaces do not make a key different.
    expect(await expectRefused({ ...INDICATOR, key: "  LAND-Construction " }, 409)).toEqual({ key: { code: "duplicate" } });
    expect(await expectRefused({ ...INDICATOR, key: "tthc-all" }, 409)).toEqual({ key: { code: "duplicate" } });
  });

  test("the same key in another year is fine", async () => {
    const outcome = await post(INDICATOR, YEAR - 1);
    expect(outcome).toMatchObject({ status: 303, location: `/admin/plan?year=${YEAR - 1}&saved=1` });
    expect((await indicatorsOf(YEAR - 1)).map((i) => i.key)).toContain("land-construction");
  });

  test("scope all keeps no sectors, even when some are ticked; repeated ticks count once", async () => {
    expect((await post({ ...INDICATOR, key: "everyone", scope: "all", sectors: ["land", "nope"] })).status).toBe(303);
    expect((await indicatorsOf(YEAR)).find((i) => i.key === "everyone")).toMatchObject({ scope: "all", sectors: [] });
    expect((await post({ ...INDICATOR, key: "twice", sectors: ["land", "land"] })).status).toBe(303);
    expect((await indicatorsOf(YEAR)).find((i) => i.key === "twice")).toMatchObject({ sectors: ["land"] });
  });

  test("an edit changes the indicator and its sectors, audited before and after", async () => {
    const added = (await indicatorsOf(YEAR)).find((i) => i.key === "land-construction")!;
    const outcome = await post({ ...INDICATOR, intent: "update", indicatorId: String(added.id), nameEn: "Land and building", sectors: ["health"], value: "90", comparator: ">" });
    expect(outcome).toMatchObject({ status: 303, location: `/admin/plan?year=${YEAR}&saved=1` });
    expect((await indicatorsOf(YEAR)).find((i) => i.id === added.id)).toMatchObject({
      name: { en: "Land and building" },
      sectors: ["health"],
      target: { value: 0.9, comparator: ">" },
    });
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: "update", entity_type: "plan_indicator", entity_id: added.id });
    expect(audit.before).toMatchObject({ name: { en: INDICATOR.nameEn }, target: { value: 0.875 } });
    expect(audit.after).toMatchObject({ name: { en: "Land and building" }, sectors: ["health"], target: { value: 0.9 } });
  });

  test("an edit to another indicator's key is a 409; editing a missing indicator a 404", async () => {
    const added = (await indicatorsOf(YEAR)).find((i) => i.key === "land-construction")!;
    expect(await expectRefused({ ...INDICATOR, intent: "update", indicatorId: String(added.id), key: "health" }, 409)).toEqual({ key: { code: "duplicate" } });
    // Keeping its own key is no conflict.
    expect((await post({ ...INDICATOR, intent: "update", indicatorId: String(added.id) })).status).toBe(303);
    for (const indicatorId of ["999999", "abc", "0", "-1", ""]) {
      const before = await counts();
      expect((await post({ ...INDICATOR, intent: "update", indicatorId })).status, indicatorId).toBe(404);
      expect((await post({ intent: "delete", indicatorId })).status, indicatorId).toBe(404);
      expect(await counts()).toEqual(before);
    }
  });

  test("removing an indicator removes its sectors too, audited with what it was", async () => {
    const added = (await indicatorsOf(YEAR)).find((i) => i.key === "land-construction")!;
    const before = await counts();
    expect(await post({ intent: "delete", indicatorId: String(added.id) })).toMatchObject({ status: 303, location: `/admin/plan?year=${YEAR}&saved=1` });
    expect(await counts()).toEqual({ indicators: before.indicators - 1, links: before.links - added.sectors.length, audit: before.audit + 1 });
    expect((await indicatorsOf(YEAR)).some((i) => i.id === added.id)).toBe(false);
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: "delete", entity_type: "plan_indicator", entity_id: added.id, after: null });
    expect(audit.before).toMatchObject({ key: "land-construction" });
    // Gone: a second delete is a 404.
    expect((await post({ intent: "delete", indicatorId: String(added.id) })).status).toBe(404);
  });
});

describe("copying a year", () => {
  test("into an empty year: every indicator with its sectors, each audited", async () => {
    const source = await indicatorsOf(YEAR);
    const before = await counts();
    const outcome = await post({ intent: "copy", fromYear: String(YEAR) }, EMPTY_YEAR);
    expect(outcome).toMatchObject({ status: 303, location: `/admin/plan?year=${EMPTY_YEAR}&saved=1` });
    const copied = await indicatorsOf(EMPTY_YEAR);
    const strip = (list: typeof source) => list.map(({ id: _id, ...rest }) => ({ ...rest, sectors: [...rest.sectors].sort() }));
    expect(strip(copied).map((i) => ({ ...i, year: undefined }))).toEqual(strip(source).map((i) => ({ ...i, year: undefined })));
    const links = source.reduce((n, i) => n + i.sectors.length, 0);
    expect(await counts()).toEqual({ indicators: before.indicators + source.length, links: before.links + links, audit: before.audit + source.length });
    expect(await lastAudit()).toMatchObject({ action: "create", entity_type: "plan_indicator" });
    // The source is untouched.
    expect(await indicatorsOf(YEAR)).toEqual(source);
  });

  test("refused into a year that has a plan (409 beside toYear), from a year without one (404), or from a malformed year (400)", async () => {
    expect(await expectRefused({ intent: "copy", fromYear: String(YEAR - 1) }, 409, YEAR)).toEqual({ toYear: { code: "duplicate" } });
    expect(await expectRefused({ intent: "copy", fromYear: String(YEAR + 50) }, 404, YEAR + 60)).toEqual({ fromYear: { code: "notFound" } });
    for (const fromYear of ["", "abc", "1999", "2101", "2026.5", "1e3"]) {
      expect(await expectRefused({ intent: "copy", fromYear }, 400, YEAR + 61), fromYear).toEqual({ fromYear: { code: "invalid" } });
    }
    expect(await expectRefused({ intent: "copy" }, 400, YEAR + 61)).toEqual({ fromYear: { code: "invalid" } });
  });

  test("two copies into one empty year at once: one is stored, the other refused, never a 500", async () => {
    const target = YEAR + 2;
    const answers = await Promise.all([post({ intent: "copy", fromYear: String(YEAR) }, target), post({ intent: "copy", fromYear: String(YEAR) }, target)]);
    expect(answers.map((a) => a.status).sort()).toEqual([303, 409]);
    expect(await indicatorsOf(target)).toHaveLength((await indicatorsOf(YEAR)).length);
  });
});

describe("bad input", () => {
  const LONG = "x".repeat(201);
  test.each<[string, Fields, string, string?]>([
    ["a key with spaces", { key: "land construction" }, "key", "format"],
    ["a key with Vietnamese letters", { key: "đất-đai" }, "key", "format"],
    ["a key ending in a dash", { key: "land-" }, "key", "format"],
    ["a key of 41 characters", { key: "a".repeat(41) }, "key", "tooLong"],
    ["an empty key", { key: "" }, "key", "required"],
    ["a hostile key", { key: "x'; drop table plan_indicators; --" }, "key", "format"],
    ["an empty Vietnamese name", { nameVi: "   " }, "nameVi", "required"],
    ["an empty English name", { nameEn: "" }, "nameEn", "required"],
    ["a 201-character Vietnamese name", { nameVi: LONG }, "nameVi", "tooLong"],
    ["a 201-character English name", { nameEn: LONG }, "nameEn", "tooLong"],
    ["a line break in the English name", { nameEn: "Two\nlines" }, "nameEn", "format"],
    ["an upper-case sector code", { scope: "sectors", sectors: ["LAND"] }, "sectors", "notFound"],
    ["an unknown scope", { scope: "some" }, "scope"],
    ["an unknown measure", { measure: "happiness" }, "measure"],
    ["an unknown comparator", { comparator: "<" }, "comparator"],
    ["an HTML-escaped comparator", { comparator: "&gt;=" }, "comparator"],
    ["a target of 101", { value: "101" }, "value", "tooBig"],
    ["a target of -1", { value: "-1" }, "value", "tooSmall"],
    ["a target of abc", { value: "abc" }, "value", "format"],
    ["a target of 1e2", { value: "1e2" }, "value", "format"],
    ["an empty target", { value: "" }, "value", "required"],
    ["a minimum sample of 0", { minSample: "0" }, "minSample", "tooSmall"],
    ["a minimum sample of 1.5", { minSample: "1.5" }, "minSample", "format"],
    ["a sort order of 1001", { sortOrder: "1001" }, "sortOrder", "tooBig"],
    ["scope sectors with none ticked", { scope: "sectors", sectors: [] }, "sectors", "chooseOne"],
    ["scope sectors with an unknown sector", { scope: "sectors", sectors: ["land", "nope"] }, "sectors", "notFound"],
    ["scope sectors with only an unknown sector", { scope: "sectors", sectors: ["<script>"] }, "sectors", "notFound"],
    ["51 sectors", { scope: "sectors", sectors: Array.from({ length: 51 }, (_, i) => `s${i}`) }, "sectors", "tooMany"],
    ["an empty sector", { scope: "sectors", sectors: [""] }, "sectors", "notFound"],
    ["a 41-character sector", { scope: "sectors", sectors: ["land", "s".repeat(41)] }, "sectors", "notFound"],
  ])("%s is a 400 naming the field, and nothing is stored", async (_, change, field, code) => {
    for (const intent of ["add", "update"]) {
      const [first] = await indicatorsOf(YEAR);
      const errors = await expectRefused({ ...INDICATOR, key: "fresh-key", intent, indicatorId: String(first!.id), ...change }, 400);
      expect(Object.keys(errors), JSON.stringify(errors)).toEqual([field]);
      if (code) expect(errors[field]).toMatchObject({ code });
    }
  });

  test("a NUL in any field (PostgreSQL refuses one in text; it was a 500 there) is a 400 before the form is read, and nothing is stored", async () => {
    const before = await counts();
    for (const change of [{ nameVi: "Tên\u0000" }, { scope: "sectors", sectors: ["land\u0000"] }, { key: "a\u0000b" }]) {
      expect((await post({ ...INDICATOR, key: "nul-key", ...change })).status).toBe(400);
    }
    expect(await counts()).toEqual(before);
  });

  test("a post with no fields names every required one", async () => {
    const errors = await expectRefused({ intent: "add" }, 400);
    expect(Object.keys(errors).sort()).toEqual(["comparator", "key", "measure", "minSample", "nameEn", "nameVi", "scope", "sortOrder", "value"]);
  });

  test("an unknown or missing intent is a 400", async () => {
    expect(await expectRefused({ ...INDICATOR, intent: "drop" }, 400)).toEqual({ _form: { code: "invalid" } });
    const { intent: _intent, ...noIntent } = INDICATOR;
    expect(await expectRefused(noIntent, 400)).toEqual({ _form: { code: "invalid" } });
  });

  test("an oversized body is refused (413) and nothing is stored", async () => {
    const before = await counts();
    const outcome = await post({ ...INDICATOR, key: "big", nameVi: "x".repeat(20_000) });
    expect(outcome.status).toBe(413);
    expect(await counts()).toEqual(before);
  });

  test("the year in the address must be a real year (404), and nothing is stored", async () => {
    for (const year of ["abc", "1999", "2101"]) {
      const before = await counts();
      const outcome = await runRoute(action, postForm(`/admin/plan?year=${year}`, { ...INDICATOR, key: "elsewhere" }, admin));
      expect(outcome.status, year).toBe(404);
      expect(await counts()).toEqual(before);
    }
  });
});

describe("who may post", () => {
  test("a manager or a viewer is refused (403), and nothing is stored", async () => {
    const before = await counts();
    for (const session of [manager, viewer]) {
      expect((await post({ ...INDICATOR, key: "not-mine" }, YEAR, session)).status).toBe(403);
      expect((await post({ intent: "copy", fromYear: String(YEAR) }, YEAR + 3, session)).status).toBe(403);
      const [first] = await indicatorsOf(YEAR);
      expect((await post({ intent: "delete", indicatorId: String(first!.id) }, YEAR, session)).status).toBe(403);
    }
    expect(await counts()).toEqual(before);
  });

  test("a forged origin, a missing or wrong anti-forgery token, or no session is refused, and nothing is stored", async () => {
    const before = await counts();
    const fields = { ...INDICATOR, key: "forged" };
    expect((await post(fields, YEAR, admin, { origin: "https://evil.example" })).status).toBe(403);
    expect((await post(fields, YEAR, admin, { csrf: false })).status).toBe(403);
    expect((await post(fields, YEAR, admin, { csrf: "x".repeat(43) })).status).toBe(403);
    expect((await post(fields, YEAR, admin, { csrf: manager.csrf })).status).toBe(403);
    const anonymous = await runRoute(action, postForm(`/admin/plan?year=${YEAR}`, fields));
    expect([302, 401, 403]).toContain(anonymous.status);
    expect(await counts()).toEqual(before);
  });
});

describe("races", () => {
  test("two identical adds at once: one stored, the other a 409 beside key, never a 500", async () => {
    const fields = { ...INDICATOR, key: "raced" };
    const answers = await Promise.all([post(fields), post(fields), post(fields)]);
    expect(answers.map((a) => a.status).sort()).toEqual([303, 409, 409]);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.data.errors).toEqual({ key: { code: "duplicate" } });
    expect((await indicatorsOf(YEAR)).filter((i) => i.key === "raced")).toHaveLength(1);
    const audits = await db.selectFrom("audit_log").select("id").where("entity_type", "=", "plan_indicator").where("entity_label", "=", `${YEAR} raced`).execute();
    expect(audits).toHaveLength(1);
  });
});

describe("edits and removals at once", () => {
  // On PostgreSQL an edit racing a removal failed on the sector links' foreign key or deadlocked (500) before both took the indicator's row lock first.
  test("an edit and a removal of one indicator at once: both answered (303, or 404 for the edit that came second), never a 500, no link left behind", async () => {
    for (let i = 0; i < 6; i += 1) {
      const key = `contested-${i}`;
      expect((await post({ ...INDICATOR, key })).status).toBe(303);
      const { id } = (await indicatorsOf(YEAR)).find((x) => x.key === key)!;
      const [edit, removal] = await Promise.all([
        post({ ...INDICATOR, key, intent: "update", indicatorId: String(id), sectors: ["health", "education"] }),
        post({ intent: "delete", indicatorId: String(id) }),
      ]);
      expect([303, 404]).toContain(edit.status);
      expect(removal.status).toBe(303);
      expect(await db.selectFrom("plan_indicators").select("id").where("id", "=", id).execute()).toEqual([]);
      expect(await db.selectFrom("plan_indicator_sectors").select("sector_id").where("indicator_id", "=", id).execute()).toEqual([]);
    }
  });

  test("two edits of one indicator at once: both saved one after the other, the links those of one of them", async () => {
    const key = "edited-twice";
    expect((await post({ ...INDICATOR, key })).status).toBe(303);
    const { id } = (await indicatorsOf(YEAR)).find((x) => x.key === key)!;
    const answers = await Promise.all([
      post({ ...INDICATOR, key, intent: "update", indicatorId: String(id), sectors: ["health"] }),
      post({ ...INDICATOR, key, intent: "update", indicatorId: String(id), sectors: ["land", "education"] }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([303, 303]);
    const sectors = [...(await indicatorsOf(YEAR)).find((x) => x.id === id)!.sectors].sort();
    expect([["health"], ["education", "land"]]).toContainEqual(sectors);
  });
});

describe("the audit trail", () => {
  test("every change above left a plan_indicator row naming the administrator", async () => {
    const rows = await db.selectFrom("audit_log").select(["action", "actor_name"]).where("entity_type", "=", "plan_indicator").execute();
    const actions = new Set(rows.map((r) => r.action));
    expect([...actions].sort()).toEqual(["create", "delete", "update"]);
    expect(new Set(rows.map((r) => r.actor_name))).toEqual(new Set(["Quản trị viên"]));
  });
});
