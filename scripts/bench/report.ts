import fs from "node:fs";
import os from "node:os";
import type { StoredResponses } from "./database";
import type { EngineFigures, IndexGroupingFigures, IndicesFigures, TimelinessGroupingFigures } from "./indices";
import type { LighthouseFigures } from "./lighthouse";
import { CONNECTIONS, type FloorFigures, type LoadRun } from "./load";
import type { PageWeight, Transfer } from "./page-weight";
import type { Verification } from "./verify";

export const RESULTS_FILE = "bench/results.json";
/** The issue counts in kilobytes; 1 kB = 1000 bytes here (the stricter reading). */
const KB = 1000;

export const GOALS = {
  /** Issue 9: on each engine, against its own bare baseline in the same run, at 10 connections. */
  minThroughputShareOfBaseline: 0.35,
  maxP99Ms: 25,
  maxBytesWithJs: 100 * KB,
  maxBytesWithoutJs: 15 * KB,
  minPerformanceScore: 0.98,
  minAccessibilityScore: 1,
  /** Issue 9: every grouping for a year at 300 points. */
  maxIndicesP50Ms: { sqlite: 20, postgres: 50 },
  minIndicesSpeedup: 20,
  maxServerRssMb: 300,
  /** Issue 10: the timeliness API over a year of a million dossiers, on each engine. */
  maxTimelinessP50Ms: 50,
};

export type ServerFigures = {
  run: LoadRun;
  verification: Verification;
  /** Flag reasons on the stored responses (the app's soft anti-abuse checks). */
  flags: StoredResponses["flags"];
  answersStored: number;
};

export const BENCH_PARTS = ["submissions", "indices"] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];

export const ENGINES = ["sqlite", "postgres"] as const;
export type Engine = (typeof ENGINES)[number];

/** The app and its bare baseline on one engine, side by side in the same run. */
export type EngineSubmissions = {
  engine: Engine;
  /** The same app answering GET /healthz: what Express and Remix cost before any of our work. */
  floor: FloorFigures;
  app: ServerFigures;
  baseline: ServerFigures;
  throughputRatio: number;
  /** Baseline's server CPU per response over the app's (null where unknown). */
  cpuCostRatio: number | null;
};

/** The first part: submissions against the baseline on each engine, the survey page's weight, Lighthouse. */
export type SubmissionResults = {
  load: { endpoint: string; connections: number; durationSeconds: number; warmupSeconds: number; rateLimitPerHour: number };
  engines: EngineSubmissions[];
  pageWeight: PageWeight;
  lighthouse: LighthouseFigures;
};

export type BenchResults = {
  date: string;
  node: string;
  machine: { cpu: string; cores: number; platform: string; memoryGb: number };
  build: "built" | "reused";
  /** The parts this run measured (`--only` runs one). */
  parts: BenchPart[];
  /** The engines the submissions part ran on. */
  engines: Engine[];
  /** Seconds the whole run took. */
  seconds: number;
  /** Null when not run. */
  submissions: SubmissionResults | null;
  indices: IndicesFigures | null;
  /**
   * Parts not run this time whose figures were kept from the previous
   * results file, each with the date of the run that measured it: the file
   * holds every part's latest figures.
   */
  carriedOver: Partial<Record<BenchPart, string>>;
  goals: Goal[];
  problems: string[];
};

export type Goal = {
  goal: string;
  actual: string;
  /** Null when it could not be measured. */
  met: boolean | null;
  /** False when other processes competed for the CPU while this was measured. */
  reliable: boolean;
};

