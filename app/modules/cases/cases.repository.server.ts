import { sql } from "kysely";
import type { DB } from "#db/client";
import type { CaseStatus } from "#db/schema";
import type { CaseFilter } from "~/domain/cases";
import type { Named } from "~/modules/organisation/types";
import type { CaseAnswerLine, CaseNoteView } from "./types";

/** A case as every reader gets it; contact details only in {@link CaseRecord}. */
export type CaseRow = {
  id: number;
  code: string;
  responseId: number;
  status: CaseStatus;
  dueAt: string;
  publicAnswer: string | null;
  answeredAt: string | null;
  answerCount: number;
  closedAt: string | null;
  reopenedCount: number;
  reopenedAt: string | null;
  createdAt: string;
  sectorId: number;
  sector: { code: string; name: Named };
  agency: { code: string; name: Named };
  servicePoint: { code: string; name: Named };
  /** The language the citizen answered in: the one to write to them in. */
  locale: string;
};

export type CaseRecord = CaseRow & { contactPhone: string | null; contactEmail: string | null };

const CASE_COLUMNS = [
  "c.id",
  "c.code",
  "c.response_id",
  "c.status",
  "c.due_at",
  "c.public_answer",
  "c.answered_at",
  "c.answer_count",
  "c.closed_at",
  "c.reopened_count",
  "c.reopened_at",
  "c.created_at",
  "c.sector_id",
  "s.code as sector_code",
  "s.name_vi as sector_vi",
  "s.name_en as sector_en",
  "a.code as agency_code",
  "a.name_vi as agency_vi",
  "a.name_en as agency_en",
  "p.code as point_code",
  "p.name_vi as point_vi",
  "p.name_en as point_en",
  "r.locale",
] as const;

function casesWithNames(db: DB) {
  return db
    .selectFrom("cases as c")
    .innerJoin("sectors as s", "s.id", "c.sector_id")
    .innerJoin("agencies as a", "a.id", "c.agency_id")
    .innerJoin("service_points as p", "p.id", "c.service_point_id")
    .innerJoin("responses as r", "r.id", "c.response_id");
}

type JoinedRow = Awaited<ReturnType<ReturnType<typeof selectCases>["executeTakeFirstOrThrow"]>>;
const selectCases = (db: DB) => casesWithNames(db).select(CASE_COLUMNS);

/** The one row mapping of a case. */
function caseRowOf(row: JoinedRow): CaseRow {
  return {
    id: row.id,
    code: row.code,
    responseId: row.response_id,
    status: row.status,
    dueAt: row.due_at,
    publicAnswer: row.public_answer,
    answeredAt: row.answered_at,
    answerCount: Number(row.answer_count),
    closedAt: row.closed_at,
    reopenedCount: Number(row.reopened_count),
    reopenedAt: row.reopened_at,
    createdAt: row.created_at,
    sectorId: row.sector_id,
    sector: { code: row.sector_code, name: { vi: row.sector_vi, en: row.sector_en } },
    agency: { code: row.agency_code, name: { vi: row.agency_vi, en: row.agency_en } },
    servicePoint: { code: row.point_code, name: { vi: row.point_vi, en: row.point_en } },
    locale: row.locale,
  };
}

export type NewCase = {
  code: string;
  responseId: number;
  servicePointId: number;
  sectorId: number;
  dueAt: string;
  phone: string | null;
  email: string | null;
  at: string;
};

/**
 * Inserts a case for its point's agency; null when the code is taken (the
 * caller draws another). A second case for the same response is not
 * swallowed: it fails, as the response's own unique id already prevents it.
 */
