import type { Logger } from "../app/http/request-log.server";

/**
 * On SIGTERM or SIGINT (from a supervisor, passed on by npm, or Ctrl-C):
 * logs `message`, runs `stop` once and exits 0 when it ends, 1 when it fails
 * or has not ended within `deadlineMs`. A repeated signal — npm passes one
 * on, and Ctrl-C reaches the whole group — changes nothing. The app server
 * and `npm run worker` stop this one way.
 */
export function exitOnSignals({ logger, message, deadlineMs, stop }: { logger: Logger; message: string; deadlineMs: number; stop: () => Promise<unknown> }): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, message);
    setTimeout(() => {
      logger.error({ signal }, `not stopped within ${deadlineMs} ms: exiting anyway`);
      process.exit(1);
    }, deadlineMs).unref();
    stop().then(
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
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
