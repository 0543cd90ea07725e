import { afterAll, describe, expect, test } from "vitest";
import { groupCommitStats, inGroupCommit } from "#db/group-commit";
import { isPostgres } from "#db/dialect";
import type { DB } from "#db/client";
import { submitResponse, type SubmissionRequest } from "~/modules/survey/submission.service.server";
import { compareSummariesWithRaw } from "~/modules/indices/summaries.repository.server";
import type { Submitter } from "~/domain/trust";
import { useFreshDatabase } from "../setup/test-database";

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const TRUSTED_DEVICE: Submitter<DB> = { kind: "trusted_device" };
const ANSWERS = {
  signage: "4", posted: "4", as_posted: "5", courtesy: "5", guidance: "3", result_correct: "4",
  feedback: "na", overall: "4", visits: "1", on_time: "on_time", submission_channel: "online", comment: "Tốt",
};

function kioskRequest(clientId: string, answers: Record<string, string> = ANSWERS): SubmissionRequest {
  return {
    clientId,
    servicePointCode: "TT-DD-01",
    ticketToken: null,
    sectorCode: null,
    locale: "vi",
    answeredAt: null,
    rawAnswers: answers,
    repeatedKeys: [],
    channel: "kiosk",
    honeypotFilled: false,
    ip: "127.0.0.1",
    deviceId: null,
    submitter: TRUSTED_DEVICE,
  };
}

/** A marker row a unit writes: an audit entry of an action nothing else writes. */
function writeMarker(trx: DB, marker: string) {
  return trx
    .insertInto("audit_log")
    .values({
      at: new Date().toISOString(), actor_user_id: null, actor_name: "test", action: "test.group_commit",
      entity_type: "test", entity_id: null, entity_label: marker, before_json: null, after_json: null,
    })
    .execute();
}

async function markers(): Promise<string[]> {
  const rows = await db.selectFrom("audit_log").select("entity_label").where("action", "=", "test.group_commit").orderBy("entity_label").execute();
  return rows.map((r) => r.entity_label);
}

describe("group commit", () => {
  test("forty submissions sent at once are each stored once, in fewer commits on SQLite, with the summaries exact", async () => {
    const before = groupCommitStats(db);
    const ids = Array.from({ length: 40 }, () => crypto.randomUUID());
    // Every fifth id is sent twice at the same moment: one stores, the other is a repeat.
    const sent = [...ids, ...ids.filter((_, i) => i % 5 === 0)];
    const outcomes = await Promise.all(sent.map((id) => submitResponse(db, kioskRequest(id))));
    expect(outcomes.filter((o) => o.kind === "created")).toHaveLength(40);
    expect(outcomes.filter((o) => o.kind === "repeat")).toHaveLength(8);
    const stored = await db.selectFrom("responses").select("client_id").where("client_id", "in", ids).execute();
    expect(stored.map((r) => r.client_id).sort()).toEqual([...ids].sort());
    expect(await compareSummariesWithRaw(db)).toEqual([]);

    const after = groupCommitStats(db);
    if (isPostgres(db)) {
      expect(after).toEqual(before);
    } else {
      expect(after.units - before.units).toBe(48);
      expect(after.commits - before.commits).toBeLessThan(48);
    }
  });

  test("a unit that fails leaves nothing behind and does not undo the others of its commit", async () => {
    const results = await Promise.allSettled([
      inGroupCommit(db, (trx) => writeMarker(trx, "kept-1")),
      inGroupCommit(db, async (trx) => {
        await writeMarker(trx, "undone");
        throw new Error("refused halfway");
      }),
      inGroupCommit(db, (trx) => writeMarker(trx, "kept-2")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ message: "refused halfway" });
    expect(await markers()).toEqual(["kept-1", "kept-2"]);
  });

  test("a unit failing on the database (a unique violation) is rolled back alone", async () => {
    const id = crypto.randomUUID();
    await submitResponse(db, kioskRequest(id));
    const duplicate = (trx: DB) =>
      trx
        .insertInto("responses")
        .values({
          client_id: id, service_point_id: 1, questionnaire_version_id: 1, sector_id: 1, channel: "kiosk", locale: "vi",
          answered_at: new Date().toISOString(), answered_date: "2026-12-01", received_at: new Date().toISOString(),
          ip_hash: null, device_hash: null, flagged: 0, flag_reason: null, ticket_id: null, content_hash: "x",
        })
        .execute();
    const results = await Promise.allSettled([
      inGroupCommit(db, (trx) => writeMarker(trx, "kept-3")),
      inGroupCommit(db, async (trx) => {
        await writeMarker(trx, "undone-2");
        await duplicate(trx);
      }),
      inGroupCommit(db, (trx) => writeMarker(trx, "kept-4")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(await markers()).toEqual(["kept-1", "kept-2", "kept-3", "kept-4"]);
    expect(await db.selectFrom("responses").select("id").where("client_id", "=", id).execute()).toHaveLength(1);
  });

  test("a caller learns its answer only once the commit is done", async () => {
    const id = crypto.randomUUID();
    const outcome = await submitResponse(db, kioskRequest(id));
    expect(outcome.kind).toBe("created");
    // Another connection sees it at once: it was committed before the promise settled.
    const { openDatabase } = await import("#db/client");
    const other = openDatabase(process.env.DATABASE_URL!);
    try {
      expect(await other.selectFrom("responses").select("id").where("client_id", "=", id).executeTakeFirst()).toBeDefined();
    } finally {
      await other.destroy();
    }
  });
});
