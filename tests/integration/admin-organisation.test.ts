import { sql } from "kysely";
import { isPostgres } from "#db/dialect";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseIndexQuery } from "~/domain/index-query";
import { getActiveServicePoint, listActiveServicePointsByAgency } from "~/modules/organisation/organisation.repository.server";
import { action as agenciesAction, loader as agenciesPage } from "~/routes/admin.agencies._index";
import { action as agencyAction, loader as agencyPage } from "~/routes/admin.agencies.$code";
import { action as sectorAction, loader as sectorPage } from "~/routes/admin.sectors.$code";
import { loader as sectorsPage } from "~/routes/admin.sectors._index";
import { action as newSectorAction } from "~/routes/admin.sectors.new";
import { action as pointAction, loader as pointPage } from "~/routes/admin.service-points.$code";
import { loader as pointsPage } from "~/routes/admin.service-points._index";
import { action as newPointAction, loader as newPointPage } from "~/routes/admin.service-points.new";
import { loader as surveyPage } from "~/routes/s.$code";
import { computeIndexRows } from "~/modules/indices/indices.service.server";
import { submitResponse } from "~/modules/survey/submission.service.server";
import { getRequest, postForm, runRoute, signInAs, type StaffSession } from "../setup/admin-requests";
import { trustedSubmission } from "../setup/submissions";
import { useFreshDatabase } from "../setup/test-database";

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

let admin: StaffSession;
beforeAll(async () => {
  admin = await signInAs("admin@demo.vn");
});

type Route = Parameters<typeof runRoute>[0];

function post(route: Route, path: string, fields: Record<string, string | number | string[]>, params: Record<string, string> = {}, session = admin) {
  return runRoute(route, postForm(path, fields, session), params);
}

function get(route: Route, path: string, params: Record<string, string> = {}, session = admin) {
  return runRoute(route, getRequest(path, session), params);
}

