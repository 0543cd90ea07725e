import { Migrator, sql } from "kysely";
import type { DB } from "#db/client";
import { migrationProvider } from "#db/migrations";

/** Whether the database answers a trivial query. */
export async function databaseAnswers(db: DB): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

export type Readiness = { ready: true } | { ready: false; reason: string };

/**
 * Whether this process may take traffic: the database answers and every
 * migration this code knows has been applied to it (Kysely's own migration
 * table, read without changing anything). A process started before a
 * migration ran, or against a database another version left behind, says so.
 */
export async function readiness(db: DB): Promise<Readiness> {
  if (!(await databaseAnswers(db))) return { ready: false, reason: "the database does not answer" };
  let pending: string[];
  try {
    const migrations = await new Migrator({ db, provider: migrationProvider }).getMigrations();
    pending = migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
  } catch {
    return { ready: false, reason: "the migration table cannot be read" };
  }
  if (pending.length > 0) return { ready: false, reason: `migrations not applied: ${pending.join(", ")}` };
  return { ready: true };
}