export function machine(): BenchResults["machine"] {
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
  };
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} kB`;
const score = (n: number) => n.toFixed(2);
const ratio = (n: number) => `${n >= 100 ? n.toFixed(0) : n.toFixed(1)}×`;
const share = (n: number | null) => (n === null ? "?" : `${(n * 100).toFixed(0)}%`);

/** Above this, other processes were using a good part of a core and the load figures are pessimistic. */
const BUSY_MACHINE_SHARE = 0.1;

const wasBusy = (share: number | null) => share !== null && share > BUSY_MACHINE_SHARE;

/**
 * On PostgreSQL the database server is one of the "other processes" and is
 * part of what is measured, so their share says nothing about a busy machine.
 */
const busyFor = (engine: Engine, share: number | null) => engine === "sqlite" && wasBusy(share);

/** Every goal of the performance issue that this run measured, judged on its figures. */
export function judgeGoals(r: Pick<BenchResults, "submissions" | "indices">): Goal[] {
  return [...(r.submissions ? submissionGoals(r.submissions) : []), ...(r.indices ? indicesGoals(r.indices) : [])];
}

function engineGoals(e: EngineSubmissions): Goal[] {
  const app = e.app.run.measured;
  // The ratio compares two runs: either one slowed by other work skews it.
  return [
    {
      goal: `${e.engine}: app throughput ≥ ${GOALS.minThroughputShareOfBaseline * 100}% of its baseline`,
      actual: `${(e.throughputRatio * 100).toFixed(1)}%`,
      met: e.throughputRatio >= GOALS.minThroughputShareOfBaseline,
      reliable: !busyFor(e.engine, e.app.run.otherCpuShare) && !busyFor(e.engine, e.baseline.run.otherCpuShare),
    },
    {
      goal: `${e.engine}: app p99 ≤ ${GOALS.maxP99Ms} ms at ${CONNECTIONS} connections`,
      actual: ms(app.latencyMs.p99),
      met: app.latencyMs.p99 <= GOALS.maxP99Ms,
      reliable: !busyFor(e.engine, e.app.run.otherCpuShare),
    },
  ];
}

function submissionGoals(r: SubmissionResults): Goal[] {
  const lh = r.lighthouse;
  const page: Goal[] = [
    {
      goal: `survey page with JS ≤ ${kb(GOALS.maxBytesWithJs)} gzip`,
      actual: kb(r.pageWeight.withJs.bytes),
      met: r.pageWeight.withJs.bytes <= GOALS.maxBytesWithJs,
      reliable: true,
    },
    {
      goal: `survey page without JS ≤ ${kb(GOALS.maxBytesWithoutJs)} gzip`,
      actual: kb(r.pageWeight.withoutJs.bytes),
      met: r.pageWeight.withoutJs.bytes <= GOALS.maxBytesWithoutJs,
      reliable: true,
    },
    {
      goal: `Lighthouse performance ≥ ${GOALS.minPerformanceScore}`,
      actual: lh.ok ? score(lh.performance) : "failed",
      met: lh.ok ? lh.performance >= GOALS.minPerformanceScore : null,
      reliable: true,
    },
    {
      goal: `Lighthouse accessibility = ${GOALS.minAccessibilityScore.toFixed(1)}`,
      actual: lh.ok ? score(lh.accessibility) : "failed",
      met: lh.ok ? lh.accessibility >= GOALS.minAccessibilityScore : null,
      reliable: true,
    },
  ];
  return [...r.engines.flatMap(engineGoals), ...page];
}

function engineIndicesGoals(engine: Engine, figures: EngineFigures): Goal[] {
  const all = figures.groupings;
  const slowest = all.reduce((a, b) => (b.api.latencyMs.p50 > a.api.latencyMs.p50 ? b : a));
  const leastFaster = all.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  const apiReliable = all.every((g) => !busyFor(engine, g.api.otherCpuShare));
  const limit = GOALS.maxIndicesP50Ms[engine];
  return [
    {
      goal: `${engine}: /api/v1/indices p50 ≤ ${limit} ms, each of ${all.length} groupings`,
      actual: `slowest ${ms(slowest.api.latencyMs.p50)} (${slowest.groupBy})`,
      met: all.every((g) => g.api.latencyMs.p50 <= limit),
      reliable: apiReliable,
    },
    {
      goal: `${engine}: /api/v1/indices ≥ ${GOALS.minIndicesSpeedup}× faster than the raw aggregate, each`,
      actual: `least ${ratio(leastFaster.ratio)} (${leastFaster.groupBy})`,
      met: all.every((g) => g.ratio >= GOALS.minIndicesSpeedup),
      reliable: apiReliable && all.every((g) => !busyFor(engine, g.raw.otherCpuShare)),
    },
    ...timelinessGoals(engine, figures.timeliness),
    {
      goal: `${engine}: app server peak RSS ≤ ${GOALS.maxServerRssMb} MB (1 M responses, index queries)`,
      actual: figures.memory ? `${figures.memory.peakRssMb.toFixed(1)} MB` : "unknown (no /proc)",
      met: figures.memory ? figures.memory.peakRssMb <= GOALS.maxServerRssMb : null,
      reliable: true,
    },
  ];
}

function timelinessGoals(engine: Engine, all: readonly TimelinessGroupingFigures[] = []): Goal[] {
  if (all.length === 0) return [];
  const slowest = all.reduce((a, b) => (b.api.latencyMs.p50 > a.api.latencyMs.p50 ? b : a));
  return [
    {
      goal: `${engine}: /api/v1/timeliness p50 ≤ ${GOALS.maxTimelinessP50Ms} ms for a year, each of ${all.length} groupings`,
      actual: `slowest ${ms(slowest.api.latencyMs.p50)} (${slowest.groupBy})`,
      met: all.every((g) => g.api.latencyMs.p50 <= GOALS.maxTimelinessP50Ms),
      reliable: all.every((g) => !busyFor(engine, g.api.otherCpuShare)),
    },
    {
      goal: `${engine}: /api/v1/timeliness figures equal the plain aggregate over the dossiers`,
      actual: all.every((g) => g.agreement.equal) ? "equal" : `${all.reduce((n, g) => n + g.agreement.differences.length, 0)} differences`,
      met: all.every((g) => g.agreement.equal),
      reliable: true,
    },
  ];
}

function indicesGoals(r: IndicesFigures): Goal[] {
  const goals = engineIndicesGoals("sqlite", r);
  if (r.postgres) {
    goals.push(...engineIndicesGoals("postgres", r.postgres), {
      goal: "the API's figures equal on both engines, every row of every grouping",
      actual: r.postgres.engines.equal ? "equal" : `${r.postgres.engines.differences.length} differences`,
      met: r.postgres.engines.equal,
      reliable: true,
    });
  }
  return goals;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length)));
  const line = (row: string[]) => `  ${row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd()}`;
  const rule = `  ${widths.map((w) => "-".repeat(w)).join("  ")}`;
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join("\n");
}

function submissionRow(name: string, figures: ServerFigures): string[] {
  const m = figures.run.measured;
  const v = figures.verification;
  return [
    name,
    m.requestsPerSecond.toFixed(0),
    ms(m.latencyMs.p50),
    ms(m.latencyMs.p90),
    ms(m.latencyMs.p99),
    ms(m.latencyMs.max),
    figures.run.serverCpuMsPerResponse === null ? "n/a" : ms(figures.run.serverCpuMsPerResponse),
    String(m.responses),
    `${v.not303} (${(v.not303Share * 100).toFixed(2)}%)`,
    `${v.stored} = ${v.acknowledged} + ${v.storedUnanswered}`,
  ];
}

function filesTable(files: Transfer[]): string {
  return table([
    ["file", "on the wire", "uncompressed", "encoding"],
    ...files.map((f) => [f.url, `${f.wireBytes} B`, `${f.bytes} B`, f.encoding]),
  ]);
}

function lighthouseLines(lh: LighthouseFigures): string {
  if (!lh.ok) return `  FAILED: ${lh.reason}`;
  const m = lh.metrics;
  const failures = lh.accessibilityFailures.length > 0 ? `\n  failed accessibility audits: ${lh.accessibilityFailures.join(", ")}` : "";
  return (
    table([
      ["performance", "accessibility", "FCP", "LCP", "TBT", "CLS", "Speed Index"],
      [score(lh.performance), score(lh.accessibility), ms(m.fcpMs), ms(m.lcpMs), ms(m.tbtMs), m.cls.toFixed(3), ms(m.speedIndexMs)],
    ]) +
    `${failures}\n  median of ${lh.performanceRuns.length} runs (performance ${lh.performanceRuns.map(score).join(", ")}); ` +
    `CPU benchmark index ${lh.benchmarkIndex.toFixed(0)} (lower = slower or busier machine); report: ${lh.report}`
  );
}

export function cpuCostRatio(app: ServerFigures, baseline: ServerFigures): number | null {
  const appMs = app.run.serverCpuMsPerResponse;
  const baselineMs = baseline.run.serverCpuMsPerResponse;
  return appMs && baselineMs ? Math.round((baselineMs / appMs) * 1000) / 1000 : null;
}

function cpuRatioLine(r: EngineSubmissions): string {
  if (r.cpuCostRatio === null) return "  server CPU per response: unknown (no /proc)";
  return `  server CPU per response, baseline / app: ${(r.cpuCostRatio * 100).toFixed(1)}% ` +
    "(the throughput ratio if each had a core to itself; less sensitive to other load than req/s; fsync waits are not CPU time)";
}

function contentionLine(r: EngineSubmissions): string {
  const shares = [r.app.run.otherCpuShare, r.baseline.run.otherCpuShare];
  if (shares.some((s) => s === null)) return "  CPU used by other processes during the runs: unknown (no /proc)";
  const [app, baseline] = shares.map((s) => `${((s ?? 0) * 100).toFixed(0)}%`);
  const busy = shares.some((s) => busyFor(r.engine, s));
  const including = r.engine === "postgres" ? " (the PostgreSQL server included)" : "";
  return `  CPU used by other processes during the runs${including}: app ${app}, baseline ${baseline} of the machine` +
    (busy ? "\n  WARNING: the machine was busy with other work; these load figures are pessimistic, run again when it is idle" : "");
}

function verdict({ met, reliable }: Goal): string {
  if (met === null) return "n/a (failed)";
  return `${met ? "MET" : "MISSED"}${reliable ? "" : " (unreliable: machine busy)"}`;
}

function engineLines(e: EngineSubmissions): string {
  const floorCpu = e.floor.serverCpuMsPerResponse === null ? "CPU unknown" : `${ms(e.floor.serverCpuMsPerResponse)} CPU/resp`;
  return `  on ${e.engine}: throughput ratio app / baseline ${(e.throughputRatio * 100).toFixed(1)}%
  framework floor (GET ${e.floor.path} on the app): ${e.floor.requestsPerSecond.toFixed(0)} req/s, ${floorCpu}; ` +
    `${(e.floor.requestsPerSecond / e.baseline.run.measured.requestsPerSecond * 100).toFixed(1)}% of the baseline's submissions/s: about the most any route through Express and Remix reaches here
