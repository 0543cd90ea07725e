import crypto from "node:crypto";
import { hash } from "@node-rs/argon2";
import { sql } from "kysely";
import { openDatabase, type DB } from "#db/client";
import { migrateToLatest } from "#db/migrate";
import { seedOrganisation } from "#db/seed/seed";
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from "../../tests/setup/postgres-databases";

/**
 * The bench's databases, as DATABASE_URLs: SQLite files in the bench's work
 * folder, or throwaway databases on the PostgreSQL server BENCH_POSTGRES_URL
 * names (its role may create databases), dropped when the bench ends.
 */

async function withDatabase<T>(url: string, work: (db: DB) => Promise<T>): Promise<T> {
  const db = openDatabase(url);
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

const madeOnPostgres: Array<{ serverUrl: string; name: string }> = [];

/** A new, empty PostgreSQL database on the server of `serverUrl`; its URL. */
export async function newPostgresDatabase(serverUrl: string): Promise<string> {
  // Not hl_bench_…: those are the cached index databases, which a run prunes (seeded-database.ts).
  const name = uniqueDatabaseName("hl_test").replace("hl_test", "hl_run");
  await createDatabase(serverUrl, name);
  madeOnPostgres.push({ serverUrl, name });
  return databaseUrl(serverUrl, name);
}

/** Drops every database the bench made on PostgreSQL. */
export async function dropBenchDatabases(): Promise<void> {
  for (const { serverUrl, name } of madeOnPostgres.splice(0)) await dropDatabase(serverUrl, name);
}

/** A database at the latest schema with the demo organisation and no responses. */
export async function prepareEmptyDatabase(url: string): Promise<void> {
  await withDatabase(url, async (db) => {
    await migrateToLatest(db);
    await seedOrganisation(db);
  });
}

/**
 * The app is measured as a province runs it, with NODE_ENV=production, which
 * refuses demo credentials: the bench's copy renames the demo accounts and
 * gives them an unknown password first, as a deployment would.
 */
export async function retireDemoAccounts(url: string): Promise<void> {
  const passwordHash = await hash(crypto.randomBytes(24).toString("base64url"));
  await withDatabase(url, (db) =>
    db
      .updateTable("users")
      .set({ email: sql<string>`'bench-' || cast(id as text) || '@bench.invalid'`, password_hash: passwordHash })
      .execute(),
  );
}

export type StoredResponses = {
  clientIds: Set<string>;
  answers: number;
  /** How many stored responses carry each flag reason (`too_fast`, `ip_burst`…). */
  flags: Record<string, number>;
};

/** What a server stored, read once it has stopped. */
export function readStoredResponses(url: string): Promise<StoredResponses> {
  return withDatabase(url, async (db) => {
    const responses = await db.selectFrom("responses").select(["client_id", "flag_reason"]).execute();
    const { answers } = await db.selectFrom("answers").select((eb) => eb.fn.countAll<number>().as("answers")).executeTakeFirstOrThrow();
    const flags: Record<string, number> = {};
    for (const reason of responses.flatMap((r) => r.flag_reason?.split(",") ?? [])) flags[reason] = (flags[reason] ?? 0) + 1;
    return { clientIds: new Set(responses.map((r) => r.client_id)), answers: Number(answers), flags };
  });
}

