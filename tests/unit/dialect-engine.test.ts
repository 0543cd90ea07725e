import { createRequire } from "node:module";
import pg from "pg";
import { describe, expect, test } from "vitest";
import { openDatabase } from "#db/client";
import { isPostgres, POSTGRES_ADAPTER_MARK } from "#db/dialect";

/*
 * isPostgres must hold whichever copy of kysely made the database: a bundle
 * and a start script that reach kysely by different paths each get their own
 * classes (here the CommonJS build beside the ES module one).
 */
const otherKysely = createRequire(import.meta.url)("kysely") as typeof import("kysely");

describe("which engine a database runs on", () => {
  test("a database opened from a postgres:// URL is PostgreSQL, a file: one SQLite (no connection needed)", async () => {
    const postgres = openDatabase("postgres://nobody:nothing@127.0.0.1:1/none");
    const sqlite = openDatabase(":memory:");
    expect(isPostgres(postgres)).toBe(true);
    expect(isPostgres(sqlite)).toBe(false);
    await Promise.all([postgres.destroy(), sqlite.destroy()]);
  });

  test("another copy of kysely's PostgreSQL adapter fails instanceof; the mark db/client puts on the ones it opens does not", async () => {
    const pool = new pg.Pool({ connectionString: "postgres://nobody:nothing@127.0.0.1:1/none" });
    const db = new otherKysely.Kysely<any>({ dialect: new otherKysely.PostgresDialect({ pool }) });
    expect(otherKysely.PostgresAdapter).not.toBe((await import("kysely")).PostgresAdapter);
    expect(isPostgres(db)).toBe(false);
    Object.defineProperty(db.getExecutor().adapter, POSTGRES_ADAPTER_MARK, { value: true });
    expect(isPostgres(db)).toBe(true);
    await db.destroy();
  });
});
