import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { seedDossiers } from "#db/seed/dossiers";
import { seedResponses } from "#db/seed/seed";
import { lateSince } from "~/domain/dossiers";
import { compareDossierSummariesWithRaw } from "~/modules/dossiers/dossier-summaries.repository.server";
import { computeTimelinessRows } from "~/modules/timeliness/timeliness.service.server";
import { useFreshDatabase } from "../setup/test-database";

/* The demo's dossiers (what `npm start` seeds), on the engine of the project (integration: SQLite; integration-pg: PostgreSQL). */

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const NOW = new Date("2026-11-25T03:00:00.000Z");
const DEMO = { count: 1200, days: 183, seed: 1, now: NOW };

/** Everything the dossier seed wrote, without the ids the database gave it. */
async function snapshot() {
  const dossiers = await db
    .selectFrom("dossiers as d")
    .innerJoin("service_points as p", "p.id", "d.service_point_id")
    .innerJoin("sectors as s", "s.id", "d.sector_id")
    .leftJoin("tickets as t", "t.id", "d.ticket_id")
    .leftJoin("apologies as a", "a.dossier_id", "d.id")
    .select([
      "d.code", "p.code as point", "s.code as sector", "d.procedure", "d.received_at", "d.due_at", "d.returned_at", "d.late_at",
      "d.contact_phone", "d.contact_email", "d.consent", "t.token", "t.used_at", "a.status", "a.due_by", "a.sent_at", "a.reason", "a.new_due_at",
    ])
    .orderBy("d.code")
    .execute();
  const changes = await db
    .selectFrom("dossier_due_changes as c")
    .innerJoin("dossiers as d", "d.id", "c.dossier_id")
    .select(["d.code", "c.from_due_at", "c.to_due_at", "c.changed_at", "c.source"])
    .orderBy("d.code")
    .execute();
  const answered = await db
    .selectFrom("responses as r")
    .innerJoin("tickets as t", "t.id", "r.ticket_id")
    .select(["r.id", "t.token"])
    .orderBy("r.id")
    .execute();
  return { dossiers, changes, answered };
}

async function removeDossiers() {
  await db.updateTable("responses").set({ ticket_id: null }).where("ticket_id", "is not", null).execute();
  await db.deleteFrom("dossier_due_changes").execute();
  await db.deleteFrom("apologies").execute();
  await db.deleteFrom("dossiers").execute();
  await db.deleteFrom("tickets").execute();
}

let first: Awaited<ReturnType<typeof snapshot>>;
beforeAll(async () => {
  await seedResponses(db, { count: 3000, days: 183, seed: 1, now: NOW });
  expect(await seedDossiers(db, DEMO)).toBe(1200);
  first = await snapshot();
});

