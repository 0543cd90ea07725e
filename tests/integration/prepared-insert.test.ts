import { afterAll, describe, expect, test } from "vitest";
import { insertRows, insertRowsTogether } from "#db/prepared-insert";
import { useFreshDatabase } from "../setup/test-database";

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const KEY = ["answered_date", "service_point_id", "sector_id", "flagged", "question_id", "choice_value"];
const COLUMNS = [...KEY, "count"];
const ADD = { key: KEY, add: ["count"] };

async function counts(date: string) {
  const rows = await db
    .selectFrom("choice_summaries")
    .select(["question_id", "choice_value", "count"])
    .where("answered_date", "=", date)
    .orderBy("question_id")
    .orderBy("choice_value")
    .execute();
  return rows.map((r) => [r.question_id, r.choice_value, Number(r.count)]);
}

async function aChoiceQuestion(): Promise<number[]> {
  const rows = await db.selectFrom("questions").select("id").where("type", "=", "choice").orderBy("id").limit(2).execute();
  return rows.map((r) => r.id);
}

describe("prepared multi-row inserts", () => {
  test("insert new rows, then add to them on conflict, with shapes of different row counts reusing nothing of each other's values", async () => {
    const [q1, q2] = await aChoiceQuestion();
    const row = (question: number, value: string, count: number) => ["2026-03-01", 1, 1, 0, question, value, count];
    await insertRows(db, "choice_summaries", COLUMNS, [row(q1!, "a", 1), row(q2!, "b", 2)], ADD);
    expect(await counts("2026-03-01")).toEqual([[q1, "a", 1], [q2, "b", 2]]);
    // The same shape again: added to both rows.
    await insertRows(db, "choice_summaries", COLUMNS, [row(q1!, "a", 10), row(q2!, "b", 20)], ADD);
    expect(await counts("2026-03-01")).toEqual([[q1, "a", 11], [q2, "b", 22]]);
    // Another shape (one row), a new key among the old.
    await insertRows(db, "choice_summaries", COLUMNS, [row(q1!, "c", 5)], ADD);
    await insertRows(db, "choice_summaries", COLUMNS, [row(q1!, "a", 100), row(q1!, "c", 1), row(q2!, "b", 0)], ADD);
    expect(await counts("2026-03-01")).toEqual([[q1, "a", 111], [q1, "c", 6], [q2, "b", 22]]);
  });

  test("values are parameters, never SQL: a hostile text is stored as it was sent", async () => {
    const [q1] = await aChoiceQuestion();
    const hostile = "x'); drop table responses; --";
    await insertRows(db, "choice_summaries", COLUMNS, [["2026-03-02", 1, 1, 0, q1!, hostile, 1]], ADD);
    expect(await counts("2026-03-02")).toEqual([[q1, hostile, 1]]);
    expect(await db.selectFrom("responses").select("id").limit(1).execute()).toBeDefined();
  });

  test("inside a transaction that rolls back, nothing is stored; a row of the wrong width is refused before any SQL", async () => {
    const [q1] = await aChoiceQuestion();
    await expect(
      db.transaction().execute(async (trx) => {
        await insertRows(trx, "choice_summaries", COLUMNS, [["2026-03-03", 1, 1, 0, q1!, "a", 1]], ADD);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await counts("2026-03-03")).toEqual([]);
    await expect(insertRows(db, "choice_summaries", COLUMNS, [["2026-03-03", 1, 1]], ADD)).rejects.toThrow(/3 values for 7 columns/);
    await insertRows(db, "choice_summaries", COLUMNS, [], ADD);
    expect(await counts("2026-03-03")).toEqual([]);
  });

  test("without a conflict rule a duplicate key is the database's unique violation", async () => {
    const [q1] = await aChoiceQuestion();
    const row = ["2026-03-04", 1, 1, 0, q1!, "a", 1];
    await insertRows(db, "choice_summaries", COLUMNS, [row]);
    await expect(insertRows(db, "choice_summaries", COLUMNS, [row])).rejects.toThrow();
    expect(await counts("2026-03-04")).toEqual([[q1, "a", 1]]);
  });

  test("several inserts together: each table gets its rows, empty ones are skipped, and one failing part stores none of them", async () => {
    const [q1, q2] = await aChoiceQuestion();
    const date = "2026-03-05";
    const choice = (question: number, value: string, count: number) => [date, 1, 1, 0, question, value, count];
    const monthly = (question: number, value: string, count: number) => ["2026-03", 1, 1, 0, question, value, count];
    const MONTH_KEY = ["answered_month", "service_point_id", "sector_id", "flagged", "question_id", "choice_value"];
    const both = (n: number) => [
      { table: "choice_summaries", columns: COLUMNS, rows: [choice(q1!, "a", n), choice(q2!, "b", 2 * n)], conflict: ADD },
      { table: "group_summaries", columns: ["answered_date"], rows: [] },
      { table: "choice_month_summaries", columns: [...MONTH_KEY, "count"], rows: [monthly(q1!, "a", n)], conflict: { key: MONTH_KEY, add: ["count"] } },
    ];
    const monthCount = async () =>
      Number((await db.selectFrom("choice_month_summaries").select("count").where("answered_month", "=", "2026-03").where("question_id", "=", q1!).where("choice_value", "=", "a").executeTakeFirst())?.count ?? 0);
    const before = await monthCount();
    await insertRowsTogether(db, both(1));
    await insertRowsTogether(db, both(10));
    expect(await counts(date)).toEqual([[q1, "a", 11], [q2, "b", 22]]);
    expect(await monthCount()).toBe(before + 11);

    // A part that breaks a constraint (no such sector) fails the whole: nothing of the others is kept.
    const broken = [
      { table: "choice_summaries", columns: COLUMNS, rows: [choice(q1!, "a", 100)], conflict: ADD },
      { table: "choice_month_summaries", columns: [...MONTH_KEY, "count"], rows: [["2026-03", 1, 999_999, 0, q1!, "a", 1]], conflict: { key: MONTH_KEY, add: ["count"] } },
    ];
    await expect(db.transaction().execute((trx) => insertRowsTogether(trx, broken))).rejects.toThrow();
    expect(await counts(date)).toEqual([[q1, "a", 11], [q2, "b", 22]]);
    expect(await monthCount()).toBe(before + 11);
  });
});