${cpuRatioLine(e)}
${contentionLine(e)}
  app responses flagged by the soft checks: ${JSON.stringify(e.app.flags)}`;
}

function submissionsSection(r: SubmissionResults): string {
  return `
Submissions: POST ${r.load.endpoint}, ${r.load.connections} connections, ${r.load.durationSeconds} s (after a ${r.load.warmupSeconds} s warm-up), every request a new valid response
${table([
  ["server", "req/s", "p50", "p90", "p99", "max", "CPU/resp", "responses", "not 303", "stored = 303s + in flight at stop"],
  ...r.engines.flatMap((e) => [
    submissionRow(`${e.engine}: app (Remix)`, e.app),
    submissionRow(`${e.engine}: baseline (node:http)`, e.baseline),
  ]),
])}
${r.engines.map(engineLines).join("\n")}${r.engines.some((e) => e.engine === "postgres") ? "" : "\n  PostgreSQL not measured: set BENCH_POSTGRES_URL to a server whose role may create databases"}

Survey page weight (gzip, body bytes on the wire; 1 kB = 1000 B)
  with JavaScript: ${kb(r.pageWeight.withJs.bytes)} (${r.pageWeight.withJs.bytes} B)
${filesTable(r.pageWeight.withJs.files)}
  without JavaScript (HTML + CSS): ${kb(r.pageWeight.withoutJs.bytes)} (${r.pageWeight.withoutJs.bytes} B)

