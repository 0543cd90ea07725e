import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ApologyForm, parseDossierPost, type ApologyInput } from "~/domain/dossiers";
import { parseForm } from "~/http/forms.server";
import type { Actor } from "~/modules/audit/types";
import { getApology, getDossier, listApologies, recordDossier, sendApology, type DossierScope } from "~/modules/dossiers/dossiers.service.server";
import { compareDossierSummariesWithRaw } from "~/modules/dossiers/dossier-summaries.repository.server";
import { useFreshDatabase } from "../setup/test-database";

/* Sending a late dossier's apology, on the engine of the project (integration: SQLite; integration-pg: PostgreSQL). */

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const ONE_STOP: Actor = { userId: null, name: "token: one-stop" };
const ALL: DossierScope = { sectorIds: null };
const HOUR = 60 * 60 * 1000;
/** Late since 20/11 17:00 Vietnam time; the apology was due 21/11 17:00. */
const NOW = new Date("2026-11-21T03:00:00.000Z");
const DUE = "2026-11-20T10:00:00.000Z";

let manager: Actor;
let land: DossierScope;
let health: DossierScope;
beforeAll(async () => {
  const sectors = await db.selectFrom("sectors").select(["id", "code"]).execute();
  const id = (code: string) => sectors.find((s) => s.code === code)!.id;
  land = { sectorIds: [id("land")] };
  health = { sectorIds: [id("health")] };
  const user = await db.selectFrom("users").select(["id", "name"]).where("email", "=", "manager.land@demo.vn").executeTakeFirstOrThrow();
  manager = { userId: user.id, name: user.name };
});

let serial = 0;
/** A land dossier, open and past its due time at NOW unless told otherwise, stored as the one-stop software posts it: its apology id. */
async function lateDossier(overrides: Record<string, unknown> = {}, now = NOW): Promise<{ code: string; apologyId: number }> {
  const code = `XL-${++serial}-${Math.random().toString(36).slice(2, 8)}`;
  const parsed = parseDossierPost(
    { code, servicePoint: "TT-DD-01", sector: "land", procedure: "Cấp giấy chứng nhận quyền sử dụng đất", receivedAt: "2026-11-02T08:00:00+07:00", dueAt: "2026-11-20T17:00:00+07:00", ...overrides },
    new Date("2030-01-01T00:00:00Z"),
  );
  if (!parsed.ok) throw new Error(parsed.message);
  const recorded = await recordDossier(db, ONE_STOP, ALL, parsed.value, { now, apologyDueHours: 24 });
  if (!recorded.ok) throw new Error(recorded.problem.message);
  return { code, apologyId: recorded.value.dossier.apology!.id };
}

/** The form as the route reads it. */
function form(fields: Record<string, string>): ApologyInput {
  const parsed = parseForm(ApologyForm, fields);
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return parsed.value;
}
const FILLED = { reason: "Hồ sơ cần xác minh thêm nguồn gốc đất với UBND xã.", newDueAt: "2026-12-10T17:00" };

const apologyRow = (id: number) => db.selectFrom("apologies").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const dossierRow = (code: string) => db.selectFrom("dossiers").selectAll().where("code", "=", code).executeTakeFirstOrThrow();
const dueChanges = (code: string) =>
  db.selectFrom("dossier_due_changes as c").innerJoin("dossiers as d", "d.id", "c.dossier_id").selectAll("c").where("d.code", "=", code).orderBy("c.id").execute();
const outboxOf = (id: number) => db.selectFrom("outbox_messages").selectAll().where("subject_type", "=", "apology").where("subject_id", "=", id).execute();
const auditOf = (id: number) => db.selectFrom("audit_log").selectAll().where("entity_type", "=", "apology").where("entity_id", "=", id).execute();

