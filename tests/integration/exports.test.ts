import { parse } from "csv-parse/sync";
import type { KyselyPlugin } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseIndexQuery } from "~/domain/index-query";
import type { SummaryScope } from "~/modules/indices/indices.repository.server";
import { lastResponseId, streamResponsesForExport } from "~/modules/exports/exports.repository.server";
import { csvStream, exportResponsesCsv, RESPONSE_CSV_FIXED_COLUMNS } from "~/modules/exports/exports.service.server";
import { resolveScope } from "~/modules/indices/indices.service.server";
import { submitResponse } from "~/modules/survey/submission.service.server";
import { receivedSoonAfter } from "../setup/submissions";
import { useFreshDatabase } from "../setup/test-database";

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const BOM = [0xef, 0xbb, 0xbf];
// Line breaks as stored: a submission's CRLF is already normalised to LF.
const TRICKY_COMMENT = 'Nhân viên "rất" nhiệt tình, chu đáo;\nnhưng phải chờ lâu, khoảng 2 giờ.\n\nCảm ơn!';
const FORMULA_COMMENT = "=HYPERLINK(\"http://example.invalid\",\"bấm vào đây\")";

const ADMINISTRATIVE = {
  signage: "4", posted: "4", as_posted: "5", courtesy: "5", guidance: "4", result_correct: "4",
  feedback: "na", overall: "4", visits: "2", on_time: "late", submission_channel: "online",
} as const;
const HEALTH = { signage: "4", procedures: "3", facilities: "4", staff: "5", results: "4", overall: "2", expectation: "75", return: "unsure" } as const;

type Submitted = { clientId: string; point: string; answeredAt: string };
const submitted: Submitted[] = [];

async function respond(point: string, answeredAt: string, answers: Record<string, string>, extra: Partial<Parameters<typeof submitResponse>[1]> = {}) {
  const clientId = crypto.randomUUID();
  const outcome = await submitResponse(db, {
    clientId,
    servicePointCode: point,
    ticketToken: null,
    sectorCode: null,
    locale: "vi",
    answeredAt: new Date(answeredAt),
    rawAnswers: answers,
    repeatedKeys: [],
    channel: "api",
    honeypotFilled: false,
    ip: "198.51.100.7",
    deviceId: "device-under-test",
    submitter: { kind: "trusted_device" },
    ...extra,
  }, receivedSoonAfter(answeredAt));
  expect(outcome.kind).toBe("created");
  submitted.push({ clientId, point, answeredAt });
  return clientId;
}

function scopeOf(params: Record<string, string>, sectorIds: number[] | null = null): Promise<SummaryScope> {
  const parsed = parseIndexQuery(new URLSearchParams({ from: "2026-03-01", to: "2026-03-31", ...params }), new Date());
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problem));
  return resolveScope(db, parsed.value, { sectorIds }).then((r) => {
    if (!r.ok) throw new Error(JSON.stringify(r.problem));
    return r.value;
  });
}

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The CSV as a header and records keyed by column, after checking it starts with the byte-order mark. */
async function exported(params: Record<string, string>, batchSize = 2) {
  const bytes = await bytesOf(await exportResponsesCsv(db, await scopeOf(params), { batchSize }));
  expect([...bytes.slice(0, 3)]).toEqual(BOM);
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.slice(3));
  const [header, ...rows] = parse(text) as string[][];
  return { text, header: header!, rows: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!]))) };
}

let trickyId: string;
let formulaId: string;
let flaggedId: string;

beforeAll(async () => {
  // Seven land responses at counter 1, on days across March (Vietnam time), one with an awkward comment.
  for (let day = 1; day <= 7; day++) {
    const answers: Record<string, string> = { ...ADMINISTRATIVE, overall: String(1 + (day % 5)) };
    if (day === 3) answers.comment = TRICKY_COMMENT;
    if (day === 5) answers.comment = FORMULA_COMMENT;
    const id = await respond("TT-DD-01", `2026-03-0${day}T01:15:00.000Z`, answers);
    if (day === 3) trickyId = id;
    if (day === 5) formulaId = id;
  }
  // A construction response at the commune desk (which serves several sectors), and two at the hospital.
  await respond("HN-01", "2026-03-10T09:30:00.000Z", { ...ADMINISTRATIVE }, { sectorCode: "construction" });
  await respond("BV-KKB", "2026-03-11T16:59:59.000Z", { ...HEALTH });
  await respond("BV-NHI", "2026-03-11T17:00:00.000Z", { ...HEALTH, expectation: "90" });
  // A flagged one (the honeypot was filled), and one in April, outside the range.
  flaggedId = await respond("TT-DD-02", "2026-03-12T02:00:00.000Z", { ...ADMINISTRATIVE }, { honeypotFilled: true });
  await respond("TT-DD-01", "2026-04-01T02:00:00.000Z", { ...ADMINISTRATIVE });
});

