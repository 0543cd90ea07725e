import crypto from "node:crypto";
import SQLite from "better-sqlite3";
import pg from "pg";
import fs from "node:fs";
import path from "node:path";
import { addDays } from "~/domain/periods";
import { vietnamDate } from "~/domain/vietnam-time";
import { watchCpu } from "./cpu";
import { currentRssMb, servingProcess, watchMemory, type MemoryFigures } from "./memory";
import type { Server } from "./processes";
import { seededDatabase, seededPostgres } from "./seeded-database";
import {
  compareTimeliness,
  measureRawTimeliness,
  timelinessApiFigures,
  TIMELINESS_GROUPINGS,
  type RawTimelinessFigures,
  type TimelinessApiRow,
  type TimelinessGrouping,
  type TimelinessRowFigures,
} from "./timeliness";
import { apiFigures, compareFigures, rawFigures, rawQuery, RAW_GROUPINGS, type ApiRow, type RawRow, type RawGrouping, type RowFigures } from "./raw-aggregate";

export { compareFigures, type RowFigures } from "./raw-aggregate";

/** The groupings the issue names, over a year. */
export const INDEX_GROUPINGS = RAW_GROUPINGS;
export type IndexGrouping = RawGrouping;

export const API_WARMUP_REQUESTS = 5;
export const API_MEASURED_REQUESTS = 50;
export const RAW_RUNS = 3;
/** PostgreSQL's raw aggregate over ten million answers takes long enough that one run tells. */
export const RAW_RUNS_POSTGRES = 1;

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

/** Where the bench's app reads: the cached SQLite file's copy, or the PostgreSQL database loaded from it. */
export type IndexTarget = { engine: "sqlite"; file: string } | { engine: "postgres"; url: string };

/** The database as the app's DATABASE_URL. */
export const servedDatabase = (target: IndexTarget) => (target.engine === "sqlite" ? `file:${target.file}` : target.url);

