import { afterAll, describe, expect, test } from "vitest";
import { responseContribution } from "~/domain/response-contribution";
import type { NewResponseInput } from "~/modules/survey/responses.repository.server";
import { recordResponse } from "~/modules/survey/submission.service.server";
import { compareSummariesWithRaw } from "~/modules/indices/summaries.repository.server";
import { createTickets } from "~/modules/tickets/tickets.repository.server";
import { getCurrentVersion } from "~/modules/survey/surveys.repository.server";
import { getActiveServicePoint } from "~/modules/organisation/organisation.repository.server";
import { useFreshDatabase } from "../setup/test-database";

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

async function landCounter() {
  const point = (await getActiveServicePoint(db, "TT-DD-01"))!;
  const version = (await getCurrentVersion(db, point.questionnaireId!))!;
  return { point, version };
}

async function input(overrides: Partial<NewResponseInput> = {}): Promise<NewResponseInput> {
  const { point, version } = await landCounter();
  const overall = version.questions.find((q) => q.key === "overall")!;
  const feedback = version.questions.find((q) => q.key === "feedback")!;
  const answers = [
    { question_id: overall.id, score: 5 },
    { question_id: feedback.id, is_na: 1 as const },
  ];
  return {
    clientId: crypto.randomUUID(),
    servicePointId: point.id,
    questionnaireVersionId: version.id,
    sectorId: point.sectors[0]!.id,
    channel: "qr",
    locale: "vi",
    answeredAt: "2026-03-31T17:01:00.000Z",
    answeredDate: "2026-04-01",
    receivedAt: "2026-03-31T17:01:02.000Z",
    ipHash: "hash",
    deviceHash: null,
    flagReasons: [],
    ticketId: null,
    contentHash: "content-a",
    answers,
    contribution: responseContribution(
      version.questions.map((q) => ({ ...q, overall: q.type === "scale" && q.overall })),
      answers.map((a) => ({ questionId: a.question_id, score: a.score ?? null, notApplicable: a.is_na === 1, choice: null })),
    ),
    ...overrides,
  };
}

async function storedFor(clientId: string) {
  const response = await db.selectFrom("responses").selectAll().where("client_id", "=", clientId).executeTakeFirst();
  const answers = response
    ? await db.selectFrom("answers").selectAll().where("response_id", "=", response.id).orderBy("question_id").execute()
    : [];
  return { response, answers };
}

describe("recording a response", () => {
  test("stores the response and its answers, each pointing at the exact question it answered", async () => {
    const submission = await input();
    const outcome = await recordResponse(db, submission);
    expect(outcome.kind).toBe("created");
    const { response, answers } = await storedFor(submission.clientId);
    expect(response).toMatchObject({ answered_date: "2026-04-01", flagged: 0, flag_reason: null, channel: "qr" });
    expect(answers.map((a) => [a.question_id, a.score, a.is_na])).toEqual(
      submission.answers.map((a) => [a.question_id, a.score ?? null, a.is_na ?? 0]).sort((x, y) => Number(x[0]) - Number(y[0])),
    );
  });

  test("acknowledges a repeat of the same client id and content without storing it again", async () => {
    const submission = await input();
    const first = await recordResponse(db, submission);
    const again = await recordResponse(db, submission);
    expect(again).toEqual({ kind: "repeat", id: first.kind === "created" ? first.id : -1, caseCode: null });
    const n = await db.selectFrom("responses").select((eb) => eb.fn.countAll<number>().as("n")).where("client_id", "=", submission.clientId).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  test("refuses the same client id with other content as a conflict", async () => {
    const submission = await input();
    await recordResponse(db, submission);
    expect(await recordResponse(db, { ...submission, contentHash: "content-b" })).toEqual({ kind: "conflict" });
  });

  test("keeps the flag reasons of a suspicious response", async () => {
    const submission = await input({ flagReasons: ["too_fast", "ip_burst"] });
    await recordResponse(db, submission);
    expect((await storedFor(submission.clientId)).response).toMatchObject({ flagged: 1, flag_reason: "too_fast,ip_burst" });
  });

  test("writes nothing at all when one answer cannot be stored", async () => {
    const submission = await input();
    submission.answers.push({ question_id: 999_999, score: 3 });
    await expect(recordResponse(db, submission)).rejects.toThrow(/foreign key/i);
    expect(await storedFor(submission.clientId)).toEqual({ response: undefined, answers: [] });
  });

  test("keeps the summaries exactly in step with the raw answers", async () => {
    expect(await compareSummariesWithRaw(db)).toEqual([]);
  });

  test("the same response sent several times at once is stored once and acknowledged every time", async () => {
    const submission = await input();
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => recordResponse(db, submission)));
    const created = outcomes.filter((o) => o.kind === "created");
    expect(created).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === "repeat")).toHaveLength(3);
    expect(new Set(outcomes.map((o) => ("id" in o ? o.id : null)))).toEqual(new Set([created[0]!.id]));
    expect(await compareSummariesWithRaw(db)).toEqual([]);
  });

  test("a ticket sent with two responses at once is spent by one; the other is refused and not stored", async () => {
    const { point } = await landCounter();
    const [token] = await createTickets(db, { servicePointId: point.id, sectorId: null, dossierCode: "000.00.01.H42-261126-0002", count: 1 });
    const ticket = await db.selectFrom("tickets").select("id").where("token", "=", token!).executeTakeFirstOrThrow();
    const both = [await input({ ticketId: ticket.id, channel: "ticket" }), await input({ ticketId: ticket.id, channel: "ticket" })];
    const outcomes = await Promise.all(both.map((submission) => recordResponse(db, submission)));
    expect(outcomes.map((o) => o.kind).sort()).toEqual(["created", "ticket_used"]);
    const stored = await Promise.all(both.map(async (submission) => (await storedFor(submission.clientId)).response !== undefined));
    expect(stored.filter(Boolean)).toHaveLength(1);
  });

  test("spends a ticket once: the second response with it is refused and not stored", async () => {
    const { point } = await landCounter();
    const [token] = await createTickets(db, { servicePointId: point.id, sectorId: null, dossierCode: "000.00.01.H42-261126-0001", count: 1 });
    const ticket = await db.selectFrom("tickets").selectAll().where("token", "=", token!).executeTakeFirstOrThrow();
    const first = await input({ ticketId: ticket.id, channel: "ticket" });
    const second = await input({ ticketId: ticket.id, channel: "ticket" });
    expect((await recordResponse(db, first)).kind).toBe("created");
    expect(await recordResponse(db, second)).toEqual({ kind: "ticket_used" });
    expect((await storedFor(second.clientId)).response).toBeUndefined();
    const spent = await db.selectFrom("tickets").select("used_at").where("id", "=", ticket.id).executeTakeFirstOrThrow();
    expect(spent.used_at).toBe(first.receivedAt);
  });
});
