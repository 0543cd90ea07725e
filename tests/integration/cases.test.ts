import type { KyselyPlugin, RootOperationNode } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Actor } from "~/modules/audit/types";
import {
  addCaseNote,
  answerCase,
  changeCaseDue,
  clearExpiredCaseContacts,
  closeCase,
  countOverdueCases,
  getStaffCase,
  listStaffCases,
  lookupCase,
  reopenCase,
  type CaseScope,
} from "~/modules/cases/cases.service.server";
import { submitResponse, type SubmissionRequest } from "~/modules/survey/submission.service.server";
import { ADMINISTRATIVE_ANSWERS, trustedSubmission } from "../setup/submissions";
import { useFreshDatabase } from "../setup/test-database";

/* Follow-up cases on the engine of the project (integration: SQLite; integration-pg: PostgreSQL). */

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const MANAGER: Actor = { userId: null, name: "Quản lý đất đai" };
const DAY = 24 * 60 * 60 * 1000;
let LAND: CaseScope;
let CONSTRUCTION: CaseScope;
let LAND_VIEWER: CaseScope;
const EVERY_SECTOR: CaseScope = { sectorIds: null, mayManage: true };

beforeAll(async () => {
  const sectors = await db.selectFrom("sectors").select(["id", "code"]).execute();
  const id = (code: string) => sectors.find((s) => s.code === code)!.id;
  LAND = { sectorIds: [id("land")], mayManage: true };
  CONSTRUCTION = { sectorIds: [id("construction")], mayManage: true };
  LAND_VIEWER = { sectorIds: [id("land")], mayManage: false };
});

const CONSENTED = { phone: "0912 345 678", email: null, consent: true };

function withContact(contact: SubmissionRequest["contact"], extra: Partial<SubmissionRequest> = {}): SubmissionRequest {
  return trustedSubmission("TT-DD-01", ADMINISTRATIVE_ANSWERS, { contact, ...extra });
}

/** Submits and returns the case's code; fails the test when no case was opened. */
async function openedCase(contact: SubmissionRequest["contact"] = CONSENTED, now = new Date()): Promise<string> {
  const outcome = await submitResponse(db, withContact(contact), now);
  if (outcome.kind !== "created" || !outcome.caseCode) throw new Error(`no case opened: ${JSON.stringify(outcome)}`);
  return outcome.caseCode;
}

const caseRow = (code: string) => db.selectFrom("cases").selectAll().where("code", "=", code).executeTakeFirstOrThrow();
const outboxOf = (caseId: number) => db.selectFrom("outbox_messages").selectAll().where("subject_type", "=", "case").where("subject_id", "=", caseId).orderBy("id").execute();
const auditOf = (caseId: number) => db.selectFrom("audit_log").selectAll().where("entity_type", "=", "case").where("entity_id", "=", caseId).orderBy("id").execute();