Lighthouse (mobile, simulated throttling) on ${r.load.endpoint}
${lighthouseLines(r.lighthouse)}
`;
}

function memoryLine(r: IndicesFigures): string {
  const m = r.memory;
  if (!m) return "  app server memory: unknown (no /proc)";
  return `  app server peak RSS: ${m.peakRssMb.toFixed(1)} MB (VmHWM of the serving node process, pid ${m.servingPid}; ${m.finalRssMb.toFixed(1)} MB at the end); ` +
    `whole process group (${m.groupPids.length} processes, the tsx launcher included) sampled every 100 ms: peak ${m.sampledGroupPeakMb.toFixed(1)} MB`;
}

function groupingsTable(groupings: readonly IndexGroupingFigures[]): string {
  return table([
    ["groupBy", "rows", "API p50", "p90", "p99", "max", "raw median", "raw max", "raw / API p50", "figures agree"],
    ...groupings.map((g) => [
      g.groupBy,
      String(g.api.rows),
      ms(g.api.latencyMs.p50),
      ms(g.api.latencyMs.p90),
      ms(g.api.latencyMs.p99),
      ms(g.api.latencyMs.max),
      ms(g.raw.medianMs),
      ms(g.raw.maxMs),
      ratio(g.ratio),
      g.agreement.equal ? `yes (${g.agreement.rows} rows)` : `NO (${g.agreement.differences.length} differences)`,
    ]),
  ]);
}

function timelinessTable(groupings: readonly TimelinessGroupingFigures[]): string {
  return table([
    ["timeliness groupBy", "rows", "API p50", "p90", "p99", "max", "raw median", "raw / API p50", "figures agree"],
    ...groupings.map((g) => [
      g.groupBy,
      String(g.api.rows),
      ms(g.api.latencyMs.p50),
      ms(g.api.latencyMs.p90),
      ms(g.api.latencyMs.p99),
      ms(g.api.latencyMs.max),
      ms(g.raw.medianMs),
      ratio(g.ratio),
      g.agreement.equal ? `yes (${g.agreement.rows} rows)` : `NO (${g.agreement.differences.length} differences)`,
    ]),
  ]);
}

function postgresIndicesLines(p: NonNullable<IndicesFigures["postgres"]>): string {
  const load = p.database.reused ? "reused" : `loaded in ${p.database.loadSeconds?.toFixed(0) ?? "?"} s`;
  return `
  On PostgreSQL (database ${p.database.name}, ${load}), the same range and groupings, raw aggregate in SQL on the server:
