import { sql } from "kysely";
import { afterAll, describe, expect, test } from "vitest";
import { isPostgres } from "#db/dialect";
import { parseDossierPost, type DossierInput } from "~/domain/dossiers";
import { markOverdueDossiers, recordDossier, getDossier, type DossierScope } from "~/modules/dossiers/dossiers.service.server";
import type { Actor } from "~/modules/audit/types";
import { openSurvey } from "~/modules/survey/submission.service.server";
import { useFreshDatabase } from "../setup/test-database";
import { compareDossierSummariesWithRaw } from "~/modules/dossiers/dossier-summaries.repository.server";

/* Dossiers from the one-stop software, on the engine of the project (integration: SQLite; integration-pg: PostgreSQL). */

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const ONE_STOP: Actor = { userId: null, name: "token: one-stop" };
const ALL: DossierScope = { sectorIds: null };
const HOUR = 60 * 60 * 1000;
const NOW = new Date("2026-11-25T03:00:00.000Z");
const at = (iso: string) => new Date(iso);
const hoursAfter = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * HOUR);
/** A time as the route hands it to the service: normalised to UTC. */
const utc = (iso: string) => new Date(iso).toISOString();

let serial = 0;
/** A fresh code for each test, so tests do not see each other's dossiers. */
const newCode = () => `H40.29-241203-${String(++serial).padStart(4, "0")}`;

/** A dossier as the one-stop software would post it, read as the route reads it. */
function dossier(overrides: Record<string, unknown> = {}): DossierInput {
  const parsed = parseDossierPost(
    {
      code: newCode(),
      servicePoint: "TT-DD-01",
      sector: "land",
      receivedAt: "2026-11-02T08:00:00+07:00",
      dueAt: "2026-11-20T17:00:00+07:00",
      ...overrides,
    },
    at("2030-01-01T00:00:00Z"),
  );
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}
const DUE = "2026-11-20T10:00:00.000Z";

async function post(input: DossierInput, now = NOW, scope = ALL) {
  return recordDossier(db, ONE_STOP, scope, input, { now, apologyDueHours: 24 });
}

async function posted(input: DossierInput, now = NOW) {
  const outcome = await post(input, now);
  if (!outcome.ok) throw new Error(`refused: ${outcome.problem.message}`);
  return outcome.value;
}

const storedRow = (code: string) => db.selectFrom("dossiers").selectAll().where("code", "=", code).executeTakeFirst();
async function count(table: "dossiers" | "apologies" | "tickets" | "dossier_due_changes", code?: string): Promise<number> {
  const n = (q: { executeTakeFirstOrThrow: () => Promise<{ n: number }> }) => q.executeTakeFirstOrThrow().then((r) => Number(r.n));
  switch (table) {
    case "dossiers":
      return n(db.selectFrom("dossiers").select((eb) => eb.fn.countAll<number>().as("n")).$if(!!code, (q) => q.where("code", "=", code!)));
    case "tickets":
      return n(db.selectFrom("tickets").select((eb) => eb.fn.countAll<number>().as("n")).$if(!!code, (q) => q.where("dossier_code", "=", code!)));
    case "apologies":
      return n(
        db.selectFrom("apologies as x").innerJoin("dossiers as d", "d.id", "x.dossier_id").select((eb) => eb.fn.countAll<number>().as("n")).$if(!!code, (q) => q.where("d.code", "=", code!)),
      );
    case "dossier_due_changes":
      return n(
        db.selectFrom("dossier_due_changes as x").innerJoin("dossiers as d", "d.id", "x.dossier_id").select((eb) => eb.fn.countAll<number>().as("n")).$if(!!code, (q) => q.where("d.code", "=", code!)),
      );
  }
}

const apologyOf = (code: string) =>
  db.selectFrom("apologies as a").innerJoin("dossiers as d", "d.id", "a.dossier_id").selectAll("a").where("d.code", "=", code).executeTakeFirst();