async function auditCount(): Promise<number> {
  const row = await db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function lastAudit() {
  const row = await db.selectFrom("audit_log").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
  return { ...row, before: row.before_json ? JSON.parse(row.before_json) : null, after: row.after_json ? JSON.parse(row.after_json) : null };
}

async function count(table: "sectors" | "agencies" | "service_points" | "sector_targets"): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function idOf(table: "sectors" | "agencies" | "questionnaires", code: string): Promise<number> {
  return (await db.selectFrom(table).select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
}

/** Posts a form that must be refused with 400, and checks that nothing at all was written. */
async function expectRefused(route: Route, path: string, fields: Record<string, string | number | string[]>, params: Record<string, string> = {}) {
  const before = await Promise.all([count("sectors"), count("agencies"), count("service_points"), count("sector_targets"), auditCount()]);
  const outcome = await post(route, path, fields, params);
  expect(outcome.status, JSON.stringify(outcome.data)).toBe(400);
  expect(await Promise.all([count("sectors"), count("agencies"), count("service_points"), count("sector_targets"), auditCount()])).toEqual(before);
  return outcome.data.errors as Record<string, { code: string; values?: Record<string, unknown> }>;
}

/** A BEFORE INSERT trigger for one test, in the engine's dialect: it runs `statement` first, or fails with `failure`. */
async function createTrigger(name: string, table: string, when: string | null, does: { statement: string } | { failure: string }) {
  if (isPostgres(db)) {
    const body = "statement" in does ? `${does.statement}; return new;` : `raise exception '${does.failure}';`;
    await sql.raw(`create function ${name}() returns trigger language plpgsql as $$ begin ${body} end $$`).execute(db);
    await sql.raw(`create trigger ${name} before insert on ${table} for each row ${when ? `when (${when})` : ""} execute function ${name}()`).execute(db);
  } else {
    const body = "statement" in does ? `${does.statement};` : `select raise(abort, '${does.failure}');`;
    await sql.raw(`create trigger ${name} before insert on ${table} ${when ? `when ${when}` : ""} begin ${body} end`).execute(db);
  }
}

async function dropTrigger(name: string, table: string) {
  if (isPostgres(db)) {
    await sql.raw(`drop trigger ${name} on ${table}`).execute(db);
    await sql.raw(`drop function ${name}()`).execute(db);
  } else {
    await sql.raw(`drop trigger ${name}`).execute(db);
  }
}

const LONG = "x".repeat(201);
const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)> ' OR 1=1; --`;

describe("sectors", () => {
  const sector = { code: "water", nameVi: "Cấp nước", nameEn: "Water supply", sortOrder: "7", questionnaireId: "" };

  test("an administrator creates one, and the change is recorded with it", async () => {
    const outcome = await post(newSectorAction, "/admin/sectors/new", { ...sector, questionnaireId: String(await idOf("questionnaires", "tthc")) });
    expect(outcome).toMatchObject({ status: 303, location: "/admin/sectors/water?saved=1" });
    expect(await db.selectFrom("sectors").selectAll().where("code", "=", "water").executeTakeFirst()).toMatchObject({
      name_vi: "Cấp nước",
      name_en: "Water supply",
      sort_order: 7,
      active: 1,
    });
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: "create", entity_type: "sector", entity_label: "water", actor_name: "Quản trị viên", before: null });
    expect(audit.after).toEqual({ code: "water", name: { vi: "Cấp nước", en: "Water supply" }, sortOrder: 7, questionnaire: "tthc", active: true });

    const list = await get(sectorsPage, "/admin/sectors");
    expect(list.data.sectors.map((s: { code: string }) => s.code)).toContain("water");
  });

  test("missing, malformed, oversized and duplicate input is refused beside each field, and nothing is stored", async () => {
    expect(await expectRefused(newSectorAction, "/admin/sectors/new", {})).toMatchObject({ code: { code: "required" }, nameVi: { code: "required" } });
    expect(
      await expectRefused(newSectorAction, "/admin/sectors/new", { code: "Đất đai!", nameVi: "  ", sortOrder: "abc", questionnaireId: "x1" }),
    ).toMatchObject({ code: { code: "format" }, nameVi: { code: "required" }, sortOrder: { code: "format" }, questionnaireId: { code: "notFound" } });
    expect(await expectRefused(newSectorAction, "/admin/sectors/new", { code: "a".repeat(33), nameVi: LONG, nameEn: LONG, sortOrder: "10000" })).toMatchObject({
      code: { code: "tooLong", values: { max: 32 } },
      nameVi: { code: "tooLong", values: { max: 200 } },
      nameEn: { code: "tooLong" },
      sortOrder: { code: "tooBig", values: { max: 9999 } },
    });
    expect(await expectRefused(newSectorAction, "/admin/sectors/new", { code: HOSTILE, nameVi: "x" })).toMatchObject({ code: { code: "tooLong" } });
    expect(await expectRefused(newSectorAction, "/admin/sectors/new", { code: "<b>x</b>", nameVi: "x" })).toMatchObject({ code: { code: "format" } });
    expect(await expectRefused(newSectorAction, "/admin/sectors/new", { code: "LAND", nameVi: "Đất đai 2" })).toEqual({ code: { code: "duplicate" } });
    expect(await expectRefused(newSectorAction, "/admin/sectors/new", { code: "new", nameVi: "x" })).toEqual({ code: { code: "format" } });
    expect(await expectRefused(newSectorAction, "/admin/sectors/new", { code: "waste", nameVi: "Rác", questionnaireId: "99999" })).toEqual({
      questionnaireId: { code: "notFound" },
    });
    // What was typed comes back, to fill the form again.
    const outcome = await post(newSectorAction, "/admin/sectors/new", { code: "land", nameVi: "Đất đai 2" });
    expect(outcome.data.values).toMatchObject({ code: "land", nameVi: "Đất đai 2" });
  });

  test("hostile text is stored as text; a repeated field counts once", async () => {
    const outcome = await post(newSectorAction, "/admin/sectors/new", { code: ["hostile", "other"], nameVi: HOSTILE, nameEn: "" });
    expect(outcome.status).toBe(303);
    expect(await db.selectFrom("sectors").select(["name_vi", "name_en"]).where("code", "=", "hostile").executeTakeFirst()).toEqual({ name_vi: HOSTILE, name_en: HOSTILE });
    expect(await db.selectFrom("sectors").select("id").where("code", "=", "other").executeTakeFirst()).toBeUndefined();
  });

  test("an edit changes names, order and questionnaire, never the code, and records before and after", async () => {
    const outcome = await post(sectorAction, "/admin/sectors/water", { intent: "update", code: "changed", nameVi: "Cấp thoát nước", nameEn: "", sortOrder: "3", questionnaireId: "" }, { code: "water" });
    expect(outcome).toMatchObject({ status: 303, location: "/admin/sectors/water?saved=1" });
    expect(await db.selectFrom("sectors").selectAll().where("code", "=", "water").executeTakeFirst()).toMatchObject({
      name_vi: "Cấp thoát nước",
      name_en: "Cấp thoát nước",
      sort_order: 3,
      questionnaire_id: null,
    });
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: "update", entity_type: "sector", entity_label: "water" });
    expect(audit.before).toMatchObject({ name: { vi: "Cấp nước" }, questionnaire: "tthc" });
    expect(audit.after).toMatchObject({ name: { vi: "Cấp thoát nước" }, questionnaire: null });
    expect(await expectRefused(sectorAction, "/admin/sectors/water", { intent: "update", nameVi: LONG }, { code: "water" })).toMatchObject({ nameVi: { code: "tooLong" } });
  });

  test("deactivating and reactivating are recorded", async () => {
    expect((await post(sectorAction, "/admin/sectors/water", { intent: "deactivate" }, { code: "water" })).status).toBe(303);
    expect((await db.selectFrom("sectors").select("active").where("code", "=", "water").executeTakeFirstOrThrow()).active).toBe(0);
    expect(await lastAudit()).toMatchObject({ action: "deactivate", before: { active: true }, after: { active: false } });
    expect((await post(sectorAction, "/admin/sectors/water", { intent: "reactivate" }, { code: "water" })).status).toBe(303);
    expect(await lastAudit()).toMatchObject({ action: "reactivate", after: { active: true } });
  });

  test("an unknown code is a 404, to look at or to change", async () => {
    expect((await get(sectorPage, "/admin/sectors/nothing", { code: "nothing" })).status).toBe(404);
    const before = await auditCount();
    expect((await post(sectorAction, "/admin/sectors/nothing", { intent: "update", nameVi: "x" }, { code: "nothing" })).status).toBe(404);
    expect((await post(sectorAction, "/admin/sectors/nothing", { intent: "deactivate" }, { code: "nothing" })).status).toBe(404);
    expect(await auditCount()).toBe(before);
  });
});