/** How many queries reading a scope takes, stopping early when `stopAfter` responses have been seen. */
async function countQueries(scope: SummaryScope, options: { batchSize: number; stopAfter?: number }) {
  let queries = 0;
  const counting: KyselyPlugin = {
    transformQuery: (args) => {
      queries++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  const disconnected = new AbortController();
  const seen: string[] = [];
  const upToId = await lastResponseId(db);
  const reading = streamResponsesForExport(db.withPlugin(counting), scope, { ...options, upToId, signal: disconnected.signal });
  for await (const response of reading) {
    seen.push(response.clientId);
    if (seen.length === options.stopAfter) disconnected.abort();
  }
  return { queries, seen };
}

describe("reading responses for the export in keyset batches", () => {
  test("yields every response in scope exactly once, in the order stored, with batches smaller than the data", async () => {
    const land = submitted.filter((s) => s.point === "TT-DD-01" && s.answeredAt < "2026-04").map((s) => s.clientId);
    const { queries, seen } = await countQueries(await scopeOf({ sector: "land" }), { batchSize: 3 });
    expect(seen).toEqual(land);
    // Seven responses in pages of three: three pages, each a response query and
    // an answer query, where an empty scope costs one empty response query
    // (after the same lookups of the organisation).
    const empty = await countQueries(await scopeOf({ sector: "investment" }), { batchSize: 3 });
    expect(empty.seen).toEqual([]);
    expect(queries - empty.queries).toBe(3 * 2 - 1);
  });

  test("stops reading once the client has gone away", async () => {
    const { queries, seen } = await countQueries(await scopeOf({}), { batchSize: 2, stopAfter: 1 });
    const empty = await countQueries(await scopeOf({ sector: "investment" }), { batchSize: 2 });
    // The page in hand is finished; no further page is read.
    expect(seen).toHaveLength(2);
    expect(queries - empty.queries).toBe(2 - 1);
  });

  test("leaves out responses stored after the export began", async () => {
    const stream = await exportResponsesCsv(db, await scopeOf({ sector: "land" }), { batchSize: 2 });
    const late = await respond("TT-DD-01", "2026-03-08T01:15:00.000Z", { ...ADMINISTRATIVE });
    const text = new TextDecoder().decode(await bytesOf(stream));
    expect(text).not.toContain(late);
    expect(text).toContain(submitted[0]!.clientId);
  });
});

describe("the raw responses CSV", () => {
  test("starts with the byte-order mark, then one row per response in order, every response exactly once", async () => {
    const { header, rows } = await exported({ sector: "land" });
    expect(header).toEqual([
      ...RESPONSE_CSV_FIXED_COLUMNS,
      "signage", "posted", "as_posted", "courtesy", "guidance", "result_correct", "feedback",
      "overall", "visits", "on_time", "submission_channel", "comment",
    ]);
    const expected = submitted.filter((s) => s.point === "TT-DD-01" && s.answeredAt < "2026-04").map((s) => s.clientId);
    expect(rows.map((r) => r.response_id)).toEqual(expected);
  });

  test("gives the time in Vietnam with its offset, the codes, and answers as citizens gave them", async () => {
    const { rows } = await exported({ sector: "land" });
    expect(rows[0]).toMatchObject({
      answered_at: "2026-03-01T08:15:00+07:00",
      service_point: "TT-DD-01",
      agency: "so-nnmt",
      sector: "land",
      channel: "api",
      locale: "vi",
      questionnaire: "tthc",
      questionnaire_version: "1",
      flagged: "0",
      flag_reason: "",
      signage: "4",
      overall: "2",
      // "na" is the citizen's "not applicable"; a question left out stays blank.
      feedback: "na",
      comment: "",
      visits: "2",
      on_time: "late",
      submission_channel: "online",
    });
  });

  test("keeps Vietnamese text, commas, quotes and line breaks of a comment exactly", async () => {
    const { rows } = await exported({ sector: "land" });
    expect(rows.find((r) => r.response_id === trickyId)!.comment).toBe(TRICKY_COMMENT);
  });

  test("keeps a comment that looks like a formula from running in a spreadsheet", async () => {
    const { rows } = await exported({ sector: "land" });
    expect(rows.find((r) => r.response_id === formulaId)!.comment).toBe(`'${FORMULA_COMMENT}`);
  });

  test("holds no personal data: no hash column and no hash value", async () => {
    const { header, text } = await exported({ includeFlagged: "1" });
    expect(header.filter((h) => /hash|ip|device/i.test(h))).toEqual([]);
    const stored = await db.selectFrom("responses").select(["ip_hash", "device_hash"]).execute();
    for (const { ip_hash, device_hash } of stored) {
      for (const hash of [ip_hash, device_hash]) if (hash) expect(text).not.toContain(hash);
    }
    expect(text).not.toContain("198.51.100.7");
  });

  test("with several questionnaires in scope, prefixes each question column with its questionnaire", async () => {
    const { header, rows } = await exported({});
    // Only questionnaires answered in scope get columns: no school responses, so no education columns.
    expect(header.slice(RESPONSE_CSV_FIXED_COLUMNS.length)).toEqual([
      "health-outpatient:signage", "health-outpatient:procedures", "health-outpatient:facilities", "health-outpatient:staff",
      "health-outpatient:results", "health-outpatient:overall", "health-outpatient:expectation", "health-outpatient:return",
      "health-outpatient:comment",
      "tthc:signage", "tthc:posted", "tthc:as_posted", "tthc:courtesy", "tthc:guidance", "tthc:result_correct",
      "tthc:feedback", "tthc:overall", "tthc:visits", "tthc:on_time", "tthc:submission_channel", "tthc:comment",
    ]);
    const hospital = rows.find((r) => r.service_point === "BV-KKB")!;
    expect(hospital).toMatchObject({
      "health-outpatient:overall": "2",
      "health-outpatient:expectation": "75",
      "health-outpatient:return": "unsure",
      "tthc:overall": "",
    });
    // 23:59:59 and 00:00:00 in Vietnam: on either side of midnight.
    expect(hospital.answered_at).toBe("2026-03-11T23:59:59+07:00");
    expect(rows.find((r) => r.service_point === "BV-NHI")!.answered_at).toBe("2026-03-12T00:00:00+07:00");
    expect(rows.find((r) => r.service_point === "HN-01")).toMatchObject({ sector: "construction", "tthc:overall": "4", "health-outpatient:overall": "" });
  });

  test("leaves out flagged responses unless asked, then shows why they were flagged", async () => {
    expect((await exported({})).rows.map((r) => r.response_id)).not.toContain(flaggedId);
    const flagged = (await exported({ includeFlagged: "1" })).rows.find((r) => r.response_id === flaggedId);
    expect(flagged).toMatchObject({ flagged: "1", flag_reason: "honeypot" });
  });

  test("filters by Vietnam dates, agency subtree and service point", async () => {
    const byDates = await exported({ from: "2026-03-02", to: "2026-03-04" });
    expect(byDates.rows.map((r) => (r.answered_at ?? "").slice(0, 10))).toEqual(["2026-03-02", "2026-03-03", "2026-03-04"]);
    const centre = await exported({ agency: "ttphvhcc" });
    expect(new Set(centre.rows.map((r) => r.service_point))).toEqual(new Set(["TT-DD-01"]));
    const hospital = await exported({ servicePoint: "BV-NHI" });
    expect(hospital.rows.map((r) => r.service_point)).toEqual(["BV-NHI"]);
    expect(hospital.header).toContain("expectation");
  });

  test("an empty scope still gives the byte-order mark and the fixed header", async () => {
    const { header, rows } = await exported({ sector: "investment" });
    expect(header).toEqual([...RESPONSE_CSV_FIXED_COLUMNS]);
    expect(rows).toEqual([]);
  });

  test("stops pulling records, and so stops the query loop, when the client disconnects", async () => {
    let produced = 0;
    let returned = false;
    async function* endless(): AsyncGenerator<string[]> {
      try {
        for (;;) yield [String(++produced), "dữ liệu ".repeat(100)];
      } finally {
        returned = true;
      }
    }
    const disconnected = new AbortController();
    const reader = csvStream(endless(), disconnected.signal).getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    expect([...first.value!.slice(0, 3)]).toEqual(BOM);
    disconnected.abort();
    while (!(await reader.read()).done) {
      // what was produced before the abort may still arrive; then the stream ends
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(returned).toBe(true);
    // About one 64 KB chunk and the pipeline's small read-ahead, not an endless file.
    expect(produced).toBeLessThan(500);
  });

  test("stops the same way when the reader cancels", async () => {
    let returned = false;
    async function* endless(): AsyncGenerator<string[]> {
      try {
        for (let i = 0; ; i++) yield [String(i)];
      } finally {
        returned = true;
      }
    }
    const reader = csvStream(endless()).getReader();
    await reader.read();
    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(returned).toBe(true);
  });
});

describe("resolving the scope of an export", () => {
  test("names an unknown code and refuses a sector outside the caller's", async () => {
    const parsed = parseIndexQuery(new URLSearchParams({ sector: "nope" }), new Date());
    if (!parsed.ok) throw new Error("parsed");
    expect(await resolveScope(db, parsed.value, { sectorIds: null })).toMatchObject({
      ok: false,
      problem: { kind: "badParameter", status: 400, parameter: "sector", message: 'unknown sector "nope"' },
    });
    const land = await db.selectFrom("sectors").select("id").where("code", "=", "land").executeTakeFirstOrThrow();
    const other = parseIndexQuery(new URLSearchParams({ servicePoint: "BV-KKB" }), new Date());
    if (!other.ok) throw new Error("parsed");
    expect(await resolveScope(db, other.value, { sectorIds: [land.id] })).toMatchObject({
      ok: false,
      problem: { kind: "forbidden", status: 403, parameter: "servicePoint" },
    });
  });
});
