import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "./schema";

export type DB = Kysely<Database>;

/** `file:data/app.db` → `data/app.db`; `:memory:` stays as it is. */
export function sqlitePathFromUrl(url: string): string {
  if (url === ":memory:" || url === "file::memory:") return ":memory:";
  if (url.startsWith("file:")) return url.slice("file:".length);
  throw new Error(`DATABASE_URL must be file:PATH or :memory: (got "${url}")`);
}

/**
 * Opens the SQLite database with the settings the product relies on:
 * WAL so readers never block the writer, foreign keys enforced, a busy timeout
 * instead of immediate SQLITE_BUSY, and synchronous=FULL so a response
 * acknowledged to a citizen survives a power cut.
 */
export function openDatabase(url: string): DB {
  const file = sqlitePathFromUrl(url);
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}