describe("a response with consented contact", () => {
  test("opens one case for its point's agency, due CASE_DUE_DAYS later, and its code comes back", async () => {
    const now = new Date("2026-12-01T02:00:00.000Z");
    const code = await openedCase(CONSENTED, now);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    const row = await caseRow(code);
    const point = await db.selectFrom("service_points").select(["id", "agency_id"]).where("code", "=", "TT-DD-01").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "open", agency_id: point.agency_id, service_point_id: point.id, contact_phone: "0912345678", contact_email: null });
    expect(row.due_at).toBe(new Date(now.getTime() + 5 * DAY).toISOString());
  });

  test("keeps the contact out of the response and its answers", async () => {
    const code = await openedCase({ phone: "0987654321", email: "dan.nguyen@example.vn", consent: true });
    const row = await caseRow(code);
    const response = await db.selectFrom("responses").selectAll().where("id", "=", row.response_id).executeTakeFirstOrThrow();
    const answers = await db.selectFrom("answers").selectAll().where("response_id", "=", row.response_id).execute();
    const stored = JSON.stringify({ response, answers });
    expect(stored).not.toContain("0987654321");
    expect(stored).not.toContain("dan.nguyen");
  });

  test("without contact, no case is opened and no code comes back", async () => {
    const before = await db.selectFrom("cases").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const outcome = await submitResponse(db, withContact(null));
    expect(outcome).toMatchObject({ kind: "created", caseCode: null });
    const after = await db.selectFrom("cases").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  test("sent five times at once with one client id, stores one response and one case, and each answer names it", async () => {
    const request = withContact(CONSENTED);
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => submitResponse(db, request)));
    expect(outcomes.filter((o) => o.kind === "created")).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === "repeat")).toHaveLength(4);
    const codes = new Set(outcomes.map((o) => (o.kind === "created" || o.kind === "repeat" ? o.caseCode : null)));
    expect(codes.size).toBe(1);
    const responses = await db.selectFrom("responses").select("id").where("client_id", "=", request.clientId!).execute();
    expect(responses).toHaveLength(1);
    const cases = await db.selectFrom("cases").select("code").where("response_id", "=", responses[0]!.id).execute();
    expect(cases.map((c) => c.code)).toEqual([...codes]);
  });

  test("a response without contact runs no statement about cases; one with contact adds a single insert", async () => {
    const statements = async (contact: SubmissionRequest["contact"]) => {
      const seen: RootOperationNode[] = [];
      const recording: KyselyPlugin = {
        transformQuery: (args) => {
          seen.push(args.node);
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      expect((await submitResponse(db.withPlugin(recording), withContact(contact))).kind).toBe("created");
      return seen;
    };
    const mentionsCases = (node: RootOperationNode) => /"name":"cases"/.test(JSON.stringify(node));
    // Once each first: the prepared inserts compile their shapes on first use only.
    await statements(null);
    await statements(CONSENTED);
    const plain = await statements(null);
    const withCase = await statements(CONSENTED);
    expect(plain.filter(mentionsCases)).toEqual([]);
    expect(withCase.filter(mentionsCases).map((n) => n.kind)).toEqual(["InsertQueryNode"]);
    expect(withCase.length).toBe(plain.length + 1);
  });

  test("with a bad contact stores nothing and names each field", async () => {
    const cases = [
      [{ phone: "0912345678", email: null, consent: false }, { consent: "contact_needs_consent" }],
      [{ phone: null, email: null, consent: true }, { contact: "consent_needs_contact" }],
      [{ phone: "+44 20 7946 0958", email: null, consent: true }, { "contact.phone": "phone_invalid" }],
      [{ phone: null, email: `${"x".repeat(100_000)}@example.vn`, consent: true }, { "contact.email": "email_invalid" }],
    ] as const;
    for (const [contact, errors] of cases) {
      const request = withContact(contact);
      expect(await submitResponse(db, request)).toEqual({ kind: "invalid", errors });
      expect(await db.selectFrom("responses").select("id").where("client_id", "=", request.clientId!).execute()).toEqual([]);
    }
  });
});

describe("looking a case up by its code", () => {
  test("finds it typed in lower case with a hyphen, and shows no contact", async () => {
    const code = await openedCase();
    const typed = `${code.slice(0, 5)}-${code.slice(5)}`.toLowerCase();
    const found = await lookupCase(db, typed);
    expect(found).toMatchObject({ code, status: "open", publicAnswer: null, agency: { vi: expect.any(String) } });
    expect(JSON.stringify(found)).not.toContain("0912345678");
  });

  test("an unknown or malformed code finds nothing", async () => {
    expect(await lookupCase(db, "0000000000")).toBeNull();
    expect(await lookupCase(db, "not a code")).toBeNull();
  });
});

