import { CompiledQuery, sql } from "kysely";
import { afterAll, describe, expect, test } from "vitest";
import { isPostgres } from "#db/dialect";
import { MS_PER_DAY } from "~/domain/vietnam-time";
import { compareSummariesWithRaw } from "~/modules/indices/summaries.repository.server";
import { submitResponse } from "~/modules/survey/submission.service.server";
import { clearHashesQuery } from "~/modules/survey/retention.repository.server";
import { clearExpiredHashes } from "~/modules/survey/retention.service.server";
import { ADMINISTRATIVE_ANSWERS, trustedSubmission } from "../setup/submissions";
import { useFreshDatabase } from "../setup/test-database";

/* HASH_RETENTION_DAYS: IP and device hashes are kept that long after a response arrives, then cleared. */

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const now = new Date("2026-11-30T03:00:00Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * MS_PER_DAY);

/** A response from a phone (so it has both hashes) received `days` before now. */
async function receivedDaysAgo(days: number): Promise<number> {
  const outcome = await submitResponse(db, trustedSubmission("TT-DD-01", ADMINISTRATIVE_ANSWERS, { deviceId: `phone-${days}` }), daysAgo(days));
  if (outcome.kind !== "created") throw new Error(`submission ${days} days ago: ${outcome.kind}`);
  return outcome.responseId;
}

const everything = () => db.selectFrom("responses").selectAll().orderBy("id").execute();
const summaries = () =>
  Promise.all(
    (["response_summaries", "question_summaries", "group_summaries", "choice_summaries"] as const).map((table) =>
      db.selectFrom(table).selectAll().execute(),
    ),
  );

describe("clearing expired IP and device hashes", () => {
  test("clears only the hashes of responses received more than N days ago, and nothing else", async () => {
    const old = [await receivedDaysAgo(45), await receivedDaysAgo(31)];
    const recent = [await receivedDaysAgo(29), await receivedDaysAgo(1), await receivedDaysAgo(0)];
    const before = await everything();
    const summariesBefore = await summaries();
    expect(before.every((r) => r.ip_hash !== null && r.device_hash !== null)).toBe(true);

    expect(await clearExpiredHashes(db, { retentionDays: 30, now })).toEqual({ cleared: 2 });

    const after = await everything();
    for (const row of after) {
      const was = before.find((r) => r.id === row.id)!;
      if (old.includes(row.id)) expect(row).toEqual({ ...was, ip_hash: null, device_hash: null });
      else expect(row).toEqual(was);
    }
    expect(after.filter((r) => recent.includes(r.id)).every((r) => r.ip_hash && r.device_hash)).toBe(true);
    expect(await summaries()).toEqual(summariesBefore);
    expect(await compareSummariesWithRaw(db)).toEqual([]);
  });

  test("finds nothing more to clear when run again, and follows the number of days it is given", async () => {
    expect(await clearExpiredHashes(db, { retentionDays: 30, now })).toEqual({ cleared: 0 });
    expect(await clearExpiredHashes(db, { retentionDays: 7, now })).toEqual({ cleared: 1 });
    const remaining = await db.selectFrom("responses").select("received_at").where("ip_hash", "is not", null).execute();
    expect(remaining.map((r) => r.received_at).sort()).toEqual([daysAgo(1).toISOString(), daysAgo(0).toISOString()]);
  });
});

describe("the hourly clearing's query", () => {
  /** The plan the engine would run the retention update with (not run). */
  async function plan(): Promise<string> {
    const query = clearHashesQuery(db, daysAgo(30).toISOString()).compile();
    if (!isPostgres(db)) {
      const { rows } = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
      return rows.map((r) => r.detail).join("\n");
    }
    // This small table would be read whole anyway; without sequential scans the
    // plan shows whether the partial index can serve the query at all.
    return db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      const { rows } = await trx.executeQuery<{ "QUERY PLAN": string }>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
  }

  test("reads only the responses that still hold a hash, through their partial index, never the whole table", async () => {
    const text = await plan();
    expect(text).toContain("responses_hashed_received_at");
    expect(text).not.toMatch(/^SCAN responses$|Seq Scan/m);
  });
});
