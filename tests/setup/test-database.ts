import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import { openDatabase, type DB } from "#db/client";
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from "./postgres-databases";

/**
 * A fresh copy of the migrated, seeded template for this test file, also made
 * the app's database (DATABASE_URL) so services under test use it: a SQLite
 * file, or on the integration-pg project a PostgreSQL database made from the
 * template database before the file's tests and dropped after them.
 */
let current: DB | undefined;

/** The database of this test file (from {@link useFreshDatabase}), as the server hands it to routes. */
export function testDatabase(): DB {
  if (!current) throw new Error("call useFreshDatabase() first");
  return current;
}

/** Call at the top of a test file, before its own hooks. `url` is its DATABASE_URL. */
export function useFreshDatabase(): { db: DB; url: string } {
  const postgres = inject("postgresTemplate");
  if (postgres) return useFreshPostgresDatabase(postgres);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-test-"));
  const file = path.join(dir, "app.db");
  fs.copyFileSync(inject("templateDatabase"), file);
  const url = `file:${file}`;
  process.env.DATABASE_URL = url;
  current = openDatabase(url);
  return { db: current, url };
}

/**
 * The pool connects lazily, so the database can be handed out now and
 * created in a beforeAll hook that runs before any of the file's own.
 */
function useFreshPostgresDatabase({ serverUrl, template }: { serverUrl: string; template: string }): { db: DB; url: string } {
  const name = uniqueDatabaseName("hl_test");
  const url = databaseUrl(serverUrl, name);
  process.env.DATABASE_URL = url;
  const db = openDatabase(url);
  current = db;
  beforeAll(() => createDatabase(serverUrl, name, template));
  afterAll(async () => {
    await db.destroy();
    await dropDatabase(serverUrl, name);
  });
  return { db, url };
}
