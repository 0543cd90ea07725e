import crypto from "node:crypto";
import SQLite from "better-sqlite3";
import { Kysely, sql, SqliteDialect, type SqlBool } from "kysely";
import { perResponseSums, responseSumSelect } from "../../app/modules/indices/summaries.repository.server";
import { watchCpu } from "./cpu";
import type { MemoryFigures } from "./memory";

/** The groupings the issue names, over a year. */
export const INDEX_GROUPINGS = ["sector", "agency", "servicePoint", "question", "month"] as const;
export type IndexGrouping = (typeof INDEX_GROUPINGS)[number];

export const API_WARMUP_REQUESTS = 5;
export const API_MEASURED_REQUESTS = 50;
export const RAW_RUNS = 3;

const round = (n: number) => Math.round(n * 100) / 100;

/** Nearest-rank percentile of sorted values, to 0.01. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
}

const median = (sorted: readonly number[]) => percentile(sorted, 50);

/* ---------------------------------------------------------------------------
 * The token
 * ------------------------------------------------------------------------ */

/** A viewer bearer token (every sector), stored as the app stores them: SHA-256 hex of the token. */
export function createViewerToken(file: string): string {
  const token = `hl_${crypto.randomBytes(32).toString("base64url")}`;
  const db = new SQLite(file);
  try {
    db.prepare("insert into api_tokens (name, token_hash, role) values (?, ?, 'viewer')").run(
      "bench viewer",
      crypto.createHash("sha256").update(token).digest("hex"),
    );
  } finally {
    db.close();
  }
  return token;
}

/* ---------------------------------------------------------------------------
 * The API
 * ------------------------------------------------------------------------ */

/** The figures of one row that the API and the raw aggregate must agree on exactly. */
export type RowFigures = {
  respondents: number;
  overallN: number | null;
  overallSatisfied: number | null;
  answersN: number;
  answersSatisfied: number;
  /** Respondents with at least one rated criterion (the clusters of the answer-level rate). */
  answersRespondents: number;
  comprehensiveN: number | null;
  comprehensiveSatisfied: number | null;
};

type Figure = { n: number; satisfied: number };
type ApiRow = {
  key: string;
  respondents: number;
  overall: Figure | null;
  answers: Figure & { respondents: number };
  comprehensive: Figure | null;
};

function apiFigures(row: ApiRow): RowFigures {
  return {
    respondents: row.respondents,
    overallN: row.overall?.n ?? null,
    overallSatisfied: row.overall?.satisfied ?? null,
    answersN: row.answers.n,
    answersSatisfied: row.answers.satisfied,
    answersRespondents: row.answers.respondents,
    comprehensiveN: row.comprehensive?.n ?? null,
    comprehensiveSatisfied: row.comprehensive?.satisfied ?? null,
  };
}

export type ApiFigures = {
  path: string;
  requests: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; min: number };
  rows: number;
  /** Bytes of the (decompressed) JSON body. */
  bodyBytes: number;
  /** Share of the machine's CPU that other processes took while this was measured (null: unknown). */
  otherCpuShare: number | null;
};

/**
 * GETs the indices `API_WARMUP_REQUESTS` times unmeasured, then
 * `API_MEASURED_REQUESTS` times one after another, timing each until its whole
 * body has arrived. Every answer must be 200 with rows.
 */
