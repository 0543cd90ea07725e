import { EnvError, parseEnv } from "../app/env.server";
import { createLogger } from "../app/http/request-log.server";
import { openDatabase } from "#db/client";
import { startScheduledJobs } from "./jobs";
import { prepareDatabase } from "./prepare-database";

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

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping the worker: finishing the runs in flight");
    setTimeout(() => {
      logger.error({ signal }, `not stopped within ${STOP_DEADLINE_MS} ms: exiting anyway`);
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    clearInterval(alive);
    jobs
      .stop()
      .then(() => db.destroy())
      .then(
        () => {
          logger.info("stopped");
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, "stopping failed");
          process.exit(1);
        },
      );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  logger.info({ nodeEnv: env.nodeEnv }, "worker running");
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