async function onTarget(target: IndexTarget, statements: Array<{ sql: string; parameters: unknown[] }>): Promise<void> {
  if (target.engine === "sqlite") {
    const db = new SQLite(target.file);
    try {
      for (const s of statements) db.prepare(s.sql.replace(/\$\d+/g, "?")).run(...s.parameters);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    for (const s of statements) await client.query(s.sql, s.parameters);
  } finally {
    await client.end();
  }
}

/** A viewer bearer token (every sector), stored as the app stores them: SHA-256 hex of the token. */
export async function createViewerToken(target: IndexTarget): Promise<string> {
  const token = `hl_${crypto.randomBytes(32).toString("base64url")}`;
  await onTarget(target, [
    {
      sql: "insert into api_tokens (name, token_hash, role) values ($1, $2, 'viewer')",
      parameters: ["bench viewer", crypto.createHash("sha256").update(token).digest("hex")],
    },
  ]);
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
 * GETs `path` `API_WARMUP_REQUESTS` times unmeasured, then
 * `API_MEASURED_REQUESTS` times one after another, timing each until its whole
 * body has arrived. Every answer must be 200 with rows.
 */
export async function measureGets<Row>(
  baseUrl: string,
  token: string,
  path: string,
  serverGroup: number | undefined,
): Promise<{ figures: ApiFigures; rows: Row[] }> {
  const headers = { Authorization: `Bearer ${token}` };
  const get = async () => {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${path}`, { headers });
    const text = await response.text();
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    const body = JSON.parse(text) as { rows?: Row[] };
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
    rows: last!.rows,
  };
}

/** The indices of one grouping over the range (measureGets), with each row's figures by key. */
export async function measureApi(
  baseUrl: string,
  token: string,
  groupBy: IndexGrouping,
  range: { from: string; to: string },
  serverGroup: number | undefined,
): Promise<{ figures: ApiFigures; rows: Map<string, RowFigures> }> {
  const path = `/api/v1/indices?groupBy=${groupBy}&from=${range.from}&to=${range.to}`;
  const { figures, rows } = await measureGets<ApiRow>(baseUrl, token, path, serverGroup);
  return { figures, rows: new Map(rows.map((r) => [r.key, apiFigures(r)])) };
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
 * Runs the plain aggregate `runs` times, timing each run to its last row:
 * on SQLite through its own read-only better-sqlite3 connection (the app's
 * default page cache), on PostgreSQL through its own connection.
 */
/**
 * Runs one SQL statement (written with `?` parameters) `runs` times on its
 * own connection to the target, timing each run to its last row: on SQLite
 * a read-only better-sqlite3 connection (the app's default page cache), on
 * PostgreSQL a client of its own. The rows of the last run.
 */
export async function timeQuery<Row>(
  target: IndexTarget,
  text: string,
  parameters: readonly unknown[],
  runs: number,
): Promise<{ runMs: number[]; rows: Row[] }> {
  const runMs: number[] = [];
  let rows: Row[] = [];
  if (target.engine === "sqlite") {
    const db = new SQLite(target.file, { readonly: true });
    try {
      const statement = db.prepare(text);
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        rows = statement.all(...parameters) as Row[];
        runMs.push(round(performance.now() - started));
      }
    } finally {
      db.close();
    }
  } else {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      // PostgreSQL numbers its parameters.
      let n = 0;
      const numbered = text.replace(/\?/g, () => `$${++n}`);
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        rows = (await client.query(numbered, [...parameters])).rows as Row[];
        runMs.push(round(performance.now() - started));
      }
    } finally {
      await client.end();
    }
  }
  return { runMs, rows };
}

export async function measureRaw(
  target: IndexTarget,
  groupBy: IndexGrouping,
  range: { from: string; to: string },
  serverGroup: number | undefined,
  runs = RAW_RUNS,
): Promise<{ figures: RawFigures; rows: RawRow[] }> {
  const query = rawQuery(groupBy, range);
  const cpu = watchCpu(serverGroup);
  const { runMs, rows } = await timeQuery<RawRow>(target, query.sql, query.parameters, runs);
  const use = cpu.stop();
  const sorted = [...runMs].sort((a, b) => a - b);
  return {
    figures: { runs, runMs, medianMs: median(sorted), maxMs: sorted.at(-1)!, rows: rows.length, otherCpuShare: use?.othersShare ?? null },
    rows,
  };
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

/** The timeliness API of one grouping over the year, against the plain aggregate over the dossiers. */
export type TimelinessGroupingFigures = {
  groupBy: TimelinessGrouping;
  api: ApiFigures;
  raw: RawTimelinessFigures;
  /** Raw median / API p50. */
  ratio: number;
  agreement: { rows: number; equal: boolean; differences: string[] };
};

/** One engine's measurements: every grouping through the API and the raw aggregate, and the server's memory. */
export type EngineFigures = {
  groupings: IndexGroupingFigures[];
  timeliness: TimelinessGroupingFigures[];
  memory: MemoryFigures | null;
};

export type IndicesFigures = {
  database: {
    file: string;
    reused: boolean;
    seedSeconds: number;
    seededAt: string;
    responses: number;
    answers: number;
    dossiers: number;
    parameters: { responses: number; days: number; seed: number; points: number; dossiers: number };
  };
  range: { from: string; to: string };
  apiRequests: { warmup: number; measured: number };
  /** SQLite's. */
  groupings: IndexGroupingFigures[];
  /** SQLite's timeliness figures over the same year, of `database.dossiers` dossiers. */
  timeliness: TimelinessGroupingFigures[];
  memory: MemoryFigures | null;
  /** The same on PostgreSQL, when BENCH_POSTGRES_URL names a server (null otherwise). */
  postgres:
    | (EngineFigures & {
        database: { name: string; reused: boolean; loadSeconds: number | null; rows: Record<string, number> | null };
        /** Whether every figure of every row of every grouping is the same from the API on both engines. */
        engines: { equal: boolean; differences: string[] };
      })
    | null;
  /** Seconds the whole part took, seeding and loading included. */
  seconds: number;
};

/* ---------------------------------------------------------------------------
 * The part
 * ------------------------------------------------------------------------ */

/** What the part borrows from scripts/bench.ts: how to start and stop the app, and how to wait for a quiet machine. */
export type IndexBenchHooks = {
  workDir: string;
  log: (line: string) => void;
  /** The PostgreSQL server to load the same data into and measure there too (BENCH_POSTGRES_URL), if any. */
  postgresServerUrl: string | undefined;
  /** Starts the production build on a DATABASE_URL, its demo accounts retired first (production refuses them). */
  startApp: (databaseUrl: string) => Promise<Server>;
  stopServer: (server: Server) => Promise<void>;
  waitForQuietMachine: () => Promise<void>;
};

/** Reads the whole file once, so the API and the raw aggregate both start from a warm OS page cache. */
function warmPageCache(file: string): void {
  const fd = fs.openSync(file, "r");
  try {
    const buffer = Buffer.allocUnsafe(8 * 1024 * 1024);
    while (fs.readSync(fd, buffer, 0, buffer.length, null) > 0);
  } finally {
    fs.closeSync(fd);
  }
}

const MAX_LISTED_DIFFERENCES = 20;

function listDifferences(problems: string[], differences: readonly string[], what: string): void {
  problems.push(...differences.slice(0, MAX_LISTED_DIFFERENCES));
  if (differences.length > MAX_LISTED_DIFFERENCES) problems.push(`… and ${differences.length - MAX_LISTED_DIFFERENCES} more differences for ${what}`);
}

/**
 * Serves `target`, measures every grouping through the API, then the raw
 * aggregate on the same database (each distinct raw query once: the calendar
 * groupings share the per-day one), and compares them.
 */
async function measureEngine(
  hooks: IndexBenchHooks,
  target: IndexTarget,
  range: { from: string; to: string },
  problems: string[],
): Promise<
  EngineFigures & {
    apiRows: Map<IndexGrouping, Map<string, RowFigures>>;
    timelinessRows: Map<TimelinessGrouping, Map<string, TimelinessRowFigures>>;
  }
> {
  const { log } = hooks;
  const token = await createViewerToken(target);
  const server = await hooks.startApp(servedDatabase(target));
  const memory = watchMemory(server.child.pid);
  const apiRows = new Map<IndexGrouping, Map<string, RowFigures>>();
  const api = new Map<IndexGrouping, ApiFigures>();
  log(`${target.engine}: GET /api/v1/indices from ${range.from} to ${range.to}, ${API_WARMUP_REQUESTS} warm-up then ` +
    `${API_MEASURED_REQUESTS} sequential requests for each of ${INDEX_GROUPINGS.join(", ")}…`);
  await hooks.waitForQuietMachine();
  for (const groupBy of INDEX_GROUPINGS) {
    const { figures, rows } = await measureApi(server.baseUrl, token, groupBy, range, server.child.pid).catch((error: unknown) => {
      // The server's own account of a failure is in its log.
      throw new Error(`${error instanceof Error ? error.message : String(error)}\nthe server's log ends:\n${server.log().slice(-3000)}`);
    });
    const rss = server.child.pid === undefined ? null : currentRssMb(servingProcess(server.child.pid));
    log(`  ${groupBy}: p50 ${figures.latencyMs.p50} ms, p90 ${figures.latencyMs.p90} ms, p99 ${figures.latencyMs.p99} ms, ${figures.rows} rows` +
      `${rss === null ? "" : `; server RSS now ${rss} MB`}`);
    api.set(groupBy, figures);
    apiRows.set(groupBy, rows);
  }

  log(`${target.engine}: the plain SQL aggregate over the raw answers for each grouping (seconds a run)…`);
  await hooks.waitForQuietMachine();
  const runs = target.engine === "sqlite" ? RAW_RUNS : RAW_RUNS_POSTGRES;
  const byQuery = new Map<string, Awaited<ReturnType<typeof measureRaw>>>();
  const groupings: IndexGroupingFigures[] = [];
  for (const groupBy of INDEX_GROUPINGS) {
    const queryText = rawQuery(groupBy, range).sql;
    const known = byQuery.get(queryText);
    const raw = known ?? (await measureRaw(target, groupBy, range, server.child.pid, runs));
    byQuery.set(queryText, raw);
    // A shared query's rows are keyed anew for each grouping (days into weeks, months…).
    const rawRows = rawFigures(groupBy, raw.rows);
    const differences = compareFigures(groupBy, apiRows.get(groupBy)!, rawRows);
    listDifferences(problems, differences, `${target.engine} groupBy=${groupBy}`);
    const figures = api.get(groupBy)!;
    const ratio = Math.round((raw.figures.medianMs / figures.latencyMs.p50) * 10) / 10;
    log(`  ${groupBy}: median ${raw.figures.medianMs} ms (runs ${raw.figures.runMs.join(", ")} ms${known ? ", shared with an earlier grouping" : ""}), ` +
      `${ratio}× the API's p50; ${differences.length === 0 ? "figures agree" : `${differences.length} DIFFERENCES`}`);
    groupings.push({
      groupBy,
      api: figures,
      raw: raw.figures,
      ratio,
      agreement: {
        rows: new Set([...apiRows.get(groupBy)!.keys(), ...rawRows.keys()]).size,
        equal: differences.length === 0,
        differences,
      },
    });
  }
  const timeliness = await measureTimeliness(hooks, target, server, token, range, problems);

  const memoryFigures = memory.stop();
  await hooks.stopServer(server);
  if (!memoryFigures) log("  (no /proc: the server's memory is unknown)");
  else log(`${target.engine}: server peak RSS ${memoryFigures.peakRssMb} MB`);
  return { groupings, timeliness: timeliness.groupings, memory: memoryFigures, apiRows, timelinessRows: timeliness.apiRows };
}