describe("sending an apology", () => {
  test("marks it sent with its reason and new date, extends the dossier's due time, records who did it, and e-mails the citizen", async () => {
    const { code, apologyId } = await lateDossier({ contact: { email: "dan@example.vn", phone: "0912345678" }, consent: true });
    const outcome = await sendApology(db, manager, land, apologyId, form(FILLED), NOW);
    expect(outcome).toEqual({ ok: true, value: { id: apologyId, channel: "email" } });

    const apology = await apologyRow(apologyId);
    expect(apology).toMatchObject({ status: "sent", sent_at: NOW.toISOString(), reason: FILLED.reason, new_due_at: "2026-12-10T10:00:00.000Z" });
    expect((await dossierRow(code)).due_at).toBe("2026-12-10T10:00:00.000Z");
    expect(await dueChanges(code)).toMatchObject([
      { from_due_at: DUE, to_due_at: "2026-12-10T10:00:00.000Z", source: "apology", actor_user_id: manager.userId, actor_name: manager.name, changed_at: NOW.toISOString() },
    ]);

    const [audit, ...moreAudit] = await auditOf(apologyId);
    expect(moreAudit).toEqual([]);
    expect(audit).toMatchObject({ action: "send", entity_label: code, actor_user_id: manager.userId, at: NOW.toISOString() });
    expect(JSON.parse(audit!.after_json!)).toEqual({ status: "sent", reason: FILLED.reason, newDueAt: "2026-12-10T10:00:00.000Z", notified: "email" });
    expect(audit!.after_json).not.toContain("dan@example.vn");

    const messages = await outboxOf(apologyId);
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message).toMatchObject({ channel: "email", kind: "apology_sent", recipient: "dan@example.vn", idempotency_key: `apology:${apologyId}:email`, status: "pending" });
    expect(message!.subject).toContain(code);
    expect(message!.body).toContain(code);
    expect(message!.body).toContain(FILLED.reason);
    // The new date in Vietnam time, not the UTC 10:00 it is stored as.
    expect(message!.body).toContain("17:00 ngày 10/12/2026");
  });

  test("the dossier stays late after the extension: the new date does not make it on time", async () => {
    const { code, apologyId } = await lateDossier();
    expect((await sendApology(db, manager, land, apologyId, form(FILLED), NOW)).ok).toBe(true);
    const standing = await getDossier(db, ALL, code, new Date(Date.parse(NOW.toISOString()) + HOUR));
    expect(standing.ok && standing.value).toMatchObject({ late: true, status: "in_progress", apology: { status: "sent" } });
    expect((await dossierRow(code)).late_at).toBe(DUE);
  });

  test("a citizen who left only a phone number gets an SMS; one without a consented contact gets no message", async () => {
    const phone = await lateDossier({ contact: { phone: "+84 912 345 678" }, consent: true });
    expect(await sendApology(db, manager, land, phone.apologyId, form(FILLED), NOW)).toEqual({ ok: true, value: { id: phone.apologyId, channel: "sms" } });
    const [sms] = await outboxOf(phone.apologyId);
    expect(sms).toMatchObject({ channel: "sms", recipient: "0912345678", subject: null, idempotency_key: `apology:${phone.apologyId}:sms` });
    expect(sms!.body).toContain(phone.code);
    expect(sms!.body).toContain("17:00 ngày 10/12/2026");

    const withheld = await lateDossier({ contact: { email: "khong@example.vn" }, consent: false });
    const none = await lateDossier();
    for (const { apologyId } of [withheld, none]) {
      expect(await sendApology(db, manager, land, apologyId, form(FILLED), NOW)).toEqual({ ok: true, value: { id: apologyId, channel: null } });
      expect(await outboxOf(apologyId)).toEqual([]);
      expect((await apologyRow(apologyId)).status).toBe("sent");
    }
  });

  test("two sends at once: one is sent, the other is told it was already sent, and everything is written once", async () => {
    const { code, apologyId } = await lateDossier({ contact: { email: "dan@example.vn" }, consent: true });
    const other = { ...FILLED, reason: "Một lý do khác, gửi cùng lúc bởi người thứ hai.", newDueAt: "2026-12-12T17:00" };
    const outcomes = await Promise.all([
      sendApology(db, manager, land, apologyId, form(FILLED), NOW),
      sendApology(db, manager, land, apologyId, form(other), NOW),
    ]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    const refused = outcomes.find((o) => !o.ok);
    expect(refused && !refused.ok && refused.problem).toMatchObject({ kind: "conflict", status: 409, fieldErrors: { _form: { code: "alreadySent" } } });
    expect(await outboxOf(apologyId)).toHaveLength(1);
    expect(await auditOf(apologyId)).toHaveLength(1);
    const changes = await dueChanges(code);
    expect(changes).toHaveLength(1);
    // What is stored is the winner's, whole: its reason with its own date.
    const stored = await apologyRow(apologyId);
    const winner = stored.reason === FILLED.reason ? FILLED : other;
    expect(stored.reason).toBe(winner.reason);
    expect((await dossierRow(code)).due_at).toBe(changes[0]!.to_due_at);
    expect(stored.new_due_at).toBe(changes[0]!.to_due_at);

    const again = await sendApology(db, manager, land, apologyId, form(FILLED), new Date(NOW.getTime() + HOUR));
    expect(!again.ok && again.problem.status).toBe(409);
  });

  test("another sector's apology is unknown to the caller (404), in a list, a page and a send, and nothing changes", async () => {
    const { code, apologyId } = await lateDossier({ contact: { email: "dan@example.vn" }, consent: true });
    const sent = await sendApology(db, manager, health, apologyId, form(FILLED), NOW);
    expect(!sent.ok && sent.problem).toMatchObject({ kind: "notFound", status: 404 });
    const page = await getApology(db, health, apologyId, NOW, "vi");
    expect(!page.ok && page.problem.status).toBe(404);
    expect((await listApologies(db, health, "required", NOW, "vi")).apologies.map((a) => a.id)).not.toContain(apologyId);
    expect((await listApologies(db, land, "required", NOW, "vi")).apologies.map((a) => a.id)).toContain(apologyId);
    expect((await apologyRow(apologyId)).status).toBe("required");
    expect((await dossierRow(code)).due_at).toBe(DUE);
    expect(await outboxOf(apologyId)).toEqual([]);
    expect(await auditOf(apologyId)).toEqual([]);

    const missing = await sendApology(db, manager, ALL, 987654, form(FILLED), NOW);
    expect(!missing.ok && missing.problem.status).toBe(404);
  });
});

