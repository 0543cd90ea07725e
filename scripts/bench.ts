/**
 * `npm run bench [-- --only=submissions|indices]`: the performance issue's
 * figures, measured on a production build served on 127.0.0.1. Two parts:
 * submissions (against a node:http baseline, with the survey page's weight and
 * Lighthouse), and the indices API over a year of a million responses at
 * 300 service points (against a plain SQL aggregate over the raw answers,
 * with the server's memory), on SQLite and, when BENCH_DATABASE_URL names a
 * PostgreSQL server, on PostgreSQL too (the same data loaded into a database
 * there, reused by the next run; the figures must be equal on both engines). Prints a table and writes bench/results.json; exits non-zero only
 * when the measurements cannot be trusted (refused submissions, acknowledged
 * responses missing from the database, the API and the raw aggregate
 * disagreeing), never because a goal was missed.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { isPostgresUrl } from "#db/client";
import { snapshotFreshBuild } from "./bench/build";
import { waitForQuietMachine } from "./bench/cpu";
import { prepareEmptyDatabase, readStoredResponses, retireDemoAccounts } from "./bench/database";
import { benchIndices } from "./bench/indices";
import { LIGHTHOUSE_RUNS, runLighthouse } from "./bench/lighthouse";
import { CONNECTIONS, DURATION_SECONDS, measureSubmissions, SubmissionLedger, WARMUP_SECONDS } from "./bench/load";
import { measurePageWeight } from "./bench/page-weight";
import { freePort, killAllServersNow, startServer, stopServer, waitUntilHealthy, type Server } from "./bench/processes";
import {
  BENCH_PARTS,
  cpuCostRatio,
  judgeGoals,
  machine,
  renderReport,
  RESULTS_FILE,
  writeResults,
  type BenchPart,
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
async function startApp(servingDir: string, database: string): Promise<Server> {
  // A PostgreSQL URL (the indices part) is served as given, its demo accounts retired by that part.
  const postgres = isPostgresUrl(database);
  if (!postgres) await retireDemoAccounts(database);
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
      DATABASE_URL: postgres ? database : `file:${database}`,
      RATE_LIMIT_DEVICE_PER_HOUR: String(RAISED_RATE_LIMIT),
      RATE_LIMIT_IP_PER_HOUR: String(RAISED_RATE_LIMIT),
    },
  });
  await waitUntilHealthy(server);
  return server;
}

async function startBaseline(database: string): Promise<Server> {
  const server = startServer({
    name: "the baseline",
    script: "scripts/bench/baseline-server.ts",
    port: await freePort(),
    env: { BASELINE_DATABASE: database, SURVEY_CODE },
  });
  await waitUntilHealthy(server);
  return server;
}

/** Loads a running server with submissions, stops it, and checks its database against what it answered. */
async function benchSubmissions(server: Server, database: string, started: string): Promise<ServerFigures> {
  log(`Loading ${server.name}: ${WARMUP_SECONDS} s warm-up, then ${DURATION_SECONDS} s with ${CONNECTIONS} connections…`);
  await waitForQuietMachine(MAX_QUIET_WAIT_SECONDS, log);
  const ledger = new SubmissionLedger();
  const run = await measureSubmissions(server.baseUrl, started, ledger, server.child.pid);
  await stopServer(server);
  const stored = readStoredResponses(database);
  return {
    run,
    verification: verifySubmissions(server.name, run, ledger, stored),
    flags: stored.flags,
    answersStored: stored.answers,
  };
}

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-bench-"));

function cleanUp(): void {
  killAllServersNow();
  fs.rmSync(workDir, { recursive: true, force: true });
}

/** The first part: the survey page, then submissions against the app and the baseline. */
async function benchSubmissionPart(): Promise<{ results: SubmissionResults; problems: string[] }> {
  const appDatabase = path.join(workDir, "bench.db");
  const baselineDatabase = path.join(workDir, "baseline.db");
  await prepareEmptyDatabase(appDatabase);
  await prepareEmptyDatabase(baselineDatabase);

  const app = await startApp(workDir, appDatabase);
  const surveyUrl = `${app.baseUrl}${SURVEY_PATH}`;
  log("Measuring the survey page's weight…");
  const pageWeight = await measurePageWeight(surveyUrl);
  log(`Running Lighthouse ${LIGHTHOUSE_RUNS} times (about a minute)…`);
  await waitForQuietMachine(MAX_QUIET_WAIT_SECONDS, log);
  const lighthouse = await runLighthouse(surveyUrl);
  const started = await fetchStartedToken(app.baseUrl);
  const appFigures = await benchSubmissions(app, appDatabase, started);

  const baseline = await startBaseline(baselineDatabase);
  const baselineFigures = await benchSubmissions(baseline, baselineDatabase, started);

  return {
    results: {
      load: {
        endpoint: SURVEY_PATH,
        connections: CONNECTIONS,
        durationSeconds: DURATION_SECONDS,
        warmupSeconds: WARMUP_SECONDS,
        rateLimitPerHour: RAISED_RATE_LIMIT,
      },
      app: appFigures,
      baseline: baselineFigures,
      throughputRatio: appFigures.run.measured.requestsPerSecond / baselineFigures.run.measured.requestsPerSecond,
      cpuCostRatio: cpuCostRatio(appFigures, baselineFigures),
      pageWeight,
      lighthouse,
    },
    problems: [...appFigures.verification.problems, ...baselineFigures.verification.problems],
  };
}

/** The second part: scripts/bench/indices.ts (SQLite; PostgreSQL too when BENCH_DATABASE_URL is set). */
function benchIndexPart(): ReturnType<typeof benchIndices> {
  return benchIndices({
    workDir,
    log,
    startApp: (database) => startApp(workDir, database),
    stopServer,
    waitForQuietMachine: () => waitForQuietMachine(MAX_QUIET_WAIT_SECONDS, log),
  });
}

function partsToRun(): BenchPart[] {
  const { values } = parseArgs({ options: { only: { type: "string" } } });
  if (values.only === undefined) return [...BENCH_PARTS];
  const part = BENCH_PARTS.find((p) => p === values.only);
  if (!part) throw new Error(`--only must be one of ${BENCH_PARTS.join(", ")} (got "${values.only}")`);
  return [part];
}

async function main(): Promise<number> {
  const started = Date.now();
  try {
    const parts = partsToRun();
    const build = snapshotFreshBuild(workDir, log);
    const submissions = parts.includes("submissions") ? await benchSubmissionPart() : null;
    const indices = parts.includes("indices") ? await benchIndexPart() : null;

    const measured = {
      date: new Date().toISOString(),
      node: process.version,
      machine: machine(),
      build,
      parts,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      submissions: submissions?.results ?? null,
      indices: indices?.results ?? null,
    };
    const problems = [...(submissions?.problems ?? []), ...(indices?.problems ?? [])];
    const results = { ...measured, goals: judgeGoals(measured), problems };
    writeResults(results);
    log(renderReport(results));
    log(`Wrote ${RESULTS_FILE}.`);
    if (problems.length > 0) console.error(`BENCH FAILED: ${problems.length} problem(s) above make the figures untrustworthy.`);
    return problems.length > 0 ? 1 : 0;
  } finally {
    cleanUp();
  }
}

process.once("SIGINT", () => {
  cleanUp();
  process.exit(130);
});

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`The bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