describe("staff and their sectors", () => {
  test("a land manager sees the land case with its contact; a viewer sees it without; construction's manager cannot find it", async () => {
    const code = await openedCase();
    const managed = await getStaffCase(db, LAND, code);
    expect(managed.ok && managed.value.contact).toEqual({ phone: "0912345678", email: null });
    const read = await getStaffCase(db, LAND_VIEWER, code);
    expect(read.ok && read.value).toMatchObject({ contact: null, canManage: false });
    const other = await getStaffCase(db, CONSTRUCTION, code);
    expect(other.ok ? null : other.problem.status).toBe(404);
    const answered = await answerCase(db, MANAGER, CONSTRUCTION, code, "Trả lời sai sở");
    expect(answered.ok ? null : answered.problem.status).toBe(404);
    expect((await caseRow(code)).status).toBe("open");
  });

  test("a viewer may not answer, close or note (403), and nothing changes", async () => {
    const code = await openedCase();
    for (const step of [
      () => answerCase(db, MANAGER, LAND_VIEWER, code, "Không được"),
      () => closeCase(db, MANAGER, LAND_VIEWER, code),
      () => addCaseNote(db, MANAGER, LAND_VIEWER, code, "Không được"),
    ]) {
      const outcome = await step();
      expect(outcome.ok ? null : outcome.problem.status).toBe(403);
    }
    const row = await caseRow(code);
    expect(row.status).toBe("open");
    expect(await auditOf(row.id)).toEqual([]);
  });

  test("the list shows only the caller's sectors, overdue first, then by due date", async () => {
    const now = new Date();
    const late = await openedCase(CONSENTED, new Date(now.getTime() - 10 * DAY));
    const soon = await openedCase(CONSENTED, new Date(now.getTime() - 1 * DAY));
    const list = await listStaffCases(db, LAND, "open", 1, now);
    const codes = list.items.map((i) => i.code);
    expect(codes.indexOf(late)).toBeLessThan(codes.indexOf(soon));
    expect(list.items.find((i) => i.code === late)?.overdue).toBe(true);
    expect(list.items.find((i) => i.code === soon)?.overdue).toBe(false);
    const firstNotOverdue = list.items.findIndex((i) => !i.overdue);
    expect(list.items.slice(firstNotOverdue).some((i) => i.overdue)).toBe(false);
    expect(JSON.stringify(list)).not.toContain("0912345678");
    expect((await listStaffCases(db, CONSTRUCTION, "all", 1, now)).items.map((i) => i.code)).not.toContain(late);
  });

  test("overdue open cases are counted in the caller's sectors only", async () => {
    const now = new Date();
    const before = await countOverdueCases(db, LAND.sectorIds, now);
    const constructionBefore = await countOverdueCases(db, CONSTRUCTION.sectorIds, now);
    const everyBefore = await countOverdueCases(db, null, now);
    const code = await openedCase(CONSENTED, new Date(now.getTime() - 30 * DAY));
    expect(await countOverdueCases(db, LAND.sectorIds, now)).toBe(before + 1);
    expect(await countOverdueCases(db, null, now)).toBe(everyBefore + 1);
    expect(await countOverdueCases(db, CONSTRUCTION.sectorIds, now)).toBe(constructionBefore);
    expect(await countOverdueCases(db, [], now)).toBe(0);
    await answerCase(db, MANAGER, LAND, code, "Đã xử lý");
    expect(await countOverdueCases(db, LAND.sectorIds, now)).toBe(before);
  });
});

