import crypto from "node:crypto";
import SQLite from "better-sqlite3";
import { watchCpu } from "./cpu";
import type { MemoryFigures } from "./memory";
import { apiFigures, rawFigures, rawQuery, RAW_GROUPINGS, type ApiRow, type RawRow, type RawGrouping, type RowFigures } from "./raw-aggregate";

export { compareFigures, type RowFigures } from "./raw-aggregate";

/** The groupings the issue names, over a year. */
export const INDEX_GROUPINGS = RAW_GROUPINGS;
export type IndexGrouping = RawGrouping;

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
 * The plain aggregate over the raw answers (raw-aggregate.ts: written from
 * DOMAIN.md, independently of the app's summaries), over the same scope as
 * the API's default: the date range, flagged responses left out.
 * ------------------------------------------------------------------------ */

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
