import crypto from "node:crypto";
import autocannon, { type RawRequest, type RequestContext } from "autocannon";
import { watchCpu } from "./cpu";
import { SURVEY_PATH, surveyFormBody } from "./submission";

export const CONNECTIONS = 10;
export const DURATION_SECONDS = 10;
/** Lets the JIT and SQLite's page cache settle; not counted in the figures. */
export const WARMUP_SECONDS = 2;

/** Every request of every phase against one server, to check against its database. */
export class SubmissionLedger {
  readonly sent = new Set<string>();
  /** Ids whose request got an answer, whatever its status. */
  readonly answered = new Set<string>();
  /** Ids answered 303: the server promised they are stored. */
  readonly acknowledged = new Set<string>();
}

export type LoadFigures = {
  durationSeconds: number;
  responses: number;
  /** Status code → count. */
  statuses: Record<string, number>;
  /** Connection errors and timeouts: requests that got no answer at all. */
  errors: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
};

const round = (n: number) => Math.round(n * 100) / 100;

/** Nearest-rank percentile of sorted values, to 0.01. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
}

/**
 * POSTs valid, distinct survey submissions as fast as `CONNECTIONS`
 * keep-alive connections allow. Latencies are collected here rather than read
 * from autocannon's histogram, which rounds to whole milliseconds.
 */
export async function postSubmissions(
  baseUrl: string,
  started: string,
  seconds: number,
  ledger: SubmissionLedger,
): Promise<LoadFigures> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const instance = autocannon({
    url: `${baseUrl}${SURVEY_PATH}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: "POST",
        path: SURVEY_PATH,
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        // A fresh id (and fresh answers) for every request: the same id twice
        // would only be acknowledged as a repeat, not stored again.
        setupRequest(request: RawRequest, context: RequestContext): RawRequest {
          const clientId = crypto.randomUUID();
          context.clientId = clientId;
          ledger.sent.add(clientId);
          return { ...request, body: surveyFormBody(clientId, started) };
        },
        onResponse(status: number, _body: string, context: RequestContext) {
          if (typeof context.clientId !== "string") return;
          ledger.answered.add(context.clientId);
          if (status === 303) ledger.acknowledged.add(context.clientId);
        },
      },
    ],
  });
  instance.on("response", (_client: unknown, status: number, _bytes: number, milliseconds: number) => {
    latencies.push(milliseconds);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    durationSeconds: result.duration,
    responses: latencies.length,
    statuses,
    errors: result.errors,
    requestsPerSecond: round(latencies.length / result.duration),
    latencyMs: {
      p50: percentile(latencies, 50),
      p90: percentile(latencies, 90),
      p99: percentile(latencies, 99),
      max: round(latencies.at(-1) ?? Number.NaN),
    },
  };
}

export type LoadRun = {
  warmup: LoadFigures;
  measured: LoadFigures;
  /** Share of the machine's CPU that other processes took during the measured run (null: unknown). */
  otherCpuShare: number | null;
  /**
   * The server's CPU time per response in the measured run: less sensitive
   * than req/s to other processes competing for the CPU.
   */
  serverCpuMsPerResponse: number | null;
};

/** A short unmeasured run, then the measured one. `serverGroup`: the server's process group. */
export async function measureSubmissions(
  baseUrl: string,
  started: string,
  ledger: SubmissionLedger,
  serverGroup: number | undefined,
): Promise<LoadRun> {
  const warmup = await postSubmissions(baseUrl, started, WARMUP_SECONDS, ledger);
  const cpu = watchCpu(serverGroup);
  const measured = await postSubmissions(baseUrl, started, DURATION_SECONDS, ledger);
  const use = cpu.stop();
  return {
    warmup,
    measured,
    otherCpuShare: use?.othersShare ?? null,
    serverCpuMsPerResponse: use && measured.responses > 0 ? round((use.serverSeconds * 1000) / measured.responses) : null,
  };
}

export type FloorFigures = { path: string; requestsPerSecond: number; serverCpuMsPerResponse: number | null };

/**
 * The framework's floor on this machine: `GET /healthz` (Express, the
 * security headers, the request log, Remix's matching and a resource route
 * whose loader runs one trivial query) at the same load, after a warm-up.
 * What a submission costs above it is ours.
 */
export async function measureFloor(baseUrl: string, serverGroup: number | undefined): Promise<FloorFigures> {
  const path = "/healthz";
  const run = (seconds: number) => autocannon({ url: `${baseUrl}${path}`, connections: CONNECTIONS, duration: seconds });
  await run(WARMUP_SECONDS);
  const cpu = watchCpu(serverGroup);
  const result = await run(DURATION_SECONDS / 2);
  const use = cpu.stop();
  const responses = result.requests.total;
  return {
    path,
    requestsPerSecond: round(responses / result.duration),
    serverCpuMsPerResponse: use && responses > 0 ? round((use.serverSeconds * 1000) / responses) : null,
  };
}