describe("yearly targets", () => {
  test("a percent is stored as a fraction, and the change recorded", async () => {
    const outcome = await post(sectorAction, "/admin/sectors/water", { intent: "addTarget", year: "2027", value: "87,5", comparator: ">", headline: "answers", minSample: "40" }, { code: "water" });
    expect(outcome).toMatchObject({ status: 303, location: "/admin/sectors/water?saved=1" });
    const target = await db.selectFrom("sector_targets").selectAll().where("sector_id", "=", await idOf("sectors", "water")).executeTakeFirstOrThrow();
    expect(target).toMatchObject({ year: 2027, value: 0.875, comparator: ">", headline_index: "answers", min_sample: 40 });
    expect(await lastAudit()).toMatchObject({
      action: "create",
      entity_type: "sector_target",
      entity_label: "water 2027",
      after: { sector: "water", year: 2027, value: 0.875, comparator: ">", headline: "answers", minSample: 40 },
    });
    const page = await get(sectorPage, "/admin/sectors/water?year=2027", { code: "water" });
    expect(page.data.editing).toMatchObject({ year: 2027, value: 0.875 });
  });

  test("bad years, values outside 0–100, unknown choices and a second target for a year are refused", async () => {
    const base = { intent: "addTarget", year: "2028", value: "85", comparator: ">=", headline: "overall", minSample: "30" };
    const refuse = (fields: Record<string, string>) => expectRefused(sectorAction, "/admin/sectors/water", { ...base, ...fields }, { code: "water" });
    expect(await refuse({ year: "1999" })).toEqual({ year: { code: "tooSmall", values: { min: 2000 } } });
    expect(await refuse({ year: "2101" })).toEqual({ year: { code: "tooBig", values: { max: 2100 } } });
    expect(await refuse({ year: "twenty" })).toEqual({ year: { code: "format" } });
    expect(await refuse({ value: "100.5" })).toEqual({ value: { code: "tooBig", values: { max: 100 } } });
    expect(await refuse({ value: "-1" })).toEqual({ value: { code: "tooSmall", values: { min: 0 } } });
    expect(await refuse({ value: "eighty" })).toEqual({ value: { code: "format" } });
    expect(await refuse({ value: "1e2" })).toEqual({ value: { code: "format" } });
    expect(await refuse({ comparator: "<" })).toEqual({ comparator: { code: "invalid" } });
    expect(await refuse({ headline: HOSTILE })).toEqual({ headline: { code: "invalid" } });
    expect(await refuse({ minSample: "0" })).toEqual({ minSample: { code: "tooSmall", values: { min: 1 } } });
    expect(await refuse({ year: "", value: "", minSample: LONG })).toMatchObject({ year: { code: "required" }, value: { code: "required" }, minSample: { code: "tooLong" } });
    expect(await refuse({ year: "2027" })).toEqual({ year: { code: "duplicate" } });
  });

  test("a year's target is edited and removed; another sector's target is not reachable", async () => {
    const water = await idOf("sectors", "water");
    const target = await db.selectFrom("sector_targets").select("id").where("sector_id", "=", water).where("year", "=", 2027).executeTakeFirstOrThrow();
    const edit = { intent: "updateTarget", targetId: String(target.id), year: "2027", value: "90", comparator: ">=", headline: "overall", minSample: "30" };
    expect((await post(sectorAction, "/admin/sectors/water", edit, { code: "water" })).status).toBe(303);
    expect(await lastAudit()).toMatchObject({ action: "update", before: { value: 0.875, comparator: ">" }, after: { value: 0.9, comparator: ">=" } });

    const land = await db.selectFrom("sector_targets").select("id").where("sector_id", "=", await idOf("sectors", "land")).executeTakeFirstOrThrow();
    expect((await post(sectorAction, "/admin/sectors/water", { intent: "deleteTarget", targetId: String(land.id) }, { code: "water" })).status).toBe(404);
    expect((await post(sectorAction, "/admin/sectors/water", { intent: "deleteTarget", targetId: "abc" }, { code: "water" })).status).toBe(404);

    expect((await post(sectorAction, "/admin/sectors/water", { intent: "deleteTarget", targetId: String(target.id) }, { code: "water" })).status).toBe(303);
    expect(await db.selectFrom("sector_targets").select("id").where("id", "=", target.id).executeTakeFirst()).toBeUndefined();
    expect(await lastAudit()).toMatchObject({ action: "delete", entity_type: "sector_target", entity_label: "water 2027", after: null, before: { value: 0.9 } });
  });
});