describe("the demo's dossiers", () => {
  test("are the same for the same seed and clock, and others for another seed", async () => {
    await removeDossiers();
    await seedDossiers(db, DEMO);
    expect(await snapshot()).toEqual(first);

    await removeDossiers();
    await seedDossiers(db, { ...DEMO, seed: 2 });
    const other = await snapshot();
    expect(other.dossiers.map((d) => d.received_at)).not.toEqual(first.dossiers.map((d) => d.received_at));

    await removeDossiers();
    await seedDossiers(db, DEMO);
    expect(await snapshot()).toEqual(first);
  });

  test("hold every kind of dossier the pages show, each by the rules a posted one follows", () => {
    const { dossiers, changes } = first;
    const open = dossiers.filter((d) => d.returned_at === null);
    const late = dossiers.filter((d) => d.late_at !== null);
    expect(dossiers.filter((d) => d.returned_at !== null && d.late_at === null).length).toBeGreaterThan(900);
    expect(late.filter((d) => d.returned_at !== null).length).toBeGreaterThan(10);
    expect(open.filter((d) => d.late_at !== null).length).toBeGreaterThan(5);
    expect(open.filter((d) => d.late_at === null).length).toBeGreaterThan(5);
    const sent = late.filter((d) => d.status === "sent");
    expect(sent.filter((d) => d.sent_at! <= d.due_by!).length).toBeGreaterThan(10);
    expect(sent.filter((d) => d.sent_at! > d.due_by!).length).toBeGreaterThan(2);
    expect(late.filter((d) => d.status === "required").length).toBeGreaterThan(5);
    // Only administrative procedures come from the one-stop software.
    expect(new Set(dossiers.map((d) => d.sector))).toEqual(new Set(["land", "construction", "investment", "admin"]));

    for (const d of dossiers) {
      // Late exactly when the rules say, each late one with one apology due a day later, each on-time or open one without.
      const times = { dueAt: d.late_at ?? d.due_at, returnedAt: d.returned_at, lateAt: d.late_at };
      expect(lateSince(times, NOW, { apologySent: d.status === "sent" }), d.code).toBe(d.late_at);
      expect(d.status !== null, d.code).toBe(d.late_at !== null);
      if (d.late_at) expect(Date.parse(d.due_by!) - Date.parse(d.late_at), d.code).toBe(24 * 60 * 60 * 1000);
      expect(d.received_at <= d.due_at && (d.returned_at === null || (d.received_at <= d.returned_at && d.returned_at <= NOW.toISOString()))).toBe(true);
      // A ticket exactly for the returned ones; a contact only with consent.
      expect(d.token !== null, d.code).toBe(d.returned_at !== null);
      expect(d.consent === 1, d.code).toBe(d.contact_phone !== null || d.contact_email !== null);
    }
    // An apology's new date extended the due time of a dossier still open when it was sent, after the old due time.
    const extendedCodes = new Set(changes.map((c) => c.code));
    for (const c of changes) {
      const d = dossiers.find((x) => x.code === c.code)!;
      expect(c).toMatchObject({ source: "apology", from_due_at: d.late_at, to_due_at: d.due_at, changed_at: d.sent_at });
      expect(c.to_due_at > c.from_due_at && c.to_due_at > c.changed_at).toBe(true);
    }
    expect(extendedCodes.size).toBeGreaterThan(10);
    for (const d of dossiers) if (!extendedCodes.has(d.code) && d.late_at) expect(d.due_at).toBe(d.late_at);
  });

  test("some returned dossiers' tickets were used by seeded responses: once each, at the dossier's point, after its return", async () => {
    const used = await db
      .selectFrom("responses as r")
      .innerJoin("tickets as t", "t.id", "r.ticket_id")
      .innerJoin("dossiers as d", "d.ticket_id", "t.id")
      .select(["r.service_point_id as responsePoint", "d.service_point_id as dossierPoint", "r.sector_id as rs", "d.sector_id as ds", "r.answered_at", "d.returned_at", "t.used_at", "r.channel"])
      .execute();
    expect(used.length).toBeGreaterThan(100);
    expect(new Set(first.answered.map((a) => a.token)).size).toBe(first.answered.length);
    for (const u of used) {
      expect(u.responsePoint).toBe(u.dossierPoint);
      expect(u.rs).toBe(u.ds);
      expect(u.answered_at >= u.returned_at!).toBe(true);
      expect(u).toMatchObject({ used_at: u.answered_at, channel: "ticket" });
    }
  });

  test("leave the timeliness roll-up equal to a recount of them (their bulk inserts bypass the use cases)", async () => {
    expect(await compareDossierSummariesWithRaw(db)).toEqual([]);
  });

  test("one agency, the provincial land desk, is below the plan's 95% on time; every other agency meets it or comes close", async () => {
    const query = { groupBy: "agency" as const, from: "2026-05-26", to: "2026-11-25", sector: null, agency: null, servicePoint: null, locale: "vi" as const };
    const result = await computeTimelinessRows(db, query, { sectorIds: null }, NOW);
    if (!result.ok) throw new Error(result.problem.message);
    const below = result.value.rows.filter((r) => r.onTimeRate !== null && r.onTimeRate.rate < 0.95);
    expect(below.map((r) => [r.key, r.status])).toEqual([["so-nnmt", "below"]]);
    expect(result.value.rows.length).toBeGreaterThanOrEqual(4);
    for (const r of result.value.rows) {
      expect(r.responseRate!.rate, r.key).toBeGreaterThan(0);
      expect(r.returned, r.key).toBeGreaterThan(30);
    }
  });
});