describe("posting a dossier", () => {
  test("a new dossier in progress is stored once (201), with no apology and no ticket yet", async () => {
    const input = dossier({ procedure: "Cấp giấy chứng nhận quyền sử dụng đất", dueAt: "2026-11-30T17:00:00+07:00" });
    const first = await posted(input);
    expect(first).toEqual({ created: true, dossier: { code: input.code, status: "in_progress", onTime: null, late: false, apology: null, ticket: null } });
    expect(await storedRow(input.code)).toMatchObject({
      procedure: "Cấp giấy chứng nhận quyền sử dụng đất",
      received_at: "2026-11-02T01:00:00.000Z",
      due_at: "2026-11-30T10:00:00.000Z",
      returned_at: null,
      late_at: null,
      ticket_id: null,
    });

    const again = await posted(input);
    expect(again).toEqual({ ...first, created: false });
    expect(await count("dossiers", input.code)).toBe(1);
  });

  test("a dossier returned on time gets one single-use survey ticket for its point and sector; a repeat gives the same one", async () => {
    const input = dossier({ returnedAt: "2026-11-19T15:00:00+07:00" });
    const first = await posted(input);
    expect(first.dossier).toMatchObject({ status: "returned", onTime: true, late: false, apology: null });
    const ticket = first.dossier.ticket!;
    expect(ticket.ticket).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(ticket.url).toMatch(new RegExp(`/s/TT-DD-01\\?t=${ticket.ticket}$`));
    expect(ticket.svg).toContain("<svg");

    const again = await posted(input);
    expect(again.dossier.ticket).toEqual(ticket);
    const read = await getDossier(db, ALL, input.code, NOW);
    expect(read.ok && read.value.ticket).toEqual(ticket);

    const minted = await db.selectFrom("tickets as t").innerJoin("sectors as s", "s.id", "t.sector_id").innerJoin("service_points as p", "p.id", "t.service_point_id")
      .select(["t.token", "s.code as sector", "p.code as point", "t.used_at"]).where("t.dossier_code", "=", input.code).execute();
    expect(minted).toEqual([{ token: ticket.ticket, sector: "land", point: "TT-DD-01", used_at: null }]);
    const opened = await openSurvey(db, "TT-DD-01", ticket.ticket, NOW);
    expect(opened.kind).toBe("ok");
  });

  test("a dossier returned after its due time is late, with one apology due 24 hours after it became late", async () => {
    const input = dossier({ returnedAt: "2026-11-21T09:00:00+07:00" });
    const first = await posted(input);
    expect(first.dossier).toMatchObject({ status: "returned", onTime: false, late: true, apology: { status: "required", dueBy: "2026-11-21T10:00:00.000Z" } });
    expect(first.dossier.ticket).not.toBeNull();
    expect(await apologyOf(input.code)).toMatchObject({ status: "required", due_by: "2026-11-21T10:00:00.000Z", sent_at: null, reason: null, new_due_at: null, created_at: NOW.toISOString() });
    expect((await storedRow(input.code))!.late_at).toBe(DUE);

    await posted(input, hoursAfter(NOW.toISOString(), 5));
    expect(await count("apologies", input.code)).toBe(1);
    expect(await count("tickets", input.code)).toBe(1);
  });

  test("an open dossier posted after its due time is late at once", async () => {
    const input = dossier();
    const first = await posted(input);
    expect(first.dossier).toMatchObject({ status: "in_progress", late: true, onTime: null, apology: { status: "required", dueBy: "2026-11-21T10:00:00.000Z" } });
  });

  test("the return, posted later, is kept; the same return again is fine, another one is a conflict", async () => {
    const input = dossier({ dueAt: "2026-11-30T17:00:00+07:00" });
    await posted(input);
    const returned = await posted({ ...input, returnedAt: "2026-11-24T10:00:00.000Z" });
    expect(returned).toMatchObject({ created: false, dossier: { status: "returned", onTime: true } });
    // Left out later, the return stays: a post does not reopen a dossier.
    expect((await posted(input)).dossier.status).toBe("returned");

    const other = await post({ ...input, returnedAt: "2026-11-24T11:00:00.000Z" });
    expect(other).toEqual({ ok: false, problem: expect.objectContaining({ status: 409, field: "returnedAt" }) });
    expect((await storedRow(input.code))!.returned_at).toBe("2026-11-24T10:00:00.000Z");
  });

  test.each([
    ["servicePoint", { servicePoint: "TT-DD-02" }],
    ["sector", { servicePoint: "HN-01", sector: "construction" }],
    ["receivedAt", { receivedAt: "2026-11-03T08:00:00+07:00" }],
    ["dueAt", { dueAt: "2026-11-19T17:00:00+07:00" }],
  ])("a different %s than the stored one is a conflict (409) that changes nothing", async (field, change) => {
    const original = dossier({ servicePoint: "HN-01", sector: "land", dueAt: "2026-11-30T17:00:00+07:00" });
    await posted(original);
    const before = await storedRow(original.code);
    const changed = dossier({ code: original.code, servicePoint: "HN-01", sector: "land", dueAt: "2026-11-30T17:00:00+07:00", ...change });
    const outcome = await post(changed);
    expect(outcome).toEqual({ ok: false, problem: expect.objectContaining({ kind: "conflict", status: 409, field }) });
    expect(await storedRow(original.code)).toEqual(before);
    expect(await count("dossier_due_changes", original.code)).toBe(0);
  });

  test("a later due time is an extension, kept in the dossier's history with who made it", async () => {
    const input = dossier({ dueAt: "2026-11-30T17:00:00+07:00" });
    await posted(input);
    await posted({ ...input, dueAt: "2026-12-05T10:00:00.000Z" }, at("2026-11-26T00:00:00Z"));
    // The same extension again, written in Vietnam time, changes nothing.
    await posted({ ...input, dueAt: utc("2026-12-05T17:00:00+07:00") }, at("2026-11-27T00:00:00Z"));
    await posted({ ...input, dueAt: utc("2026-12-08T17:00:00+07:00") }, at("2026-11-28T00:00:00Z"));
    const history = await db
      .selectFrom("dossier_due_changes as c")
      .innerJoin("dossiers as d", "d.id", "c.dossier_id")
      .select(["c.from_due_at", "c.to_due_at", "c.changed_at", "c.source", "c.actor_user_id", "c.actor_name"])
      .where("d.code", "=", input.code)
      .orderBy("c.id")
      .execute();
    const by = { source: "dossier_api", actor_user_id: null, actor_name: "token: one-stop" };
    expect(history).toEqual([
      { from_due_at: "2026-11-30T10:00:00.000Z", to_due_at: "2026-12-05T10:00:00.000Z", changed_at: "2026-11-26T00:00:00.000Z", ...by },
      { from_due_at: "2026-12-05T10:00:00.000Z", to_due_at: "2026-12-08T10:00:00.000Z", changed_at: "2026-11-28T00:00:00.000Z", ...by },
    ]);
    expect((await storedRow(input.code))!.due_at).toBe("2026-12-08T10:00:00.000Z");
  });

  test("an extension made before the due time keeps the dossier on time; one made after it does not undo its lateness", async () => {
    const early = dossier({ dueAt: "2026-11-26T17:00:00+07:00" });
    await posted(early);
    await posted({ ...early, dueAt: "2026-11-30T10:00:00.000Z" }, at("2026-11-26T09:00:00Z"));
    await markOverdueDossiers(db, at("2026-11-28T00:00:00Z"), 24);
    const read = await getDossier(db, ALL, early.code, at("2026-11-28T00:00:00Z"));
    expect(read.ok && read.value).toMatchObject({ late: false, apology: null });

    const late = dossier();
    expect((await posted(late)).dossier.late).toBe(true);
    const extended = await posted({ ...late, dueAt: "2026-11-30T10:00:00.000Z" }, NOW);
    expect(extended.dossier).toMatchObject({ late: true, apology: { status: "required", dueBy: "2026-11-21T10:00:00.000Z" } });
    const returned = await posted({ ...late, dueAt: "2026-11-30T10:00:00.000Z", returnedAt: "2026-11-28T00:00:00.000Z" }, at("2026-11-28T00:00:00Z"));
    expect(returned.dossier).toMatchObject({ status: "returned", late: true, onTime: false });
    expect(await count("apologies", late.code)).toBe(1);
  });

  test("keeps the contact only with consent, and clears it when a later post withdraws consent", async () => {
    const contact = { phone: "+84 912 345 678", email: "dan@example.vn" };
    const withoutConsent = dossier({ contact, consent: false });
    await posted(withoutConsent);
    expect(await storedRow(withoutConsent.code)).toMatchObject({ contact_phone: null, contact_email: null, consent: 0 });

    const withConsent = dossier({ contact, consent: true });
    await posted(withConsent);
    expect(await storedRow(withConsent.code)).toMatchObject({ contact_phone: "0912345678", contact_email: "dan@example.vn", consent: 1 });
    await posted({ ...withConsent, contact: null, consent: false });
    expect(await storedRow(withConsent.code)).toMatchObject({ contact_phone: null, contact_email: null, consent: 0 });
  });

  test.each([
    ["servicePoint", { servicePoint: "NO-SUCH-POINT" }, /servicePoint is not a known/],
    ["sector", { sector: "fisheries" }, /sector is not a known sector/],
    ["sector", { sector: "health" }, /sector is not a sector this service point serves/],
  ])("an unknown point or sector, or one the point does not serve, is refused (400 %s) and nothing is stored", async (field, change, message) => {
    const input = dossier({ ...change, returnedAt: "2026-11-21T00:00:00Z" });
    const ticketsBefore = await count("tickets");
    const outcome = await post(input);
    expect(outcome).toEqual({ ok: false, problem: expect.objectContaining({ status: 400, field, message: expect.stringMatching(message) }) });
    expect(await count("dossiers", input.code)).toBe(0);
    expect(await count("tickets")).toBe(ticketsBefore);
  });

  test("a caller scoped to other sectors may neither post nor read a sector's dossier (403)", async () => {
    const health = await db.selectFrom("sectors").select("id").where("code", "=", "health").executeTakeFirstOrThrow();
    const input = dossier();
    expect(await post(input, NOW, { sectorIds: [health.id] })).toEqual({ ok: false, problem: expect.objectContaining({ status: 403 }) });
    expect(await count("dossiers", input.code)).toBe(0);
    await posted(input);
    expect(await getDossier(db, { sectorIds: [health.id] }, input.code, NOW)).toEqual({ ok: false, problem: expect.objectContaining({ status: 403 }) });
    expect(await getDossier(db, ALL, "NO-SUCH-DOSSIER", NOW)).toEqual({ ok: false, problem: expect.objectContaining({ status: 404 }) });
  });
});

