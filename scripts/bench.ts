/**
 * `npm run bench [-- --only=submissions|indices] [--engine=sqlite|postgres]`: the performance issues'
 * figures, measured on a production build served on 127.0.0.1. Two parts:
 * submissions (against a node:http baseline, with the survey page's weight and
 * Lighthouse), and the indices API over a year of a million responses at
 * 300 service points (against a plain SQL aggregate over the raw answers,
 * with the server's memory). When BENCH_POSTGRES_URL names a PostgreSQL
 * server whose role may create databases, both parts run on PostgreSQL too:
 * submissions each engine against its own bare baseline in the same run, the
 * indices on the same data loaded into a database there (reused by the next
 * run), whose figures must equal SQLite's. `--engine` picks one engine.
 * Prints a table and writes bench/results.json; exits non-zero only
 * when the measurements cannot be trusted (refused submissions, acknowledged
 * responses missing from the database, the API and the raw aggregate
 * disagreeing), never because a goal was missed.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { snapshotFreshBuild } from "./bench/build";
import { waitForQuietMachine } from "./bench/cpu";
import { dropBenchDatabases, newPostgresDatabase, prepareEmptyDatabase, readStoredResponses, retireDemoAccounts } from "./bench/database";
import { benchIndices } from "./bench/indices";
import { LIGHTHOUSE_RUNS, runLighthouse } from "./bench/lighthouse";
import { CONNECTIONS, DURATION_SECONDS, measureFloor, measureSubmissions, SubmissionLedger, WARMUP_SECONDS } from "./bench/load";
import { measurePageWeight } from "./bench/page-weight";
import { freePort, killAllServersNow, startServer, stopServer, waitUntilHealthy, type Server } from "./bench/processes";
import {
  BENCH_PARTS,
  carriedParts,
  cpuCostRatio,
  ENGINES,
  judgeGoals,
  machine,
  renderReport,
  RESULTS_FILE,
  writeResults,
  type BenchPart,
  type Engine,
  type EngineSubmissions,
  type ServerFigures,
  type SubmissionResults,
} from "./bench/report";
import { fetchStartedToken, SURVEY_CODE, SURVEY_PATH } from "./bench/submission";
import { verifySubmissions } from "./bench/verify";

/** One IP hammering one service point would hit the real limits within a second. */
const RAISED_RATE_LIMIT = 100_000_000;

const log = (line: string) => console.log(line);

/** How long to wait for other work on the machine to finish before each measurement. */
const MAX_QUIET_WAIT_SECONDS = 10;

/**
 * The app serves a private copy of the build from `servingDir` (see
 * snapshotFreshBuild), resolving its packages through a node_modules link.
 */
async function startApp(servingDir: string, databaseUrl: string): Promise<Server> {
  await retireDemoAccounts(databaseUrl);
  const modules = path.join(servingDir, "node_modules");
  if (!fs.existsSync(modules)) fs.symlinkSync(path.resolve("node_modules"), modules, "dir");
  log(`Rate limits raised for the bench: RATE_LIMIT_DEVICE_PER_HOUR=RATE_LIMIT_IP_PER_HOUR=${RAISED_RATE_LIMIT} ` +
    `(the soft ip_burst/too_fast flags still run and are part of the measured cost).`);
  const server = startServer({
    name: "the app",
    script: "scripts/start.ts",
    port: await freePort(),
    cwd: servingDir,
    env: {
      NODE_ENV: "production",
      SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
      DEMO_SEED: "0",
      DATABASE_URL: databaseUrl,
      RATE_LIMIT_DEVICE_PER_HOUR: String(RAISED_RATE_LIMIT),
      RATE_LIMIT_IP_PER_HOUR: String(RAISED_RATE_LIMIT),
    },
  });
  await waitUntilHealthy(server);
  return server;
}

async function startBaseline(databaseUrl: string): Promise<Server> {
  const server = startServer({
    name: "the baseline",
    script: "scripts/bench/baseline-server.ts",
    port: await freePort(),
    env: { BASELINE_DATABASE_URL: databaseUrl, SURVEY_CODE },
  });
  await waitUntilHealthy(server);
  return server;
}

/** Loads a running server with submissions, stops it, and checks its database against what it answered. */
async function benchSubmissions(server: Server, databaseUrl: string, started: string): Promise<ServerFigures> {
  log(`Loading ${server.name}: ${WARMUP_SECONDS} s warm-up, then ${DURATION_SECONDS} s with ${CONNECTIONS} connections…`);
  await waitForQuietMachine(MAX_QUIET_WAIT_SECONDS, log);
  const ledger = new SubmissionLedger();
  const run = await measureSubmissions(server.baseUrl, started, ledger, server.child.pid);
  await stopServer(server);
  const stored = await readStoredResponses(databaseUrl);
  return {
    run,
    verification: verifySubmissions(server.name, run, ledger, stored),
    flags: stored.flags,
    answersStored: stored.answers,
  };
}

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-bench-"));

async function cleanUp(): Promise<void> {
  killAllServersNow();
  fs.rmSync(workDir, { recursive: true, force: true });
  await dropBenchDatabases();
}

/** A new empty database of the engine, migrated and seeded with the demo organisation: its URL. */
async function emptyDatabase(engine: Engine, name: string): Promise<string> {
  const url = engine === "postgres" ? await newPostgresDatabase(postgresServerUrl()!) : `file:${path.join(workDir, `${name}.db`)}`;
  await prepareEmptyDatabase(url);
  return url;
}