describe("agencies", () => {
  test("an administrator creates one under a parent; the tree shows it indented", async () => {
    const parentId = String(await idOf("agencies", "ttphvhcc"));
    const outcome = await post(agenciesAction, "/admin/agencies", { code: "so-yt", nameVi: "Sở Y tế", nameEn: "Department of Health", parentId });
    expect(outcome).toMatchObject({ status: 303, location: "/admin/agencies/so-yt?saved=1" });
    expect(await lastAudit()).toMatchObject({ action: "create", entity_type: "agency", after: { code: "so-yt", parent: "ttphvhcc", active: true } });
    const tree = (await get(agenciesPage, "/admin/agencies")).data.tree as Array<{ code: string; depth: number }>;
    const centre = tree.findIndex((a) => a.code === "ttphvhcc");
    expect(tree[centre]!.depth).toBe(0);
    expect(tree.find((a) => a.code === "so-yt")!.depth).toBe(1);
    expect(tree.findIndex((a) => a.code === "so-yt")).toBeGreaterThan(centre);
  });

  test("bad input is refused beside each field", async () => {
    const refuse = (fields: Record<string, string | string[]>) => expectRefused(agenciesAction, "/admin/agencies", fields);
    expect(await refuse({})).toMatchObject({ code: { code: "required" }, nameVi: { code: "required" } });
    expect(await refuse({ code: "so xd", nameVi: LONG })).toMatchObject({ code: { code: "format" }, nameVi: { code: "tooLong" } });
    expect(await refuse({ code: "so-xd", nameVi: "Sở Xây dựng" })).toEqual({ code: { code: "duplicate" } });
    expect(await refuse({ code: "so-ld", nameVi: "Sở Lao động", parentId: "424242" })).toEqual({ parentId: { code: "notFound" } });
    expect(await refuse({ code: "so-ld", nameVi: "Sở Lao động", parentId: HOSTILE })).toEqual({ parentId: { code: "notFound" } });
  });

  test("an agency cannot move under itself or one of its descendants", async () => {
    const centre = await idOf("agencies", "ttphvhcc");
    const desk = await idOf("agencies", "so-xd");
    const move = (parentId: number) => expectRefused(agencyAction, "/admin/agencies/ttphvhcc", { intent: "update", nameVi: "Trung tâm", parentId: String(parentId) }, { code: "ttphvhcc" });
    expect(await move(desk)).toEqual({ parentId: { code: "cycle" } });
    expect(await move(centre)).toEqual({ parentId: { code: "cycle" } });
    // Its page offers only the parents it may have.
    const page = await get(agencyPage, "/admin/agencies/ttphvhcc", { code: "ttphvhcc" });
    expect(page.data.parents.map((p: { id: number }) => p.id)).not.toContain(desk);
  });

  test("a move elsewhere and a rename are recorded", async () => {
    const outcome = await post(agencyAction, "/admin/agencies/so-yt", { intent: "update", nameVi: "Sở Y tế Nghệ An", nameEn: "Health", parentId: "" }, { code: "so-yt" });
    expect(outcome.status).toBe(303);
    expect(await lastAudit()).toMatchObject({ action: "update", before: { parent: "ttphvhcc", name: { vi: "Sở Y tế" } }, after: { parent: null, name: { vi: "Sở Y tế Nghệ An" } } });
  });

  test("an agency with active service points cannot be deactivated; an empty one can", async () => {
    expect(await expectRefused(agencyAction, "/admin/agencies/so-xd", { intent: "deactivate" }, { code: "so-xd" })).toEqual({ _form: { code: "inUse" } });
    expect((await post(agencyAction, "/admin/agencies/so-yt", { intent: "deactivate" }, { code: "so-yt" })).status).toBe(303);
    expect(await lastAudit()).toMatchObject({ action: "deactivate", entity_label: "so-yt", after: { active: false } });
    expect((await post(agencyAction, "/admin/agencies/so-yt", { intent: "reactivate" }, { code: "so-yt" })).status).toBe(303);
  });

  test("an unknown code is a 404", async () => {
    expect((await get(agencyPage, "/admin/agencies/nope", { code: "nope" })).status).toBe(404);
    expect((await post(agencyAction, "/admin/agencies/nope", { intent: "update", nameVi: "x" }, { code: "nope" })).status).toBe(404);
  });
});