describe("what the apology form refuses (400 beside the field, nothing stored)", () => {
  test("a missing, too short or too long reason, and a date that is no date", () => {
    const refusal = (fields: Record<string, string>) => {
      const parsed = parseForm(ApologyForm, fields);
      return parsed.ok ? null : parsed.problem.fieldErrors;
    };
    expect(refusal({ newDueAt: FILLED.newDueAt })).toEqual({ reason: { code: "required" } });
    expect(refusal({ reason: "   ", newDueAt: FILLED.newDueAt })).toEqual({ reason: { code: "required" } });
    expect(refusal({ reason: "Trễ.", newDueAt: FILLED.newDueAt })).toEqual({ reason: { code: "tooShort", values: { min: 10 } } });
    expect(refusal({ reason: "x".repeat(1001), newDueAt: FILLED.newDueAt })).toEqual({ reason: { code: "tooLong", values: { max: 1000 } } });
    expect(refusal({ reason: `${FILLED.reason}\u0007`, newDueAt: FILLED.newDueAt })).toEqual({ reason: { code: "invalid" } });
    for (const bad of ["10/12/2026", "2026-02-30T17:00", "2026-12-10T25:00", "2026-12-10", "x".repeat(100_000)]) {
      expect(refusal({ reason: FILLED.reason, newDueAt: bad }), bad.slice(0, 20)).toEqual({ newDueAt: { code: "format" } });
    }
    expect(form({ reason: "Dòng một\r\nDòng hai của lý do", newDueAt: "" })).toEqual({ reason: "Dòng một\nDòng hai của lý do", newDueAt: null });
  });

  test("a new date not after now, or not after the current due time, or none for an open dossier", async () => {
    // Extended by the one-stop software after it became late: still late, due again in the future.
    const { code, apologyId } = await lateDossier();
    const extended = parseDossierPost(
      { code, servicePoint: "TT-DD-01", sector: "land", procedure: "Cấp giấy chứng nhận quyền sử dụng đất", receivedAt: "2026-11-02T08:00:00+07:00", dueAt: "2026-11-25T17:00:00+07:00" },
      new Date("2030-01-01T00:00:00Z"),
    );
    if (!extended.ok) throw new Error(extended.message);
    expect((await recordDossier(db, ONE_STOP, ALL, extended.value, { now: NOW, apologyDueHours: 24 })).ok).toBe(true);

    const cases: Array<[string, string]> = [
      ["2026-11-21T09:00", "notAfterNow"], // NOW is 10:00 in Vietnam
      ["2026-11-25T17:00", "notAfterDue"],
      ["", "required"],
    ];
    for (const [newDueAt, code_] of cases) {
      const outcome = await sendApology(db, manager, land, apologyId, form({ reason: FILLED.reason, newDueAt }), NOW);
      expect(!outcome.ok && outcome.problem, newDueAt).toMatchObject({ status: 400, fieldErrors: { newDueAt: { code: code_ } } });
    }
    expect((await apologyRow(apologyId)).status).toBe("required");
    expect((await dueChanges(code)).map((c) => c.source)).toEqual(["dossier_api"]);
    expect(await auditOf(apologyId)).toEqual([]);
    expect((await sendApology(db, manager, land, apologyId, form({ reason: FILLED.reason, newDueAt: "2026-11-25T17:01" }), NOW)).ok).toBe(true);
  });

  test("a dossier already returned late takes the apology without a new date, and refuses one", async () => {
    const { code, apologyId } = await lateDossier({ returnedAt: "2026-11-21T08:00:00+07:00" });
    const withDate = await sendApology(db, manager, land, apologyId, form(FILLED), NOW);
    expect(!withDate.ok && withDate.problem.fieldErrors).toEqual({ newDueAt: { code: "alreadyReturned" } });
    expect(await sendApology(db, manager, land, apologyId, form({ reason: FILLED.reason }), NOW)).toEqual({ ok: true, value: { id: apologyId, channel: null } });
    expect(await apologyRow(apologyId)).toMatchObject({ status: "sent", new_due_at: null });
    expect((await dossierRow(code)).due_at).toBe(DUE);
    expect(await dueChanges(code)).toEqual([]);
  });
});