/** Submissions against the app and then the baseline, each on a fresh database of the engine. */
async function benchEngineSubmissions(engine: Engine, app: Server, appDatabase: string, started: string): Promise<EngineSubmissions> {
  log(`Loading the app with GET /healthz, the framework's floor: ${WARMUP_SECONDS} s warm-up, then ${DURATION_SECONDS / 2} s…`);
  await waitForQuietMachine(MAX_QUIET_WAIT_SECONDS, log);
  const floor = await measureFloor(app.baseUrl, app.child.pid);
  const appFigures = await benchSubmissions(app, appDatabase, started);
  const baselineDatabase = await emptyDatabase(engine, "baseline");
  const baseline = await startBaseline(baselineDatabase);
  const baselineFigures = await benchSubmissions(baseline, baselineDatabase, started);
  return {
    engine,
    floor,
    app: appFigures,
    baseline: baselineFigures,
    throughputRatio: appFigures.run.measured.requestsPerSecond / baselineFigures.run.measured.requestsPerSecond,
    cpuCostRatio: cpuCostRatio(appFigures, baselineFigures),
  };
}

/**
 * The first part: the survey page (weight, Lighthouse, on the first engine),
 * then, on each engine, submissions against the app and the baseline.
 */
async function benchSubmissionPart(engines: readonly Engine[]): Promise<{ results: SubmissionResults; problems: string[] }> {
  const measured: EngineSubmissions[] = [];
  let page: Pick<SubmissionResults, "pageWeight" | "lighthouse"> | null = null;
  for (const engine of engines) {
    const appDatabase = await emptyDatabase(engine, "bench");
    const app = await startApp(workDir, appDatabase);
    const started = await fetchStartedToken(app.baseUrl);
    if (!page) {
      const surveyUrl = `${app.baseUrl}${SURVEY_PATH}`;
      log("Measuring the survey page's weight…");
      const pageWeight = await measurePageWeight(surveyUrl);
      log(`Running Lighthouse ${LIGHTHOUSE_RUNS} times (about a minute)…`);
      await waitForQuietMachine(MAX_QUIET_WAIT_SECONDS, log);
      page = { pageWeight, lighthouse: await runLighthouse(surveyUrl) };
    }
    log(`Submissions on ${engine}:`);
    measured.push(await benchEngineSubmissions(engine, app, appDatabase, started));
  }
  return {
    results: {
      load: {
        endpoint: SURVEY_PATH,
        connections: CONNECTIONS,
        durationSeconds: DURATION_SECONDS,
        warmupSeconds: WARMUP_SECONDS,
        rateLimitPerHour: RAISED_RATE_LIMIT,
      },
      engines: measured,
      ...page!,
    },
    problems: measured.flatMap((m) => [...m.app.verification.problems, ...m.baseline.verification.problems]),
  };
}

/** The second part: scripts/bench/indices.ts (on PostgreSQL too when the engines include it). */
function benchIndexPart(engines: readonly Engine[]): ReturnType<typeof benchIndices> {
  return benchIndices({
    workDir,
    log,
    postgresServerUrl: engines.includes("postgres") ? postgresServerUrl() : undefined,
    startApp: (databaseUrl) => startApp(workDir, databaseUrl),
    stopServer,
    waitForQuietMachine: () => waitForQuietMachine(MAX_QUIET_WAIT_SECONDS, log),
  });
}

/** The PostgreSQL server the bench may make its databases on, if any. */
function postgresServerUrl(): string | undefined {
  return process.env.BENCH_POSTGRES_URL || undefined;
}

function options(): { parts: BenchPart[]; engines: Engine[] } {
  const { values } = parseArgs({ options: { only: { type: "string" }, engine: { type: "string" } } });
  const part = values.only === undefined ? undefined : BENCH_PARTS.find((p) => p === values.only);
  if (values.only !== undefined && !part) throw new Error(`--only must be one of ${BENCH_PARTS.join(", ")} (got "${values.only}")`);
  const engine = values.engine === undefined ? undefined : ENGINES.find((e) => e === values.engine);
  if (values.engine !== undefined && !engine) throw new Error(`--engine must be one of ${ENGINES.join(", ")} (got "${values.engine}")`);
  const engines = engine ? [engine] : postgresServerUrl() ? [...ENGINES] : ["sqlite" as const];
  if (engines.includes("postgres") && !postgresServerUrl()) {
    throw new Error("--engine=postgres needs BENCH_POSTGRES_URL=postgres://user:password@host:port/database (a role that may create databases)");
  }
  return { parts: part ? [part] : [...BENCH_PARTS], engines };
}

async function main(): Promise<number> {
  const started = Date.now();
  try {
    const { parts, engines } = options();
    const build = snapshotFreshBuild(workDir, log);
    const submissions = parts.includes("submissions") ? await benchSubmissionPart(engines) : null;
    const indices = parts.includes("indices") ? await benchIndexPart(engines) : null;

    const carried = carriedParts(parts);
    for (const [part, date] of Object.entries(carried.carriedOver)) log(`Keeping the ${part} figures of the run of ${date} (not run now).`);
    const measured = {
      date: new Date().toISOString(),
      node: process.version,
      machine: machine(),
      build,
      parts,
      engines,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      submissions: submissions?.results ?? carried.submissions,
      indices: indices?.results ?? carried.indices,
      carriedOver: carried.carriedOver,
    };
    const problems = [...(submissions?.problems ?? []), ...(indices?.problems ?? [])];
    const results = { ...measured, goals: judgeGoals(measured), problems };
    writeResults(results);
    log(renderReport(results));
    log(`Wrote ${RESULTS_FILE}.`);
    if (problems.length > 0) console.error(`BENCH FAILED: ${problems.length} problem(s) above make the figures untrustworthy.`);
    return problems.length > 0 ? 1 : 0;
  } finally {
    await cleanUp();
  }
}

process.once("SIGINT", () => {
  void cleanUp().finally(() => process.exit(130));
});

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`The bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