describe("service points", () => {
  let land: string;
  let construction: string;
  let deskXd: string;
  beforeAll(async () => {
    land = String(await idOf("sectors", "land"));
    construction = String(await idOf("sectors", "construction"));
    deskXd = String(await idOf("agencies", "so-xd"));
  });

  test("an administrator creates one with a chosen code (typed in any case)", async () => {
    const outcome = await post(newPointAction, "/admin/service-points/new", {
      code: " tt-xd-09 ",
      nameVi: "Quầy số 9 — Xây dựng",
      nameEn: "Counter 9",
      agencyId: deskXd,
      sectors: [land, construction, land],
      questionnaireId: "",
    });
    expect(outcome).toMatchObject({ status: 303, location: "/admin/service-points/TT-XD-09?saved=1" });
    expect(await lastAudit()).toMatchObject({
      action: "create",
      entity_type: "service_point",
      entity_label: "TT-XD-09",
      after: { code: "TT-XD-09", agency: "so-xd", sectors: ["land", "construction"], questionnaire: null, active: true },
    });
    const page = await get(pointPage, "/admin/service-points/TT-XD-09", { code: "TT-XD-09" });
    expect(page.data.point).toMatchObject({ code: "TT-XD-09", agency: { code: "so-xd" }, active: true });
    const survey = await getActiveServicePoint(db, "TT-XD-09");
    expect(survey?.sectors.map((s) => s.code)).toEqual(["land", "construction"]);
  });

  test("without a code, one is made from the agency's code and the next free number", async () => {
    const make = () => post(newPointAction, "/admin/service-points/new", { code: "", nameVi: "Quầy mới", agencyId: deskXd, sectors: [construction] });
    expect((await make()).location).toBe("/admin/service-points/SO-XD-01?saved=1");
    expect((await make()).location).toBe("/admin/service-points/SO-XD-02?saved=1");
  });

  test("bad input is refused beside each field, and nothing is stored", async () => {
    const base = { code: "TT-NEW-01", nameVi: "Quầy", agencyId: deskXd, sectors: [land] };
    const refuse = (fields: Record<string, string | string[]>) => expectRefused(newPointAction, "/admin/service-points/new", { ...base, ...fields });
    expect(await expectRefused(newPointAction, "/admin/service-points/new", {})).toMatchObject({
      nameVi: { code: "required" },
      agencyId: { code: "required" },
      sectors: { code: "chooseOne" },
    });
    expect(await refuse({ sectors: [] })).toEqual({ sectors: { code: "chooseOne" } });
    expect(await refuse({ code: "A" })).toEqual({ code: { code: "tooShort", values: { min: 2 } } });
    expect(await refuse({ code: "QUẦY 1" })).toEqual({ code: { code: "format" } });
    expect(await refuse({ code: "-TT-" })).toEqual({ code: { code: "format" } });
    expect(await refuse({ code: "new" })).toEqual({ code: { code: "format" } });
    expect(await refuse({ code: "X".repeat(33), nameVi: LONG, nameEn: LONG })).toMatchObject({ code: { code: "tooLong" }, nameVi: { code: "tooLong" }, nameEn: { code: "tooLong" } });
    expect(await refuse({ code: HOSTILE })).toMatchObject({ code: { code: "tooLong" } });
    expect(await refuse({ code: "tt-dd-01" })).toEqual({ code: { code: "duplicate" } });
    expect(await refuse({ agencyId: "999999" })).toEqual({ agencyId: { code: "notFound" } });
    expect(await refuse({ agencyId: "so-xd" })).toEqual({ agencyId: { code: "notFound" } });
    expect(await refuse({ sectors: [land, "999999"] })).toEqual({ sectors: { code: "notFound" } });
    expect(await refuse({ sectors: ["<b>", "x".repeat(300)] })).toEqual({ sectors: { code: "notFound" } });
    expect(await refuse({ questionnaireId: "999999" })).toEqual({ questionnaireId: { code: "notFound" } });
    // A questionnaire still in its first draft has nothing to serve a citizen yet.
    const drafted = await db.insertInto("questionnaires").values({ code: "only-draft", name_vi: "Nháp", name_en: "Draft" }).returning("id").executeTakeFirstOrThrow();
    await db.insertInto("questionnaire_versions").values({ questionnaire_id: drafted.id, version: 1, status: "draft", published_at: null }).execute();
    expect(await refuse({ questionnaireId: String(drafted.id) })).toEqual({ questionnaireId: { code: "unpublished" } });
    expect(await refuse({ sectors: Array.from({ length: 51 }, () => land) })).toEqual({ sectors: { code: "tooMany", values: { max: 50 } } });
  });

  test("when two administrators race for a code, the second gets 'duplicate' and nothing half-done is kept", async () => {
    // Another administrator's point with the same code lands between our check and our insert.
    const theirs = "insert into service_points (code, agency_id, name_vi, name_en) values (new.code, new.agency_id, 'theirs', 'theirs')";
    const when = "new.code = 'RACE-01' and new.name_vi = 'ours'";
    await createTrigger("race", "service_points", when, { statement: theirs });
    try {
      const errors = await expectRefused(newPointAction, "/admin/service-points/new", { code: "RACE-01", nameVi: "ours", agencyId: deskXd, sectors: [land] });
      expect(errors).toEqual({ code: { code: "duplicate" } });
    } finally {
      await dropTrigger("race", "service_points");
    }
  });

  test("if the audit record cannot be written, the change is not made either", async () => {
    await createTrigger("no_audit", "audit_log", null, { failure: "audit unavailable" });
    try {
      const outcome = post(pointAction, "/admin/service-points/TT-XD-09", { intent: "update", nameVi: "Renamed", agencyId: deskXd, sectors: [land] }, { code: "TT-XD-09" });
      await expect(outcome).rejects.toThrow(/audit unavailable/);
    } finally {
      await dropTrigger("no_audit", "audit_log");
    }
    const point = await db.selectFrom("service_points").select("name_vi").where("code", "=", "TT-XD-09").executeTakeFirstOrThrow();
    expect(point.name_vi).toBe("Quầy số 9 — Xây dựng");
    const sectors = await db
      .selectFrom("service_point_sectors as ps")
      .innerJoin("service_points as p", "p.id", "ps.service_point_id")
      .select("ps.sector_id")
      .where("p.code", "=", "TT-XD-09")
      .execute();
    expect(sectors).toHaveLength(2);
  });

  test("an edit changes names, agency, sectors and questionnaire, never the code", async () => {
    const questionnaire = String(await idOf("questionnaires", "education"));
    const outcome = await post(
      pointAction,
      "/admin/service-points/TT-XD-09",
      { intent: "update", code: "OTHER", nameVi: "Quầy số 9", nameEn: "Desk 9", agencyId: String(await idOf("agencies", "so-tc")), sectors: [construction], questionnaireId: questionnaire },
      { code: "TT-XD-09" },
    );
    expect(outcome).toMatchObject({ status: 303, location: "/admin/service-points/TT-XD-09?saved=1" });
    expect(await lastAudit()).toMatchObject({
      action: "update",
      before: { code: "TT-XD-09", agency: "so-xd", sectors: ["land", "construction"], questionnaire: null },
      after: { code: "TT-XD-09", agency: "so-tc", sectors: ["construction"], questionnaire: "education", name: { vi: "Quầy số 9" } },
    });
    expect(await expectRefused(pointAction, "/admin/service-points/TT-XD-09", { intent: "update", nameVi: "x", agencyId: deskXd }, { code: "TT-XD-09" })).toEqual({
      sectors: { code: "chooseOne" },
    });
  });

  test("the list groups points by agency and filters by one", async () => {
    const all = await get(pointsPage, "/admin/service-points");
    expect(all.data.total).toBe(13);
    const one = await get(pointsPage, "/admin/service-points?agency=so-nnmt");
    expect(one.data.groups).toHaveLength(1);
    expect(one.data.groups[0].points.map((p: { code: string }) => p.code)).toEqual(["TT-DD-01", "TT-DD-02"]);
    expect((await get(pointsPage, `/admin/service-points?agency=${encodeURIComponent(HOSTILE)}`)).data.total).toBe(13);
  });

  test("a deactivated point disappears for citizens and keeps counting in the figures of the past", async () => {
    const answers: Record<string, string> = { overall: "5", feedback: "na", visits: "1", on_time: "on_time", submission_channel: "online" };
    for (const key of ["signage", "posted", "as_posted", "courtesy", "guidance", "result_correct"]) answers[key] = "4";
    const submitted = await submitResponse(db, trustedSubmission("SO-XD-01", answers));
    expect(submitted.kind).toBe("created");

    const outcome = await post(pointAction, "/admin/service-points/SO-XD-01", { intent: "deactivate" }, { code: "SO-XD-01" });
    expect(outcome).toMatchObject({ status: 303, location: "/admin/service-points/SO-XD-01?saved=1" });
    expect(await lastAudit()).toMatchObject({ action: "deactivate", entity_type: "service_point", before: { active: true }, after: { active: false } });

    expect(await getActiveServicePoint(db, "SO-XD-01")).toBeNull();
    const browsable = (await listActiveServicePointsByAgency(db)).flatMap((a) => a.points.map((p) => p.code));
    expect(browsable).not.toContain("SO-XD-01");
    expect(browsable).toContain("SO-XD-02");
    expect((await runRoute(surveyPage, getRequest("/s/SO-XD-01"), { code: "SO-XD-01" })).status).toBe(404);

    const parsed = parseIndexQuery(new URLSearchParams({ groupBy: "servicePoint", sector: "construction" }), new Date());
    if (!parsed.ok) throw new Error("bad query");
    const result = await computeIndexRows(db, parsed.value, { sectorIds: null });
    if (!result.ok) throw new Error(result.problem.message);
    expect(result.value.rows.find((r) => r.key === "SO-XD-01")?.indices.respondents).toBe(1);

    // Still the administrator's to see and bring back.
    expect((await get(pointPage, "/admin/service-points/SO-XD-01", { code: "SO-XD-01" })).data.point.active).toBe(false);
    expect((await post(pointAction, "/admin/service-points/SO-XD-01", { intent: "reactivate" }, { code: "SO-XD-01" })).status).toBe(303);
    expect(await getActiveServicePoint(db, "SO-XD-01")).not.toBeNull();
  });

  test("an unknown code is a 404", async () => {
    expect((await get(pointPage, "/admin/service-points/NOPE", { code: "NOPE" })).status).toBe(404);
    expect((await post(pointAction, "/admin/service-points/NOPE", { intent: "deactivate" }, { code: "NOPE" })).status).toBe(404);
  });
});