/**
 * `GET /api/v1/timeliness` for each grouping over the year through the
 * running server, then the plain aggregate over the dossiers (one run on
 * PostgreSQL, three on SQLite), compared figure by figure.
 */
async function measureTimeliness(
  hooks: IndexBenchHooks,
  target: IndexTarget,
  server: Server,
  token: string,
  range: { from: string; to: string },
  problems: string[],
): Promise<{ groupings: TimelinessGroupingFigures[]; apiRows: Map<TimelinessGrouping, Map<string, TimelinessRowFigures>> }> {
  const { log } = hooks;
  log(`${target.engine}: GET /api/v1/timeliness from ${range.from} to ${range.to} for each of ${TIMELINESS_GROUPINGS.join(", ")}…`);
  await hooks.waitForQuietMachine();
  const api = new Map<TimelinessGrouping, { figures: ApiFigures; rows: Map<string, TimelinessRowFigures> }>();
  for (const groupBy of TIMELINESS_GROUPINGS) {
    const path = `/api/v1/timeliness?groupBy=${groupBy}&from=${range.from}&to=${range.to}`;
    const { figures, rows } = await measureGets<TimelinessApiRow>(server.baseUrl, token, path, server.child.pid);
    api.set(groupBy, { figures, rows: new Map(rows.map((r) => [r.key, timelinessApiFigures(r)])) });
    log(`  ${groupBy}: p50 ${figures.latencyMs.p50} ms, p90 ${figures.latencyMs.p90} ms, p99 ${figures.latencyMs.p99} ms, ${figures.rows} rows`);
  }
  // The overdue count is "now": the aggregate runs right after, at the same minute's state.
  const now = new Date().toISOString();
  log(`${target.engine}: the plain SQL aggregate over the dossiers for each grouping…`);
  const groupings: TimelinessGroupingFigures[] = [];
  for (const groupBy of TIMELINESS_GROUPINGS) {
    const raw = await measureRawTimeliness(target, groupBy, range, now, target.engine === "sqlite" ? RAW_RUNS : RAW_RUNS_POSTGRES);
    const { figures, rows } = api.get(groupBy)!;
    const differences = compareTimeliness(groupBy, rows, raw.rows);
    listDifferences(problems, differences, `${target.engine} timeliness groupBy=${groupBy}`);
    const ratio = Math.round((raw.figures.medianMs / figures.latencyMs.p50) * 10) / 10;
    log(`  ${groupBy}: median ${raw.figures.medianMs} ms (runs ${raw.figures.runMs.join(", ")} ms), ${ratio}× the API's p50; ` +
      `${differences.length === 0 ? "figures agree" : `${differences.length} DIFFERENCES`}`);
    groupings.push({
      groupBy,
      api: figures,
      raw: raw.figures,
      ratio,
      agreement: { rows: new Set([...rows.keys(), ...raw.rows.keys()]).size, equal: differences.length === 0, differences },
    });
  }
  return { groupings, apiRows: new Map([...api].map(([g, v]) => [g, v.rows])) };
}