${groupingsTable(p.groupings)}
${timelinessTable(p.timeliness)}
  app server peak RSS: ${p.memory ? `${p.memory.peakRssMb.toFixed(1)} MB` : "unknown (no /proc)"}
  SQLite and PostgreSQL: ${p.engines.equal ? "every figure of every grouping equal" : `${p.engines.differences.length} DIFFERENCES`}
`;
}

function indicesSection(r: IndicesFigures): string {
  const d = r.database;
  const agreeing = r.groupings.filter((g) => g.agreement.equal).length;
  const busy = r.groupings.some((g) => wasBusy(g.api.otherCpuShare) || wasBusy(g.raw.otherCpuShare));
  return `
Indices: GET /api/v1/indices?groupBy=…&from=${r.range.from}&to=${r.range.to} (viewer token) against a plain SQL aggregate over the raw answers
  database: ${d.responses.toLocaleString("en")} responses, ${d.answers.toLocaleString("en")} answers over ${d.parameters.days} days (seed ${d.parameters.seed}); ` +
    `${d.reused ? `reused from ${d.file} (seeding took ${d.seedSeconds.toFixed(0)} s on ${d.seededAt.slice(0, 10)})` : `seeded in ${d.seedSeconds.toFixed(0)} s, cached as ${d.file}`}