describe("who may change the organisation", () => {
  const posts: Array<[string, Route, string, Record<string, string | string[]>, Record<string, string>]> = [
    ["a new sector", newSectorAction, "/admin/sectors/new", { code: "forged", nameVi: "x" }, {}],
    ["a sector", sectorAction, "/admin/sectors/land", { intent: "deactivate" }, { code: "land" }],
    ["a new agency", agenciesAction, "/admin/agencies", { code: "forged", nameVi: "x" }, {}],
    ["an agency", agencyAction, "/admin/agencies/so-xd", { intent: "update", nameVi: "x" }, { code: "so-xd" }],
    ["a new service point", newPointAction, "/admin/service-points/new", { code: "FORGED", nameVi: "x", agencyId: "1", sectors: ["1"] }, {}],
    ["a service point", pointAction, "/admin/service-points/TT-DD-01", { intent: "deactivate" }, { code: "TT-DD-01" }],
  ];

  test.each(posts)("%s: a manager gets 403; a post without the anti-forgery token gets 403; nothing changes", async (_name, route, path, fields, params) => {
    const manager = await signInAs("manager.land@demo.vn");
    const before = await auditCount();
    expect((await runRoute(route, postForm(path, fields, manager), params)).status).toBe(403);
    expect((await runRoute(route, postForm(path, fields, admin, { csrf: false }), params)).status).toBe(403);
    expect((await runRoute(route, postForm(path, fields, admin, { csrf: "x".repeat(43) }), params)).status).toBe(403);
    expect(await auditCount()).toBe(before);
    expect(await db.selectFrom("sectors").select("id").where("code", "=", "forged").executeTakeFirst()).toBeUndefined();
    expect((await db.selectFrom("service_points").select("active").where("code", "=", "TT-DD-01").executeTakeFirstOrThrow()).active).toBe(1);
  });

  test("a manager cannot see the pages either", async () => {
    const manager = await signInAs("manager.land@demo.vn");
    for (const [route, path, params] of [
      [sectorsPage, "/admin/sectors", {}],
      [agenciesPage, "/admin/agencies", {}],
      [pointsPage, "/admin/service-points", {}],
      [newPointPage, "/admin/service-points/new", {}],
      [pointPage, "/admin/service-points/TT-DD-01", { code: "TT-DD-01" }],
    ] as Array<[Route, string, Record<string, string>]>) {
      expect((await runRoute(route, getRequest(path, manager), params)).status, path).toBe(403);
    }
  });
});
