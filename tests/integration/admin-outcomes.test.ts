import { afterAll, describe, expect, test } from "vitest";
import { isUniqueViolation } from "#db/unique-violation";
import { fieldProblem } from "~/domain/form-errors";
import { refused, succeeded } from "~/domain/problem";
import { createAgency } from "~/modules/organisation/agencies.service.server";
import { createSector } from "~/modules/organisation/sectors.service.server";
import { createServicePoint } from "~/modules/organisation/service-points.service.server";
import { inTransaction } from "~/modules/shared/transaction.server";
import { useFreshDatabase } from "../setup/test-database";

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const actor = { userId: null, name: "test" };
const sectorRow = (code: string) => ({ code, name_vi: code, name_en: code, sort_order: 99, questionnaire_id: null, active: 1 as const });
const sectorCodes = async () => (await db.selectFrom("sectors").select("code").execute()).map((r) => r.code);
const auditCount = async () => Number((await db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

describe("a use case's transaction", () => {
  test("a refusal after a write undoes the write", async () => {
    const outcome = await inTransaction(db, async (trx) => {
      await trx.insertInto("sectors").values(sectorRow("rolled-back")).execute();
      return refused(fieldProblem("badRequest", "code", "invalid"));
    });
    expect(outcome).toMatchObject({ ok: false, problem: { kind: "badRequest", status: 400, fieldErrors: { code: { code: "invalid" } } } });
    expect(await sectorCodes()).not.toContain("rolled-back");
  });

  test("a success is committed", async () => {
    const outcome = await inTransaction(db, async (trx) => {
      await trx.insertInto("sectors").values(sectorRow("kept")).execute();
      return succeeded("kept");
    });
    expect(outcome).toEqual({ ok: true, value: "kept" });
    expect(await sectorCodes()).toContain("kept");
  });

  test("when the unique index (not our check) stops a second writer, the caller gets the named problem and nothing is kept", async () => {
    const outcome = await inTransaction(
      db,
      async (trx) => {
        await trx.insertInto("sectors").values(sectorRow("first-of-two")).execute();
        await trx.insertInto("sectors").values(sectorRow("land")).execute();
        return succeeded(null);
      },
      () => fieldProblem("badRequest", "code", "duplicate"),
    );
    expect(outcome).toMatchObject({ ok: false, problem: { fieldErrors: { code: { code: "duplicate" } } } });
    expect(await sectorCodes()).not.toContain("first-of-two");
  });

  test("any other database error is not mistaken for a refusal", async () => {
    await expect(
      inTransaction(db, async (trx) => {
        await trx.insertInto("sectors").values({ ...sectorRow("orphan"), questionnaire_id: 987654 }).execute();
        return succeeded(null);
      }, () => fieldProblem("badRequest", "code", "duplicate")),
    ).rejects.toThrow(/foreign key/i);
  });
});

describe("recognising a unique violation", () => {
  test("SQLite's own error for a taken code, and PostgreSQL's 23505; not other constraints", async () => {
    const sqliteError = await db.insertInto("sectors").values(sectorRow("land")).execute().catch((e: unknown) => e);
    expect(isUniqueViolation(sqliteError)).toBe(true);
    const notNull = await db
      .insertInto("sectors")
      .values({ ...sectorRow("no-name"), name_vi: null as unknown as string })
      .execute()
      .catch((e: unknown) => e);
    expect(isUniqueViolation(notNull)).toBe(false);
    expect(isUniqueViolation(Object.assign(new Error('duplicate key value violates unique constraint "sectors_code_key"'), { code: "23505" }))).toBe(true);
    expect(isUniqueViolation(Object.assign(new Error("null value in column"), { code: "23502" }))).toBe(false);
    expect(isUniqueViolation("UNIQUE constraint failed")).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });
});

describe("the organisation services answer an Outcome", () => {
  test("a taken code is refused beside the code field, and nothing is written or audited", async () => {
    const before = await auditCount();
    const sector = await createSector(db, actor, { code: "land", nameVi: "Đất", nameEn: null, sortOrder: 1, questionnaireId: null });
    expect(sector).toMatchObject({ ok: false, problem: { kind: "badRequest", field: "code", fieldErrors: { code: { code: "duplicate" } } } });
    const agency = await createAgency(db, actor, { code: "ttphvhcc", nameVi: "X", nameEn: null, parentId: null });
    expect(agency).toMatchObject({ ok: false, problem: { fieldErrors: { code: { code: "duplicate" } } } });
    expect(await auditCount()).toBe(before);
  });

  test("a questionnaire that is not published cannot be given to a point; an unknown agency is refused beside its field", async () => {
    const { id: draftOnly } = await db.insertInto("questionnaires").values({ code: "chi-nhap", name_vi: "Nháp", name_en: "Draft" }).returning("id").executeTakeFirstOrThrow();
    await db.insertInto("questionnaire_versions").values({ questionnaire_id: draftOnly, version: 1, status: "draft", published_at: null }).execute();
    const land = (await db.selectFrom("sectors").select("id").where("code", "=", "land").executeTakeFirstOrThrow()).id;
    const agency = (await db.selectFrom("agencies").select("id").where("code", "=", "ttphvhcc").executeTakeFirstOrThrow()).id;
    const input = { code: null, agencyId: agency, nameVi: "Quầy mới", nameEn: null, sectors: [land], questionnaireId: draftOnly };
    expect(await createServicePoint(db, actor, input)).toMatchObject({ ok: false, problem: { fieldErrors: { questionnaireId: { code: "unpublished" } } } });
    expect(await createServicePoint(db, actor, { ...input, questionnaireId: null, agencyId: 987654 })).toMatchObject({
      ok: false,
      problem: { fieldErrors: { agencyId: { code: "notFound" } } },
    });
  });
});
