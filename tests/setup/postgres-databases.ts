import crypto from "node:crypto";
import pg from "pg";

/**
 * Databases of the PostgreSQL test run, made and dropped on the server
 * TEST_DATABASE_URL names (its database is only used to connect).
 */

/** A name no other run or test file uses: `hl_test_` or `hl_template_` and random hex. */
export function uniqueDatabaseName(prefix: "hl_test" | "hl_template"): string {
  return `${prefix}_${crypto.randomBytes(6).toString("hex")}`;
}

/** The URL of `database` on the server of `serverUrl`. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Creates `database`, a copy of `template` when given (nobody may be connected to the template). */
export function createDatabase(serverUrl: string, database: string, template?: string): Promise<void> {
  return onServer(serverUrl, `create database ${quoted(database)}${template ? ` template ${quoted(template)}` : ""}`);
}

/**
 * Drops `database` once the connections just closed have left the server
 * (a pool's end resolves before the server sees them go; forcing them out
 * would hand their clients an unhandled "terminating connection" error).
 */
export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      return await onServer(serverUrl, `drop database if exists ${quoted(database)}`);
    } catch (error) {
      // 55006: the database is still being accessed by other users.
      if ((error as { code?: unknown }).code !== "55006") throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await onServer(serverUrl, `drop database if exists ${quoted(database)} with (force)`);
}