${groupingsTable(r.groupings)}
  API: ${r.apiRequests.warmup} warm-up then ${r.apiRequests.measured} sequential requests per grouping, timed to the last body byte; ` +
    `raw: ${r.groupings[0]?.raw.runs ?? 0} runs each through a separate read-only better-sqlite3 connection to the same file
  agreement: respondents, overall n/satisfied, answers n/satisfied/respondents and comprehensive n/satisfied of every row, API = raw ` +
    `(${agreeing} of ${r.groupings.length} groupings equal)
  Timeliness: GET /api/v1/timeliness?groupBy=…&from=${r.range.from}&to=${r.range.to} over ${d.dossiers.toLocaleString("en")} dossiers, ` +
    `against a plain SQL aggregate over the dossiers (received, returned, late, ticket responses, overdue, apologies of every row)
${timelinessTable(r.timeliness)}
${memoryLine(r)}
  CPU used by other processes: API ${r.groupings.map((g) => share(g.api.otherCpuShare)).join("/")}, raw ${r.groupings.map((g) => share(g.raw.otherCpuShare)).join("/")} of the machine` +
    `${busy ? "\n  WARNING: the machine was busy with other work; these figures are pessimistic, run again when it is idle" : ""}
${r.postgres ? postgresIndicesLines(r.postgres) : "  PostgreSQL not measured: set BENCH_POSTGRES_URL\n"}  this part took ${r.seconds.toFixed(0)} s
`;
}

export function renderReport(r: BenchResults): string {
  const skipped = BENCH_PARTS.filter((p) => !r.parts.includes(p));
  return `
Hài Lòng benchmark — ${r.date}
Node ${r.node}; ${r.machine.cpu} × ${r.machine.cores} cores; ${r.machine.platform}; production build ${r.build}${skipped.length > 0 ? `; not run: ${skipped.map((p) => (r.carriedOver[p] ? `${p} (figures kept from ${r.carriedOver[p]})` : p)).join(", ")}` : ""}
${r.submissions ? submissionsSection(r.submissions) : ""}${r.indices ? indicesSection(r.indices) : ""}
Goals
${table([["goal", "this run", "verdict"], ...r.goals.map((g) => [g.goal, g.actual, verdict(g)])])}
${r.problems.length > 0 ? `\nPROBLEMS (the bench fails):\n${r.problems.map((p) => `  ✗ ${p}`).join("\n")}\n` : ""}
  the whole bench took ${r.seconds.toFixed(0)} s`;
}

/**
 * The previous results file's figures of the parts `parts` leaves out, with
 * the date each was measured (a part carried over before keeps its date).
 * None when there is no file, or it cannot be read.
 */
export function carriedParts(parts: readonly BenchPart[]): Pick<BenchResults, "submissions" | "indices" | "carriedOver"> {
  const none = { submissions: null, indices: null, carriedOver: {} };
  let previous: Partial<BenchResults>;
  try {
    previous = JSON.parse(fs.readFileSync(RESULTS_FILE, "utf8")) as Partial<BenchResults>;
  } catch {
    return none;
  }
  const kept: Pick<BenchResults, "submissions" | "indices" | "carriedOver"> = none;
  for (const part of BENCH_PARTS.filter((p) => !parts.includes(p))) {
    const figures = previous[part];
    if (!figures) continue;
    (kept as Record<string, unknown>)[part] = figures;
    kept.carriedOver[part] = previous.carriedOver?.[part] ?? previous.date ?? "unknown";
  }
  return kept;
}

export function writeResults(r: BenchResults): void {
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(r, null, 2)}\n`);
}