/**
 * On PostgreSQL, opens ten pooled connections at once first, so that ten
 * posts then run side by side rather than one behind each connection's start.
 */
async function warmPool() {
  if (isPostgres(db)) await Promise.all(Array.from({ length: 10 }, () => sql`select pg_sleep(0.05)`.execute(db)));
}

describe("two posts at once", () => {
  test.each([1, 2, 3])("ten identical posts of a late return store one dossier, one apology and one ticket, and all are answered alike (round %i)", async () => {
    const input = dossier({ returnedAt: "2026-11-21T09:00:00+07:00", contact: { phone: "0912345678" }, consent: true });
    await warmPool();
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => post(input)));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const values = outcomes.map((o) => (o.ok ? o.value : null)!);
    expect(values.filter((v) => v.created)).toHaveLength(1);
    expect(new Set(values.map((v) => JSON.stringify(v.dossier))).size).toBe(1);
    expect(values[0]!.dossier).toMatchObject({ status: "returned", late: true, apology: { status: "required" } });
    expect(await count("dossiers", input.code)).toBe(1);
    expect(await count("apologies", input.code)).toBe(1);
    expect(await count("tickets", input.code)).toBe(1);
  });

  test("ten identical returns of a stored open dossier mint one ticket", async () => {
    const input = dossier({ dueAt: "2026-11-30T17:00:00+07:00" });
    await posted(input);
    await warmPool();
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => post({ ...input, returnedAt: utc("2026-11-24T00:00:00Z") })));
    expect(outcomes.every((o) => o.ok && !o.value.created)).toBe(true);
    expect(new Set(outcomes.map((o) => (o.ok ? o.value.dossier.ticket?.ticket : null))).size).toBe(1);
    expect(await count("tickets", input.code)).toBe(1);
  });
});

