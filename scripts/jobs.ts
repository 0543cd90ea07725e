import type { DB } from "#db/client";
import type { Env } from "../app/env.server";
import type { Logger } from "../app/http/request-log.server";
import { markOverdueDossiers } from "../app/modules/dossiers/dossiers.service.server";
import { deliverDueMessages, newWorkerId, OUTBOX_BATCH_SIZE } from "../app/modules/outbox/outbox.service.server";
import { transportsFromSettings } from "../app/modules/outbox/transports.server";
import { clearExpiredCaseContacts } from "../app/modules/cases/cases.service.server";
import { autoPublish } from "../app/modules/publication/publication.service.server";
import { clearExpiredHashes } from "../app/modules/survey/retention.service.server";

/**
 * The scheduled work, in one place for the app process (scripts/start.ts)
 * and the separate worker (scripts/worker.ts, `npm run worker`). Every job is
 * safe to run in several processes at once: the overdue check takes turns,
 * hash and contact retention are idempotent, an outbox message is claimed by
 * one worker, and a period's publication is stored once (the loser of a race stores nothing).
 */

export type JobSettings = Pick<Env, "hashRetentionDays" | "contactRetentionDays" | "apologyDueHours" | "smtpUrl" | "smtpFrom" | "smsWebhookUrl" | "sessionSecret" | "publishAfterDays">;

export type ScheduledJobs = {
  /** Stops scheduling, waits for the runs in flight (a message being sent has its outcome recorded), closes the providers. */
  stop: () => Promise<void>;
};

const MINUTE = 60 * 1000;
const OUTBOX_POLL_MS = 5000;

/**
 * Runs the overdue-dossier check, hash and contact retention and the
 * automatic publication once (awaited, so a
 * server starts listening with them done), then every minute and every
 * hour; the outbox worker every few seconds, at once again while it finds
 * full batches. Timers are unref'd: they never keep a process alive.
 * `now` is the clock every job reads (tests inject one).
 */
export async function startScheduledJobs({
  db,
  settings,
  logger,
  now = () => new Date(),
  outboxPollMs = OUTBOX_POLL_MS,
}: {
  db: DB;
  settings: JobSettings;
  logger: Logger;
  now?: () => Date;
  outboxPollMs?: number;
}): Promise<ScheduledJobs> {
  const clearHashes = () =>
    clearExpiredHashes(db, { retentionDays: settings.hashRetentionDays, now: now() })
      .then(({ cleared }) => {
        if (cleared > 0) logger.info({ cleared, retentionDays: settings.hashRetentionDays }, "cleared old IP and device hashes");
      })
      .catch((error: unknown) => logger.error({ err: error }, "hash retention failed"));
  const clearContacts = () =>
    clearExpiredCaseContacts(db, now(), settings.contactRetentionDays)
      .then((cleared) => {
        if (cleared > 0) logger.info({ cleared, retentionDays: settings.contactRetentionDays }, "cleared the contacts of cases closed long ago");
      })
      .catch((error: unknown) => logger.error({ err: error }, "case contact retention failed"));
  const markOverdue = () =>
    markOverdueDossiers(db, now(), settings.apologyDueHours)
      .then(({ marked }) => {
        if (marked > 0) logger.info({ marked, apologyDueHours: settings.apologyDueHours }, "marked overdue dossiers late");
      })
      .catch((error: unknown) => logger.error({ err: error }, "overdue dossier check failed"));

  const publishDue = () =>
    autoPublish(db, { now: now(), afterDays: settings.publishAfterDays })
      .then((periods) => {
        if (periods.length > 0) logger.info({ periods, publishAfterDays: settings.publishAfterDays }, "published closed periods");
      })
      .catch((error: unknown) => logger.error({ err: error }, "automatic publication failed"));

  const providers = transportsFromSettings(settings);
  const workerId = newWorkerId();
  /** True when the pass found a full batch, so there is likely more due now. */
  const deliver = () =>
    deliverDueMessages(db, providers.transports, { workerId, now })
      .then((pass) => {
        for (const e of pass.errors) logger.warn({ outboxMessage: e.id, channel: e.channel, error: e.error }, "outbox delivery attempt failed");
        const { claimed, sent, retrying, failed, lost } = pass;
        if (claimed > 0 || failed > 0) logger.info({ claimed, sent, retrying, failed, lost }, "outbox pass");
        return claimed === OUTBOX_BATCH_SIZE;
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, "outbox pass failed");
        return false;
      });

  await clearHashes();
  await clearContacts();
  await markOverdue();
  await publishDue();
  logger.info({ email: providers.transports.email !== undefined, sms: providers.transports.sms !== undefined, workerId }, "outbox worker started");

  const loops = [
    repeat(clearHashes, () => 60 * MINUTE, 60 * MINUTE),
    repeat(clearContacts, () => 60 * MINUTE, 60 * MINUTE),
    repeat(markOverdue, () => MINUTE, MINUTE),
    repeat(publishDue, () => 60 * MINUTE, 60 * MINUTE),
    repeat(deliver, (more) => (more ? 0 : outboxPollMs), 0),
  ];
  return {
    stop: async () => {
      await Promise.all(loops.map((l) => l.stop()));
      providers.close();
    },
  };
}

/**
 * Runs `job` after `firstDelay`, then again `delayAfter(result)` after each
 * run ends: runs never overlap. `stop` cancels the next run and waits for
 * the one in flight.
 */
function repeat<T>(job: () => Promise<T>, delayAfter: (result: T) => number, firstDelay: number): { stop: () => Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const schedule = (delay: number) => {
    timer = setTimeout(() => {
      running = job().then((result) => {
        if (!stopped) schedule(delayAfter(result));
      });
    }, delay);
    timer.unref();
  };
  schedule(firstDelay);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