/**
 * The indices part: a year of a million responses at 300 points, seeded once
 * into a cached SQLite file; every grouping of the API against the raw
 * aggregate on it. When BENCH_POSTGRES_URL names a PostgreSQL server (any
 * database on it; its role may create databases), the same data is loaded
 * into a database there (cached by the same key), measured the same way, and
 * the API's figures must also be equal on both engines. That one variable is
 * the rule: without it, SQLite only.
 */
export async function benchIndices(hooks: IndexBenchHooks): Promise<{ results: IndicesFigures; problems: string[] }> {
  const { log } = hooks;
  const partStarted = Date.now();
  const seeded = await seededDatabase(log);
  log(`Index database: ${seeded.responses.toLocaleString("en")} responses, ${seeded.answers.toLocaleString("en")} answers.`);
  const problems: string[] = [];
  if (seeded.responses !== seeded.parameters.responses) {
    problems.push(`the index database holds ${seeded.responses} responses, not ${seeded.parameters.responses}`);
  }
  if (seeded.dossiers !== seeded.parameters.dossiers) {
    problems.push(`the index database holds ${seeded.dossiers} dossiers, not ${seeded.parameters.dossiers}`);
  }
  // The seeded dates end on the Vietnam date of the seeding: a year up to it, 365 days inclusive.
  const to = vietnamDate(new Date(seeded.seededAt));
  const range = { from: addDays(to, -(seeded.parameters.days - 1)), to };

  // The server writes (the token, its last use), so it gets a copy; the cache stays as seeded.
  const file = path.join(hooks.workDir, "indices.db");
  fs.copyFileSync(seeded.file, file);
  warmPageCache(file);
  const sqlite = await measureEngine(hooks, { engine: "sqlite", file }, range, problems);
  fs.rmSync(file, { force: true });

  let postgres: IndicesFigures["postgres"] = null;
  const serverUrl = hooks.postgresServerUrl;
  if (serverUrl) {
    const loaded = await seededPostgres(seeded, serverUrl, log);
    const measured = await measureEngine(hooks, { engine: "postgres", url: loaded.url }, range, problems);
    const differences = [
      ...INDEX_GROUPINGS.flatMap((g) => compareFigures(g, sqlite.apiRows.get(g)!, measured.apiRows.get(g)!)),
      ...TIMELINESS_GROUPINGS.flatMap((g) => compareTimeliness(g, sqlite.timelinessRows.get(g)!, measured.timelinessRows.get(g)!)),
    ].map((d) => `SQLite vs PostgreSQL: ${d.replace("API", "SQLite").replace("raw", "PostgreSQL")}`);
    listDifferences(problems, differences, "SQLite against PostgreSQL");
    log(`SQLite and PostgreSQL: ${differences.length === 0 ? "every figure of every grouping equal" : `${differences.length} DIFFERENCES`}.`);
    postgres = {
      database: { name: loaded.database, reused: loaded.reused, loadSeconds: loaded.loadSeconds, rows: loaded.rows },
      groupings: measured.groupings,
      timeliness: measured.timeliness,
      memory: measured.memory,
      engines: { equal: differences.length === 0, differences },
    };
  }

  return {
    results: {
      database: {
        file: seeded.file,
        reused: seeded.reused,
        seedSeconds: seeded.seedSeconds,
        seededAt: seeded.seededAt,
        responses: seeded.responses,
        answers: seeded.answers,
        dossiers: seeded.dossiers,
        parameters: { ...seeded.parameters },
      },
      range,
      apiRequests: { warmup: API_WARMUP_REQUESTS, measured: API_MEASURED_REQUESTS },
      groupings: sqlite.groupings,
      timeliness: sqlite.timeliness,
      memory: sqlite.memory,
      postgres,
      seconds: Math.round((Date.now() - partStarted) / 100) / 10,
    },
    problems,
  };
}