describe("the minute's overdue check", () => {
  test("marks an open dossier late once its due time has passed, with one apology, and nothing more when run again", async () => {
    const input = dossier({ receivedAt: "2026-11-25T08:00:00+07:00", dueAt: "2026-11-26T17:00:00+07:00" });
    await posted(input);
    const due = "2026-11-26T10:00:00.000Z";

    await markOverdueDossiers(db, at(due), 24);
    expect((await storedRow(input.code))!.late_at).toBeNull();
    expect(await count("apologies", input.code)).toBe(0);

    const marked = await markOverdueDossiers(db, at("2026-11-26T10:00:30Z"), 24);
    expect(marked.marked).toBeGreaterThanOrEqual(1);
    expect((await storedRow(input.code))!.late_at).toBe(due);
    expect(await apologyOf(input.code)).toMatchObject({ status: "required", due_by: "2026-11-27T10:00:00.000Z", created_at: "2026-11-26T10:00:30.000Z" });
    const read = await getDossier(db, ALL, input.code, at("2026-11-26T10:01:00Z"));
    expect(read.ok && read.value).toMatchObject({ status: "in_progress", late: true, apology: { status: "required", dueBy: "2026-11-27T10:00:00.000Z" } });

    expect(await markOverdueDossiers(db, at("2026-11-26T10:01:30Z"), 24)).toEqual({ marked: 0 });
    expect(await count("apologies", input.code)).toBe(1);
  });

  test("leaves returned dossiers and those not yet due alone, and follows APOLOGY_DUE_HOURS", async () => {
    const base = { receivedAt: "2026-12-01T08:00:00+07:00" };
    const returned = dossier({ ...base, dueAt: "2026-12-02T17:00:00+07:00", returnedAt: "2026-12-02T08:00:00+07:00" });
    const notYet = dossier({ ...base, dueAt: "2026-12-09T17:00:00+07:00" });
    const overdue = dossier({ ...base, dueAt: "2026-12-02T17:00:00+07:00" });
    const now = at("2026-12-01T02:00:00Z");
    for (const d of [returned, notYet, overdue]) await posted(d, now);

    await markOverdueDossiers(db, at("2026-12-03T00:00:00Z"), 48);
    expect((await storedRow(returned.code))!.late_at).toBeNull();
    expect((await storedRow(notYet.code))!.late_at).toBeNull();
    expect((await storedRow(overdue.code))!.late_at).toBe("2026-12-02T10:00:00.000Z");
    expect((await apologyOf(overdue.code))!.due_by).toBe("2026-12-04T10:00:00.000Z");
    expect(await count("apologies", returned.code)).toBe(0);
    expect(await count("apologies", notYet.code)).toBe(0);
  });

  test("two checks at once mark each overdue dossier once, with one apology each", async () => {
    const inputs = Array.from({ length: 12 }, () => dossier({ receivedAt: "2026-12-10T08:00:00+07:00", dueAt: "2026-12-11T17:00:00+07:00" }));
    for (const d of inputs) await posted(d, at("2026-12-10T02:00:00Z"));
    const runs = await Promise.all([markOverdueDossiers(db, at("2026-12-12T00:00:00Z"), 24), markOverdueDossiers(db, at("2026-12-12T00:00:00Z"), 24)]);
    expect(runs[0]!.marked + runs[1]!.marked).toBeGreaterThanOrEqual(12);
    for (const d of inputs) expect(await count("apologies", d.code)).toBe(1);
    const unapologised = await db
      .selectFrom("dossiers as d")
      .leftJoin("apologies as a", "a.dossier_id", "d.id")
      .select("d.code")
      .where("d.late_at", "is not", null)
      .where("a.id", "is", null)
      .execute();
    expect(unapologised).toEqual([]);
  });

  test("a return reported after the check, but made before the due time, was on time after all: its apology is withdrawn", async () => {
    const input = dossier({ receivedAt: "2026-12-15T08:00:00+07:00", dueAt: "2026-12-16T17:00:00+07:00" });
    await posted(input, at("2026-12-15T02:00:00Z"));
    await markOverdueDossiers(db, at("2026-12-16T10:01:00Z"), 24);
    expect(await count("apologies", input.code)).toBe(1);

    const reported = await posted({ ...input, returnedAt: utc("2026-12-16T16:30:00+07:00") }, at("2026-12-16T10:03:00Z"));
    expect(reported.dossier).toMatchObject({ status: "returned", onTime: true, late: false, apology: null });
    expect((await storedRow(input.code))!.late_at).toBeNull();
    expect(await count("apologies", input.code)).toBe(0);
  });

  test("a check and a late return of the same dossier at once leave one apology", async () => {
    const input = dossier({ receivedAt: "2026-12-20T08:00:00+07:00", dueAt: "2026-12-21T17:00:00+07:00" });
    await posted(input, at("2026-12-20T02:00:00Z"));
    const now = at("2026-12-22T00:00:00Z");
    const [, returned] = await Promise.all([
      markOverdueDossiers(db, now, 24),
      post({ ...input, returnedAt: utc("2026-12-21T23:00:00+07:00") }, now),
      markOverdueDossiers(db, now, 24),
    ]);
    expect(returned.ok && returned.value.dossier).toMatchObject({ status: "returned", late: true, onTime: false });
    expect(await count("apologies", input.code)).toBe(1);
    expect((await storedRow(input.code))!.late_at).toBe("2026-12-21T10:00:00.000Z");
  });
});

describe("the timeliness roll-up", () => {
  // Last in the file: every post, race, extension, check and withdrawal above went through the use cases.
  test("equals a recount of every dossier above, after every post, race, check and withdrawal", async () => {
    expect(await db.selectFrom("dossier_day_summaries").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).not.toEqual({ n: 0 });
    expect(await compareDossierSummariesWithRaw(db)).toEqual([]);
  });
});