export async function measureApi(
  baseUrl: string,
  token: string,
  groupBy: IndexGrouping,
  range: { from: string; to: string },
  serverGroup: number | undefined,
): Promise<{ figures: ApiFigures; rows: Map<string, RowFigures> }> {
  const path = `/api/v1/indices?groupBy=${groupBy}&from=${range.from}&to=${range.to}`;
  const headers = { Authorization: `Bearer ${token}` };
  const get = async () => {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${path}`, { headers });
    const text = await response.text();
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    const body = JSON.parse(text) as { rows?: ApiRow[] };
    if (!Array.isArray(body.rows) || body.rows.length === 0) throw new Error(`GET ${path} answered no rows: ${text.slice(0, 300)}`);
    return { ms, rows: body.rows, bytes: Buffer.byteLength(text) };
  };
  for (let i = 0; i < API_WARMUP_REQUESTS; i++) await get();
  const cpu = watchCpu(serverGroup);
  const latencies: number[] = [];
  let last: Awaited<ReturnType<typeof get>> | undefined;
  for (let i = 0; i < API_MEASURED_REQUESTS; i++) {
    last = await get();
    latencies.push(last.ms);
  }
  const use = cpu.stop();
  latencies.sort((a, b) => a - b);
  return {
    figures: {
      path,
      requests: latencies.length,
      latencyMs: {
        p50: percentile(latencies, 50),
        p90: percentile(latencies, 90),
        p99: percentile(latencies, 99),
        max: round(latencies.at(-1)!),
        min: round(latencies[0]!),
      },
      rows: last!.rows.length,
      bodyBytes: last!.bytes,
      otherCpuShare: use?.othersShare ?? null,
    },
    rows: new Map(last!.rows.map((r) => [r.key, apiFigures(r)])),
  };
}

/* ---------------------------------------------------------------------------
 * The plain aggregate over the raw answers
 *
 * The sums of app/modules/indices/summaries.repository.server.ts (responseSummariesFromRaw,
 * questionSummariesFromRaw), over the same scope as the API's default (the
 * date range, flagged responses left out), grouped by the asked dimension
 * instead of the summaries' grain. Every sum the API's indices need is
 * computed, so both sides do the same job.
 * ------------------------------------------------------------------------ */

const SCALE_ANSWER = "(a.is_na = 0 and a.score is not null)";
const levelSums = (cond: string) =>
  [1, 2, 3, 4, 5].map((l) => `sum(case when ${cond} and a.score = ${l} then 1 else 0 end) as level_${l}`).join(",\n    ");

/** Compiles SQL built with Kysely's `sql` (no connection is touched). */
const compiler = new Kysely<unknown>({ dialect: new SqliteDialect({ database: async () => { throw new Error("compile only"); } }) });

/** The app's own per-response sums (the rebuild and check of the summaries), over the scope of the API's default. */
function responseSumsSql(key: string, joins: string, range: { from: string; to: string }) {
  const inScope = sql<SqlBool>`r.answered_date >= ${range.from} and r.answered_date <= ${range.to} and r.flagged = 0`;
  return sql`with pr as (${perResponseSums(inScope)})
  select ${sql.raw(key)} as key, ${responseSumSelect}
  from pr ${sql.raw(joins)}
  group by ${sql.raw(key)}`.compile(compiler);
}

/** The row key the API gives, and the joins that name it. */
const RESPONSE_DIMENSIONS: Record<Exclude<IndexGrouping, "question">, { key: string; joins: string }> = {
  sector: { key: "x.code", joins: "join sectors x on x.id = pr.sector_id" },
  agency: {
    key: "ag.code",
    joins: "join service_points p on p.id = pr.service_point_id join agencies ag on ag.id = p.agency_id",
  },
  servicePoint: { key: "p.code", joins: "join service_points p on p.id = pr.service_point_id" },
  month: { key: "substr(pr.answered_date, 1, 7)", joins: "" },
};

const QUESTION_SQL = `
  select qn.code as questionnaire, q.key as key,
    sum(case when ${SCALE_ANSWER} then 1 else 0 end) as clusters,
    sum(case when ${SCALE_ANSWER} then 1 else 0 end) as answers_n,
    sum(case when ${SCALE_ANSWER} and a.score >= 4 then 1 else 0 end) as answers_satisfied,
    ${levelSums(SCALE_ANSWER)},
    sum(case when a.is_na = 1 then 1 else 0 end) as not_applicable
  from answers a
  join questions q on q.id = a.question_id
  join questionnaire_versions v on v.id = q.questionnaire_version_id
  join questionnaires qn on qn.id = v.questionnaire_id
  join responses r on r.id = a.response_id
  where q.type = 'scale' and r.answered_date >= ? and r.answered_date <= ? and r.flagged = 0
  group by qn.id, q.key`;

/** The plain aggregate's SQL and its parameters for one grouping. */
export function rawQuery(groupBy: IndexGrouping, range: { from: string; to: string }): { sql: string; parameters: readonly unknown[] } {
  if (groupBy === "question") return { sql: QUESTION_SQL, parameters: [range.from, range.to] };
  const { key, joins } = RESPONSE_DIMENSIONS[groupBy];
  return responseSumsSql(key, joins, range);
}

type RawRow = Record<string, number | string | null> & { key: string };

function rawFigures(groupBy: IndexGrouping, rows: RawRow[]): Map<string, RowFigures> {
  const n = (v: unknown) => Number(v ?? 0);
  if (groupBy === "question") {
    // As the API: the stable key, prefixed by its questionnaire only when two questionnaires share it.
    const shared = new Map<string, number>();
    for (const r of rows) shared.set(r.key, (shared.get(r.key) ?? 0) + 1);
    return new Map(
      rows.map((r) => [
        (shared.get(r.key) ?? 0) > 1 ? `${r.questionnaire}:${r.key}` : r.key,
        {
          respondents: n(r.clusters),
          overallN: null,
          overallSatisfied: null,
          answersN: n(r.answers_n),
          answersSatisfied: n(r.answers_satisfied),
          answersRespondents: n(r.clusters),
          comprehensiveN: null,
          comprehensiveSatisfied: null,
        },
      ]),
    );
  }
  return new Map(
    rows.map((r) => [
      r.key,
      {
        respondents: n(r.respondents),
        overallN: n(r.overall_n),
        overallSatisfied: n(r.overall_satisfied),
        answersN: n(r.answers_n),
        answersSatisfied: n(r.answers_satisfied),
        answersRespondents: n(r.clusters),
        comprehensiveN: n(r.comprehensive_n),
        comprehensiveSatisfied: n(r.comprehensive_satisfied),
      },
    ]),
  );
}

export type RawFigures = {
  runs: number;
  /** Milliseconds of each run, in the order they ran. */
  runMs: number[];
  medianMs: number;
  maxMs: number;
  rows: number;
  otherCpuShare: number | null;
};

/**
 * Runs the plain aggregate `RAW_RUNS` times through its own read-only
 * better-sqlite3 connection (the app's default page cache), timing each run
 * to its last row.
 */
export function measureRaw(
  file: string,
  groupBy: IndexGrouping,
  range: { from: string; to: string },
  serverGroup: number | undefined,
): { figures: RawFigures; rows: Map<string, RowFigures> } {
  const db = new SQLite(file, { readonly: true });
  try {
    const query = rawQuery(groupBy, range);
    const statement = db.prepare(query.sql);
    const cpu = watchCpu(serverGroup);
    const runMs: number[] = [];
    let rows: RawRow[] = [];
    for (let i = 0; i < RAW_RUNS; i++) {
      const started = performance.now();
      rows = statement.all(...query.parameters) as RawRow[];
      runMs.push(round(performance.now() - started));
    }
    const use = cpu.stop();
    const sorted = [...runMs].sort((a, b) => a - b);
    return {
      figures: { runs: RAW_RUNS, runMs, medianMs: median(sorted), maxMs: sorted.at(-1)!, rows: rows.length, otherCpuShare: use?.othersShare ?? null },
      rows: rawFigures(groupBy, rows),
    };
  } finally {
    db.close();
  }
}

/* ---------------------------------------------------------------------------
 * Agreement
 * ------------------------------------------------------------------------ */

const ZERO: RowFigures = {
  respondents: 0, overallN: 0, overallSatisfied: 0, answersN: 0, answersSatisfied: 0, answersRespondents: 0,
  comprehensiveN: 0, comprehensiveSatisfied: 0,
};

/**
 * Every row's figures from the API against the raw aggregate's: they must be
 * equal. A row on one side only must be all zeros (an empty month of a trend).
 * Returns one line per difference.
 */
export function compareFigures(groupBy: IndexGrouping, api: Map<string, RowFigures>, raw: Map<string, RowFigures>): string[] {
  const differences: string[] = [];
  for (const key of [...new Set([...api.keys(), ...raw.keys()])].sort()) {
    const a = api.get(key);
    const r = raw.get(key);
    for (const field of Object.keys(ZERO) as Array<keyof RowFigures>) {
      const av = a ? a[field] : ZERO[field];
      const rv = r ? r[field] : ZERO[field];
      // Question rows have no overall or comprehensive figure on either side.
      if (av === null && rv === null) continue;
      if ((av ?? 0) !== (rv ?? 0)) differences.push(`groupBy=${groupBy} row ${key}: ${field} API ${av} ≠ raw ${rv}`);
    }
  }
  return differences;
}

export type IndexGroupingFigures = {
  groupBy: IndexGrouping;
  api: ApiFigures;
  raw: RawFigures;
  /** Raw median / API p50. */
  ratio: number;
  /** The rows compared and whether every compared figure was equal. */
  agreement: { rows: number; equal: boolean; differences: string[] };
};

export type IndicesFigures = {
  database: {
    file: string;
    reused: boolean;
    seedSeconds: number;
    seededAt: string;
    responses: number;
    answers: number;
    parameters: { responses: number; days: number; seed: number };
  };
  range: { from: string; to: string };
  apiRequests: { warmup: number; measured: number };
  groupings: IndexGroupingFigures[];
  memory: MemoryFigures | null;
  /** Seconds the whole part took, seeding included. */
  seconds: number;
};