export async function insertCase(trx: DB, c: NewCase): Promise<number | null> {
  const row = await trx
    .insertInto("cases")
    .values((eb) => ({
      code: c.code,
      response_id: c.responseId,
      agency_id: eb.selectFrom("service_points").select("agency_id").where("id", "=", c.servicePointId),
      service_point_id: c.servicePointId,
      sector_id: c.sectorId,
      due_at: c.dueAt,
      contact_phone: c.phone,
      contact_email: c.email,
      created_at: c.at,
      updated_at: c.at,
    }))
    .onConflict((oc) => oc.column("code").doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The tracking code of a response's case, if it opened one. */
export async function findCaseCodeOfResponse(db: DB, responseId: number): Promise<string | null> {
  const row = await db.selectFrom("cases").select("code").where("response_id", "=", responseId).executeTakeFirst();
  return row?.code ?? null;
}

/** One case by its (normalised) code, with its contact; the service decides who sees what. */
export async function findCaseByCode(db: DB, code: string): Promise<CaseRecord | null> {
  const row = await selectCases(db).select(["c.contact_phone", "c.contact_email"]).where("c.code", "=", code).executeTakeFirst();
  return row ? { ...caseRowOf(row), contactPhone: row.contact_phone, contactEmail: row.contact_email } : null;
}

/** `sectorIds` null: every sector. */
type Scope = { sectorIds: number[] | null };

function overdueFirst(now: string) {
  return sql<number>`case when c.status = 'open' and c.due_at < ${now} then 0 else 1 end`;
}

/** Cases in scope, overdue first, then by due time; `limit + 1` rows tell whether there is a next page. */
export async function listCases(
  db: DB,
  { sectorIds, status, now, limit, offset }: Scope & { status: CaseFilter; now: string; limit: number; offset: number },
): Promise<{ rows: CaseRow[]; total: number }> {
  let query = casesWithNames(db);
  if (sectorIds !== null) query = sectorIds.length === 0 ? query.where(sql.lit(false)) : query.where("c.sector_id", "in", sectorIds);
  if (status !== "all") query = query.where("c.status", "=", status);
  const [rows, count] = await Promise.all([
    query
      .select(CASE_COLUMNS)
      .orderBy(overdueFirst(now))
      .orderBy("c.due_at")
      .orderBy("c.id")
      .limit(limit)
      .offset(offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  // The list never shows contact details: they are not even read.
  return { rows: rows.map(caseRowOf), total: Number(count.n) };
}

/** Open cases past their due time, in scope. */
export async function countOverdueOpenCases(db: DB, { sectorIds, now }: Scope & { now: string }): Promise<number> {
  let query = db.selectFrom("cases").where("status", "=", "open").where("due_at", "<", now);
  if (sectorIds !== null) query = sectorIds.length === 0 ? query.where(sql.lit(false)) : query.where("sector_id", "in", sectorIds);
  const row = await query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

export type CaseChange = Partial<{
  status: CaseStatus;
  due_at: string;
  public_answer: string;
  answered_at: string;
  closed_at: string | null;
  reopened_at: string;
}> & {
  /** Counts one more answer (the n of its outbox key). */
  countAnswer?: boolean;
  countReopen?: boolean;
};

/**
 * Changes a case only while its status is one of `from`: the step's rule
 * checked by the write itself, so of two concurrent steps the second finds
 * the case moved on (PostgreSQL re-reads the row once the first commits;
 * SQLite writes one at a time). Null when it had moved on; else how many
 * answers it has had.
 */
export async function updateCaseIf(
  trx: DB,
  id: number,
  from: readonly CaseStatus[],
  { countAnswer, countReopen, ...change }: CaseChange,
  at: string,
): Promise<{ answerCount: number } | null> {
  const row = await trx
    .updateTable("cases")
    // Counted by the write itself, not from what was read before it.
    .set((eb) => ({
      ...change,
      updated_at: at,
      ...(countAnswer ? { answer_count: eb("answer_count", "+", 1) } : {}),
      ...(countReopen ? { reopened_count: eb("reopened_count", "+", 1) } : {}),
    }))
    .where("id", "=", id)
    .where("status", "in", [...from])
    .returning("answer_count")
    .executeTakeFirst();
  return row ? { answerCount: Number(row.answer_count) } : null;
}

export async function insertCaseNote(trx: DB, note: { caseId: number; authorUserId: number | null; authorName: string; body: string; at: string }): Promise<number> {
  const { id } = await trx
    .insertInto("case_notes")
    .values({ case_id: note.caseId, author_user_id: note.authorUserId, author_name: note.authorName, body: note.body, created_at: note.at })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function listCaseNotes(db: DB, caseId: number): Promise<CaseNoteView[]> {
  const rows = await db
    .selectFrom("case_notes")
    .select(["id", "author_name", "body", "created_at"])
    .where("case_id", "=", caseId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ id: r.id, author: r.author_name, body: r.body, at: r.created_at }));
}

/** The answers of the response behind a case, in the questionnaire's order. */
export async function listResponseAnswers(db: DB, responseId: number): Promise<CaseAnswerLine[]> {
  const rows = await db
    .selectFrom("answers as x")
    .innerJoin("questions as q", "q.id", "x.question_id")
    .select(["q.key", "q.type", "q.text_vi", "q.text_en", "q.options_json", "x.score", "x.is_na", "x.choice_value", "x.number_value", "x.text_value"])
    .where("x.response_id", "=", responseId)
    .orderBy("q.position")
    .execute();
  return rows.map((r) => {
    const options = r.options_json ? (JSON.parse(r.options_json) as Array<{ value: string; text: Named }>) : [];
    const option = r.choice_value !== null ? options.find((o) => o.value === r.choice_value) : undefined;
    return {
      key: r.key,
      type: r.type,
      question: { vi: r.text_vi, en: r.text_en },
      score: r.score,
      notApplicable: Number(r.is_na) === 1,
      choice: r.choice_value === null ? null : (option?.text ?? { vi: r.choice_value, en: r.choice_value }),
      number: r.number_value,
      text: r.text_value,
    };
  });
}

/** Clears the contact of every case closed before `closedBefore` that still holds one; how many. */
export async function clearContactsClosedBefore(db: DB, closedBefore: string, at: string): Promise<number> {
  const result = await db
    .updateTable("cases")
    .set({ contact_phone: null, contact_email: null, contact_cleared_at: at, updated_at: at })
    .where("status", "=", "closed")
    .where("closed_at", "<", closedBefore)
    .where((eb) => eb.or([eb("contact_phone", "is not", null), eb("contact_email", "is not", null)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