describe("the apology list", () => {
  test("counts each filter, lists the owed ones overdue first and the sent ones with whether they were in time", async () => {
    const fresh = { sectorIds: land.sectorIds };
    const later = new Date("2026-11-22T03:00:00.000Z"); // a day on: apologies due 21/11 10:00 UTC are overdue
    const older = await lateDossier({ dueAt: "2026-11-19T17:00:00+07:00" });
    // Late since 21/11 17:00: its apology is not due until 22/11 17:00.
    const newer = await lateDossier({ dueAt: "2026-11-21T17:00:00+07:00" }, new Date("2026-11-21T12:00:00.000Z"));
    const newerApology = newer.apologyId;

    const { counts, apologies } = await listApologies(db, fresh, "required", later, "vi");
    const ids = apologies.map((a) => a.id);
    expect(ids.indexOf(older.apologyId)).toBeLessThan(ids.indexOf(newerApology));
    const first = apologies.find((a) => a.id === older.apologyId)!;
    expect(first).toMatchObject({ overdue: true, sentInTime: null, dossier: { code: older.code, lateAt: "2026-11-19T10:00:00.000Z" }, point: { code: "TT-DD-01" } });
    expect(apologies.find((a) => a.id === newerApology)).toMatchObject({ overdue: false });
    const overdue = await listApologies(db, fresh, "overdue", later, "vi");
    expect(overdue.apologies.every((a) => a.overdue)).toBe(true);
    expect(overdue.apologies.map((a) => a.id)).toContain(older.apologyId);
    expect(overdue.apologies.map((a) => a.id)).not.toContain(newerApology);
    expect(counts.overdue).toBe(overdue.apologies.length);
    expect(counts.required).toBe(apologies.length);

    // Sent in time (before its due 20/11 10:00 UTC + 24 h) and sent late.
    const inTime = await lateDossier();
    await sendApology(db, manager, land, inTime.apologyId, form(FILLED), NOW);
    await sendApology(db, manager, land, older.apologyId, form(FILLED), later);
    const sent = await listApologies(db, fresh, "sent", later, "vi");
    expect(sent.apologies.find((a) => a.id === inTime.apologyId)).toMatchObject({ status: "sent", sentInTime: true });
    expect(sent.apologies.find((a) => a.id === older.apologyId)).toMatchObject({ status: "sent", sentInTime: false });
    expect(sent.counts.sent).toBe(sent.apologies.length);
    expect(sent.counts.required).toBe(counts.required - 1);
  });
});

