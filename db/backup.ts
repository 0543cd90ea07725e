import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import pg from "pg";
import { isPostgresUrl, openDatabase, sqliteHandle, sqlitePathFromUrl } from "./client";
import { migrateToLatest } from "./migrate";
import { migrationProvider } from "./migrations";

/**
 * Backups and restores of the whole database (`npm run backup`, `npm run restore`).
 * SQLite: the online backup API copies a consistent snapshot while the app keeps
 * writing; a restore replaces the file and so must run with the app stopped.
 * PostgreSQL: `pg_dump --format=custom` and `pg_restore`.
 */

/** A refusal the operator can act on: the scripts print its one line and exit 1. */
export class BackupRefusal extends Error {}

export type BackupReport = { file: string; bytes: number; responses: number | null };
export type RestoreReport = { responses: number; migrationsApplied: string[] };

const MIGRATION_TABLES = ["kysely_migration", "kysely_migration_lock"];

export async function backupDatabase(databaseUrl: string, out: string): Promise<BackupReport> {
  const file = path.resolve(out);
  if (fs.existsSync(file)) throw new BackupRefusal(`${out} already exists: give the backup a new file name`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written beside the target and renamed once verified: a failed backup leaves no file that looks whole.
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    const responses = isPostgresUrl(databaseUrl) ? dumpPostgres(databaseUrl, partial) : await copySqlite(databaseUrl, partial);
    fs.renameSync(partial, file);
    return { file, bytes: fs.statSync(file).size, responses };
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

export async function restoreDatabase(databaseUrl: string, from: string, { force }: { force: boolean }): Promise<RestoreReport> {
  const source = path.resolve(from);
  if (!fs.statSync(source, { throwIfNoEntry: false })?.isFile()) throw new BackupRefusal(`${from}: no such backup file`);
  if (isPostgresUrl(databaseUrl)) await restorePostgres(databaseUrl, source, force);
  else await replaceSqlite(databaseUrl, source, force);

  // As start does: a backup taken before an upgrade gets the migrations made since.
  const db = openDatabase(databaseUrl);
  try {
    const { results = [] } = await migrateToLatest(db);
    const { n } = await db.selectFrom("responses").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    return { responses: Number(n), migrationsApplied: results.map((r) => r.migrationName) };
  } finally {
    await db.destroy();
  }
}

// ── SQLite ────────────────────────────────────────────────────────────────────

function sqliteFile(databaseUrl: string): string {
  const file = sqlitePathFromUrl(databaseUrl);
  if (file === ":memory:") throw new BackupRefusal("DATABASE_URL is an in-memory database: there is nothing to back up or restore");
  return path.resolve(file);
}

async function copySqlite(databaseUrl: string, partial: string): Promise<number> {
  const file = sqliteFile(databaseUrl);
  if (!fs.existsSync(file)) throw new BackupRefusal(`no database at ${file} (DATABASE_URL)`);
  const db = openDatabase(databaseUrl);
  try {
    // All remaining pages in one step: in WAL mode the app's writers go on meanwhile, whereas
    // small steps restart from the beginning whenever the app writes between them.
    await sqliteHandle(db)!.backup(partial, { progress: ({ remainingPages }) => Math.max(remainingPages, 100) });
  } finally {
    await db.destroy();
  }
  const copy = new SQLite(partial);
  try {
    // One self-contained file, with no write-ahead log beside it.
    copy.pragma("journal_mode = DELETE");
    return inspectBackup(copy, partial, await knownMigrations()).responses;
  } finally {
    copy.close();
  }
}

/** Checks that `sqlite` is a sound database of ours; throws a BackupRefusal naming `name` if not. */
function inspectBackup(sqlite: SQLite.Database, name: string, known: Set<string>): { responses: number } {
  const notOurs = (reason: string) => new BackupRefusal(`${name} is not a valid Hài Lòng backup: ${reason}`);
  let problems: string[];
  try {
    problems = (sqlite.pragma("integrity_check") as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
  } catch (error) {
    throw notOurs(error instanceof Error ? error.message : String(error));
  }
  if (problems.join() !== "ok") throw notOurs(`integrity check: ${problems.slice(0, 3).join("; ")}`);
  const tables = new Set(
    sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
  );
  if (!tables.has("kysely_migration")) throw notOurs("it has no migrations table");
  if (!tables.has("responses")) throw notOurs("it has no responses table");
  const unknown = (sqlite.prepare("SELECT name FROM kysely_migration").pluck().all() as string[]).filter((m) => !known.has(m));
  if (unknown.length > 0) throw notOurs(`it was made by a newer version (migration ${unknown[0]} is unknown here)`);
  return { responses: sqlite.prepare("SELECT count(*) FROM responses").pluck().get() as number };
}

async function knownMigrations(): Promise<Set<string>> {
  return new Set(Object.keys(await migrationProvider.getMigrations()));
}

/**
 * Replaces the database file by the backup: only into an empty database unless
 * `force`, and never under a process that has the file open (the app keeps a
 * connection open, which holds a lock we cannot take).
 */
async function replaceSqlite(databaseUrl: string, source: string, force: boolean): Promise<void> {
  const known = await knownMigrations();
  const target = sqliteFile(databaseUrl);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staged = `${target}.restoring`;
  fs.copyFileSync(source, staged);
  try {
    const copy = new SQLite(staged);
    try {
      copy.pragma("journal_mode = DELETE");
      inspectBackup(copy, source, known);
    } catch (error) {
      if (error instanceof BackupRefusal) throw error;
      throw new BackupRefusal(`${source} is not a valid Hài Lòng backup: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      copy.close();
    }

    const existing = new SQLite(target, { timeout: 0 });
    try {
      existing.pragma("locking_mode = EXCLUSIVE");
      let rows: number;
      try {
        existing.exec("BEGIN EXCLUSIVE");
        rows = appRows(existing);
        existing.exec("COMMIT");
      } catch (error) {
        if (isBusy(error)) {
          throw new BackupRefusal(`${target} is in use (the app or another process has it open): stop it before restoring`);
        }
        rows = Number.NaN; // not a database at all: treat it as not empty
      }
      if (!force && rows !== 0) {
        const what = Number.isNaN(rows) ? "holds something that is not an empty database" : `is not empty (${rows} rows)`;
        throw new BackupRefusal(`${target} ${what}: restore only into an empty database, or pass --force to replace it`);
      }
    } finally {
      existing.close();
    }
    // Closing the last connection checkpointed and removed the log; a leftover would be replayed onto the backup.
    for (const suffix of ["-wal", "-shm", "-journal"]) fs.rmSync(`${target}${suffix}`, { force: true });
    fs.renameSync(staged, target);
  } finally {
    fs.rmSync(staged, { force: true });
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
}

/** Rows in the app's tables (the migrations' bookkeeping does not count). */
function appRows(sqlite: SQLite.Database): number {
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  let rows = 0;
  for (const table of tables) {
    if (MIGRATION_TABLES.includes(table)) continue;
    rows += sqlite.prepare(`SELECT count(*) FROM "${table.replaceAll('"', '""')}"`).pluck().get() as number;
  }
  return rows;
}

// ── PostgreSQL ────────────────────────────────────────────────────────────────

/** The URL without its password (kept out of the process list) and the environment that carries it. */
function pgConnection(databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = "";
  return { url: url.toString(), env: password ? { ...process.env, PGPASSWORD: password } : process.env };
}

function runPgTool(tool: "pg_dump" | "pg_restore", args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const run = spawnSync(tool, args, { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    throw new BackupRefusal(`${tool} was not found on PATH: install the PostgreSQL client tools (the server's major version or newer)`);
  }
  if (run.error) throw run.error;
  if (run.status !== 0) {
    const reason = run.stderr.trim().split("\n")[0] ?? `exit status ${run.status}`;
    throw new Error(`${tool} failed: ${reason}`);
  }
  return run.stdout;
}

/** The dump's table of contents; refuses a file that is not a custom-format dump with our responses table. */
function inspectDump(file: string, name: string): void {
  let contents: string;
  try {
    contents = runPgTool("pg_restore", ["--list", file]);
  } catch (error) {
    if (error instanceof BackupRefusal && /not found on PATH/.test(error.message)) throw error;
    throw new BackupRefusal(`${name} is not a valid Hài Lòng backup: pg_restore cannot read it`);
  }
  if (!/ TABLE \S+ responses /.test(contents)) throw new BackupRefusal(`${name} is not a valid Hài Lòng backup: it has no responses table`);
  if (!/ TABLE \S+ kysely_migration /.test(contents)) throw new BackupRefusal(`${name} is not a valid Hài Lòng backup: it has no migrations table`);
}

function dumpPostgres(databaseUrl: string, partial: string): null {
  const { url, env } = pgConnection(databaseUrl);
  runPgTool("pg_dump", ["--format=custom", "--file", partial, "--dbname", url], env);
  inspectDump(partial, partial);
  // pg_dump reads one snapshot; counting again here would count another moment.
  return null;
}

async function restorePostgres(databaseUrl: string, source: string, force: boolean): Promise<void> {
  inspectDump(source, source);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const others = await client.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
    if (Number(others.rows[0]!.n) > 0) {
      throw new BackupRefusal(`the database is in use (other connections: ${others.rows[0]!.n}): stop the app before restoring`);
    }
    const tables = await client.query<{ name: string }>(
      "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name FROM information_schema.tables " +
        "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
    );
    let rows = 0;
    for (const { name } of tables.rows) {
      if (MIGRATION_TABLES.some((t) => name.endsWith(`.${t}`))) continue;
      const count = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${name}`);
      rows += Number(count.rows[0]!.n);
    }
    if (!force && rows > 0) {
      throw new BackupRefusal(`the database is not empty (${rows} rows): restore only into an empty database, or pass --force to replace it`);
    }
  } finally {
    await client.end();
  }
  const { url, env } = pgConnection(databaseUrl);
  const clean = force ? ["--clean", "--if-exists"] : [];
  runPgTool("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", ...clean, "--dbname", url, source], env);
}
