import { EnvError, parseEnv } from "../app/env.server";
import { createLogger } from "../app/http/request-log.server";
import { openDatabase } from "#db/client";
import { startScheduledJobs } from "./jobs";
import { prepareDatabase } from "./prepare-database";
import { exitOnSignals } from "./signals";

/**
 * `npm run worker`: the scheduled jobs (the outbox's deliveries, overdue
 * dossiers, hash retention) in a process of their own, beside or instead of
 * the ones every `npm start` runs. Same settings as the app; serves nothing.
 * Stops on SIGTERM or SIGINT once the runs in flight have ended.
 */

const STOP_DEADLINE_MS = 10_000;

async function main() {
  const env = parseEnv();
  const logger = createLogger(env.logLevel);
  // Migrated here too, so a worker started before the app (or without one) finds its tables.
  await prepareDatabase({ databaseUrl: env.databaseUrl, seedDemo: false, log: (line) => logger.info(line) });
  const db = openDatabase(env.databaseUrl);
  const jobs = await startScheduledJobs({ db, settings: env, logger });
  // The timers are unref'd; this keeps the process alive until a signal.
  const alive = setInterval(() => {}, 60 * 60 * 1000);

  exitOnSignals({
    logger,
    message: "stopping the worker: finishing the runs in flight",
    deadlineMs: STOP_DEADLINE_MS,
    stop: () => {
      clearInterval(alive);
      return jobs.stop().then(() => db.destroy());
    },
  });
  logger.info({ nodeEnv: env.nodeEnv }, "worker running");
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
