import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { isPostgresUrl, sqlitePathFromUrl, type DB } from "#db/client";
import { startApp, type AppProcess } from "../../setup/app-process";
import { useFreshDatabase } from "../../setup/test-database";

export type TwoProcesses = {
  /** Set once the file's first hook has started them. */
  one: AppProcess;
  other: AppProcess;
  /** The database both serve, for asserting what they stored. */
  db: DB;
  databaseUrl: string;
  engine: "sqlite" | "postgresql";
};

/**
 * Call at the top of a test file: two app processes (the production build,
 * as `npm start` runs it) on one fresh copy of the template database with
 * one SESSION_SECRET, as a deployment with several processes on one database
 * runs. A SQLite file on the e2e project, one PostgreSQL database on e2e-pg
 * (useFreshDatabase decides, as for the integration files); the database goes
 * after the file. `env` adds settings both processes share.
 */
export function useTwoProcesses(env: Record<string, string> = {}): TwoProcesses {
  const { db, url } = useFreshDatabase();
  const two = { db, databaseUrl: url, engine: isPostgresUrl(url) ? "postgresql" : "sqlite" } as TwoProcesses;
  const shared = { SESSION_SECRET: "two-processes-share-this-secret-of-32-chars", ...env };
  beforeAll(async () => {
    two.one = await startApp(url, { env: shared });
    two.other = await startApp(url, { env: shared });
  });
  afterAll(async () => {
    await Promise.all([two.one?.stop(), two.other?.stop()]);
    for (const app of [two.one, two.other]) {
      // A stack trace (SqliteError, TypeError…) or an error-level request line means a caller saw a 500.
      const output = app?.output() ?? "";
      if (/\w*Error\b|"level":[56]0/.test(output)) console.log(`server log of ${app!.baseUrl}:\n${output}`);
    }
    // useFreshDatabase drops a PostgreSQL database itself (after this hook); a SQLite file is ours to remove.
    if (two.engine === "sqlite") {
      await db.destroy();
      fs.rmSync(path.dirname(sqlitePathFromUrl(url)), { recursive: true, force: true });
    }
  });
  return two;
}

/** `npm run db:check-summaries` on `databaseUrl`, as an operator runs it: its exit code and what it printed. */
export function runCheckSummaries(databaseUrl: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync("npm", ["run", "--silent", "db:check-summaries"], {
    env: { ...process.env, NODE_ENV: "test", DATABASE_URL: databaseUrl },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