describe("the one-stop software after an apology's new date", () => {
  /** A post of the dossier as the software knows it (its own due time), at `now`. */
  async function repost(code: string, fields: Record<string, unknown>, now: Date) {
    const parsed = parseDossierPost(
      { code, servicePoint: "TT-DD-01", sector: "land", procedure: "Cấp giấy chứng nhận quyền sử dụng đất", receivedAt: "2026-11-02T08:00:00+07:00", ...fields },
      new Date("2030-01-01T00:00:00Z"),
    );
    if (!parsed.ok) throw new Error(parsed.message);
    return recordDossier(db, ONE_STOP, ALL, parsed.value, { now, apologyDueHours: 24 });
  }

  test("may repeat the due time it knew, and report the return with it: the new date stands, nothing is refused", async () => {
    const { code, apologyId } = await lateDossier();
    expect((await sendApology(db, manager, land, apologyId, form(FILLED), NOW)).ok).toBe(true);

    const again = await repost(code, { dueAt: "2026-11-20T17:00:00+07:00" }, new Date(NOW.getTime() + HOUR));
    expect(again.ok && again.value.created).toBe(false);
    expect((await dossierRow(code)).due_at).toBe("2026-12-10T10:00:00.000Z");

    const returned = await repost(code, { dueAt: "2026-11-20T17:00:00+07:00", returnedAt: "2026-12-05T09:00:00+07:00" }, new Date("2026-12-05T03:00:00Z"));
    expect(returned.ok && returned.value.dossier).toMatchObject({ status: "returned", late: true, onTime: false, apology: { status: "sent" } });
    expect(await dueChanges(code)).toHaveLength(1);
  });

  test("may still not move the due time earlier than it ever was (409 on dueAt), and a later one is an extension", async () => {
    const { code, apologyId } = await lateDossier();
    expect((await sendApology(db, manager, land, apologyId, form(FILLED), NOW)).ok).toBe(true);
    const earlier = await repost(code, { dueAt: "2026-11-19T17:00:00+07:00" }, NOW);
    expect(earlier.ok ? null : earlier.problem).toMatchObject({ status: 409, field: "dueAt" });
    const later = await repost(code, { dueAt: "2026-12-15T17:00:00+07:00" }, NOW);
    expect(later.ok).toBe(true);
    expect((await dueChanges(code)).map((c) => c.source)).toEqual(["apology", "dossier_api"]);
  });
});

describe("the timeliness roll-up after the sends above", () => {
  test("equals a recount: each send moved its apology to sent (in time or not) on the day the dossier became late", async () => {
    expect(await compareDossierSummariesWithRaw(db)).toEqual([]);
  });
});
