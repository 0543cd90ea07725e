import type { ControlledTransaction } from "kysely";
import type { DB } from "./client";
import { isPostgres } from "./dialect";
import type { Database } from "./schema";

/**
 * Group commit for the survey's storing transactions on SQLite.
 *
 * SQLite has one writer and, with synchronous=FULL, every commit waits for an
 * fsync of the WAL (and now and then a checkpoint): on the busiest path that
 * wait, not the statements, was the largest single cost (docs/decisions/017).
 * Work handed to {@link inGroupCommit} while a commit is pending is queued
 * and run, each in its own savepoint, inside one transaction that commits
 * once; each caller's promise settles only after that commit, so nothing is
 * acknowledged before it is durable. A unit that throws is rolled back to its
 * savepoint alone; a commit that fails fails every unit of the batch, none
 * of which is then stored.
 *
 * PostgreSQL runs transactions side by side on its pool and groups WAL
 * flushes itself, so there each unit is simply its own transaction.
 *
 * A unit must only use the transaction it is given: the one SQLite
 * connection is held by the batch until it commits.
 */
export function inGroupCommit<T>(db: DB, work: (trx: DB) => Promise<T>): Promise<T> {
  if (isPostgres(db)) return db.transaction().execute(work);
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = new Batcher(db);
    batchers.set(db, batcher);
  }
  return batcher.run(work);
}

/** A bound on one transaction's length, so that a flood still commits often. */
const MAX_UNITS_PER_COMMIT = 32;

type Unit = {
  work: (trx: DB) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

const batchers = new WeakMap<DB, Batcher>();

/** Figures for tests and the bench: how many commits carried how many units. */
export type GroupCommitStats = { commits: number; units: number };
const stats = new WeakMap<DB, GroupCommitStats>();

/** Commits and units so far on this database (zeros on PostgreSQL, or before any). */
export function groupCommitStats(db: DB): GroupCommitStats {
  return { ...(stats.get(db) ?? { commits: 0, units: 0 }) };
}

class Batcher {
  readonly #db: DB;
  #queue: Unit[] = [];
  #draining = false;

  constructor(db: DB) {
    this.#db = db;
  }

  run<T>(work: (trx: DB) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.#draining) return;
      this.#draining = true;
      // Let the requests already read off the sockets reach this queue first.
      setImmediate(() => void this.#drain());
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) await this.#commit(this.#queue.splice(0, MAX_UNITS_PER_COMMIT));
    } finally {
      this.#draining = false;
    }
  }

  async #commit(batch: Unit[]): Promise<void> {
    const settle: Array<() => void> = [];
    let trx: ControlledTransaction<Database> | undefined;
    try {
      trx = await this.#db.startTransaction().execute();
      if (batch.length === 1) {
        // Alone, the unit's failure may as well roll the whole transaction back.
        const [unit] = batch as [Unit];
        const value = await unit.work(trx);
        settle.push(() => unit.resolve(value));
      } else {
        for (const [i, unit] of batch.entries()) settle.push(await runInSavepoint(trx, `unit_${i}`, unit));
      }
      await trx.commit().execute();
    } catch (error) {
      await trx?.rollback().execute().catch(() => {});
      for (const unit of batch) unit.reject(error);
      return;
    }
    const counted = stats.get(this.#db) ?? { commits: 0, units: 0 };
    stats.set(this.#db, { commits: counted.commits + 1, units: counted.units + batch.length });
    for (const s of settle) s();
  }
}

/** Runs one unit in a savepoint; how to settle it once the batch commits. A failed unit leaves nothing behind. */
async function runInSavepoint(trx: ControlledTransaction<Database>, name: string, unit: Unit): Promise<() => void> {
  const savepoint = await trx.savepoint(name).execute();
  try {
    const value = await unit.work(savepoint);
    await savepoint.releaseSavepoint(name).execute();
    return () => unit.resolve(value);
  } catch (error) {
    // If the rollback itself fails the connection is in trouble: that fails the batch.
    await savepoint.rollbackToSavepoint(name).execute();
    await savepoint.releaseSavepoint(name).execute();
    return () => unit.reject(error);
  }
}