describe("answering, closing and reopening", () => {
  test("an answer makes the case answered, is public, writes one outbox SMS and an audit record with before and after", async () => {
    const code = await openedCase();
    const outcome = await answerCase(db, MANAGER, LAND, code, "Chúng tôi đã liên hệ và xin lỗi Ông/Bà.");
    expect(outcome.ok).toBe(true);
    const row = await caseRow(code);
    expect(row).toMatchObject({ status: "answered", public_answer: "Chúng tôi đã liên hệ và xin lỗi Ông/Bà.", answer_count: 1 });
    expect(row.answered_at).not.toBeNull();
    expect(await lookupCase(db, code)).toMatchObject({ status: "answered", publicAnswer: "Chúng tôi đã liên hệ và xin lỗi Ông/Bà." });
    const messages = await outboxOf(row.id);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ channel: "sms", kind: "case_answered", recipient: "0912345678", idempotency_key: `case:${row.id}:answered:1`, status: "pending" });
    expect(messages[0]!.body).toContain(code);
    const audit = await auditOf(row.id);
    expect(audit.map((a) => a.action)).toEqual(["answer"]);
    expect(JSON.parse(audit[0]!.before_json!)).toMatchObject({ status: "open", publicAnswer: null });
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ status: "answered", publicAnswer: "Chúng tôi đã liên hệ và xin lỗi Ông/Bà." });
    expect(audit[0]!.after_json).not.toContain("0912345678");
  });

  test("with an e-mail the answer is sent by e-mail, with a subject", async () => {
    const code = await openedCase({ phone: "0912345678", email: "dan@example.vn", consent: true });
    await answerCase(db, MANAGER, LAND, code, "Đã trả lời");
    const [message] = await outboxOf((await caseRow(code)).id);
    expect(message).toMatchObject({ channel: "email", recipient: "dan@example.vn" });
    expect(message!.subject).toContain(`${code.slice(0, 5)}-${code.slice(5)}`);
    expect(message!.body).toContain("Đã trả lời");
  });

  test("two managers answering at once: one answer stands, one outbox message, the other is told the case moved on", async () => {
    const code = await openedCase({ phone: null, email: "dan@example.vn", consent: true });
    const outcomes = await Promise.all([
      answerCase(db, MANAGER, LAND, code, "Trả lời thứ nhất"),
      answerCase(db, { userId: null, name: "Quản lý khác" }, LAND, code, "Trả lời thứ hai"),
    ]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    const refusedOne = outcomes.find((o) => !o.ok);
    expect(refusedOne && !refusedOne.ok && refusedOne.problem.status).toBe(409);
    const row = await caseRow(code);
    expect(["Trả lời thứ nhất", "Trả lời thứ hai"]).toContain(row.public_answer);
    expect(row.answer_count).toBe(1);
    const messages = await outboxOf(row.id);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.body).toContain(row.public_answer!);
    expect((await auditOf(row.id)).map((a) => a.action)).toEqual(["answer"]);
  });

  test("closing, reopening, a note and a new due date write no outbox message; a second answer after reopening writes the second", async () => {
    const code = await openedCase();
    const { id } = await caseRow(code);
    expect((await answerCase(db, MANAGER, LAND, code, "Lần một")).ok).toBe(true);
    expect((await closeCase(db, MANAGER, LAND, code)).ok).toBe(true);
    expect((await addCaseNote(db, MANAGER, LAND, code, "Người dân gọi lại, chưa hài lòng")).ok).toBe(true);
    expect((await reopenCase(db, MANAGER, LAND, code)).ok).toBe(true);
    expect((await changeCaseDue(db, MANAGER, LAND, code, "2031-01-15")).ok).toBe(true);
    expect(await outboxOf(id)).toHaveLength(1);
    const reopened = await caseRow(code);
    expect(reopened).toMatchObject({ status: "open", reopened_count: 1, closed_at: null, due_at: "2031-01-15T16:59:59.000Z" });
    expect((await answerCase(db, MANAGER, LAND, code, "Lần hai")).ok).toBe(true);
    expect((await outboxOf(id)).map((m) => m.idempotency_key)).toEqual([`case:${id}:answered:1`, `case:${id}:answered:2`]);
    expect((await auditOf(id)).map((a) => a.action)).toEqual(["answer", "close", "note", "reopen", "changeDue", "answer"]);
    const view = await getStaffCase(db, LAND, code);
    expect(view.ok && view.value.notes.map((n) => n.body)).toEqual(["Người dân gọi lại, chưa hài lòng"]);
    expect(JSON.stringify(await lookupCase(db, code))).not.toContain("chưa hài lòng");
  });

  test("steps the status does not allow are refused (409) and change nothing", async () => {
    const code = await openedCase();
    const { id } = await caseRow(code);
    expect((await reopenCase(db, MANAGER, LAND, code)).ok).toBe(false);
    await closeCase(db, MANAGER, LAND, code);
    for (const step of [() => answerCase(db, MANAGER, LAND, code, "Muộn"), () => closeCase(db, MANAGER, LAND, code), () => changeCaseDue(db, MANAGER, LAND, code, "2031-01-01")]) {
      const outcome = await step();
      expect(outcome.ok ? null : outcome.problem.status).toBe(409);
    }
    expect(await outboxOf(id)).toEqual([]);
    expect((await auditOf(id)).map((a) => a.action)).toEqual(["close"]);
  });
});

describe("retention of contact details", () => {
  test("clears the contact of cases closed more than CONTACT_RETENTION_DAYS ago, and only theirs", async () => {
    const now = new Date("2027-06-01T00:00:00.000Z");
    const closedAt = (code: string, daysAgo: number) =>
      db.updateTable("cases").set({ status: "closed", closed_at: new Date(now.getTime() - daysAgo * DAY).toISOString() }).where("code", "=", code).execute();
    const old = await openedCase({ phone: "0912345678", email: "cu@example.vn", consent: true });
    const recent = await openedCase();
    const stillOpen = await openedCase();
    await closedAt(old, 91);
    await closedAt(recent, 89);
    await db.updateTable("cases").set({ due_at: "2026-01-01T00:00:00.000Z" }).where("code", "=", stillOpen).execute();

    expect(await clearExpiredCaseContacts(db, now, 90)).toBeGreaterThanOrEqual(1);
    expect(await caseRow(old)).toMatchObject({ contact_phone: null, contact_email: null, contact_cleared_at: now.toISOString(), status: "closed" });
    expect(await caseRow(recent)).toMatchObject({ contact_phone: "0912345678" });
    expect(await caseRow(stillOpen)).toMatchObject({ contact_phone: "0912345678" });
    expect(await clearExpiredCaseContacts(db, now, 90)).toBe(0);

    // A case reopened after its contact went has no one to tell: its answer writes no message.
    await reopenCase(db, MANAGER, EVERY_SECTOR, old);
    expect((await answerCase(db, MANAGER, EVERY_SECTOR, old, "Trả lời")).ok).toBe(true);
    expect(await outboxOf((await caseRow(old)).id)).toEqual([]);
  });
});
