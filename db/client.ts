import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
} from "kysely";
import pg from "pg";
import { vietnameseSortKey } from "~/domain/vietnamese-sort-key";
import { POSTGRES_ADAPTER_MARK, SQLITE_VIETNAMESE_SORT_KEY } from "./dialect";
import { PREPARED_STATEMENT_MARK } from "./prepared-insert";
import type { Database } from "./schema";

export type DB = Kysely<Database>;

/** Whether a DATABASE_URL names a PostgreSQL server (`postgres://` or `postgresql://`). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** `file:data/app.db` → `data/app.db`; `:memory:` stays as it is. */
export function sqlitePathFromUrl(url: string): string {
  if (url === ":memory:" || url === "file::memory:") return ":memory:";
  if (url.startsWith("file:")) return url.slice("file:".length);
  throw new Error(`DATABASE_URL must be file:PATH, :memory: or postgres://… (got "${url}")`);
}

/**
 * Opens the database a DATABASE_URL names: SQLite for `file:PATH` and
 * `:memory:`, PostgreSQL for `postgres://` and `postgresql://`.
 */
export function openDatabase(url: string): DB {
  return isPostgresUrl(url) ? openPostgres(url) : openSqlite(url);
}

/**
 * PostgreSQL counts and sums are `bigint` or `numeric`, which node-postgres
 * hands over as strings; the app reads them as numbers, as SQLite gives them
 * (counts and sums here stay far below 2^53).
 */
const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === pg.types.builtins.INT8) return (value: string) => Number(value);
    if (oid === pg.types.builtins.NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format ?? "text");
  },
} as pg.CustomTypesConfig;

function openPostgres(url: string): DB {
  const pool = new pg.Pool({ connectionString: url, types: pgTypes, max: 10 });
  // An idle connection the server ended (a restart, a failover) leaves the
  // pool, which opens another for the next query; unheard, it would end the process.
  pool.on("error", () => {});
  pool.on("connect", namingPreparedStatements);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  Object.defineProperty(db.getExecutor().adapter, POSTGRES_ADAPTER_MARK, { value: true });
  return db;
}

const statementNames = new Map<string, string>();

/**
 * The statements db/prepared-insert.ts makes (marked at their start) run as
 * named prepared statements on each connection: node-postgres sends a named
 * statement's text and the server plans it only the first time that
 * connection runs it. Every other query stays unnamed, as Kysely sends it.
 */
function namingPreparedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((text: unknown, values?: unknown, ...rest: unknown[]) => {
    if (typeof text !== "string" || !text.startsWith(PREPARED_STATEMENT_MARK) || !Array.isArray(values)) return query(text, values, ...rest);
    let name = statementNames.get(text);
    if (!name) {
      name = `hl_${crypto.createHash("sha256").update(text).digest("hex").slice(0, 24)}`;
      statementNames.set(text, name);
    }
    return query({ name, text, values }, ...rest);
  }) as typeof client.query;
}

/**
 * Opens the SQLite database with the settings the product relies on:
 * WAL so readers never block the writer, foreign keys enforced, a busy timeout
 * instead of immediate SQLITE_BUSY, and synchronous=FULL so a response
 * acknowledged to a citizen survives a power cut. Names are ordered through
 * a sort key function (db/dialect.ts `vietnameseOrder`), since SQLite has no ICU.
 */
function openSqlite(url: string): DB {
  const file = sqlitePathFromUrl(url);
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // The same few hundred names are ordered on every dashboard request: their keys are kept.
  const keys = new Map<string, Buffer>();
  sqlite.function(SQLITE_VIETNAMESE_SORT_KEY, { deterministic: true }, (text: unknown) => {
    if (text === null) return null;
    const name = String(text);
    let buffer = keys.get(name);
    if (!buffer) {
      const key = vietnameseSortKey(name);
      buffer = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
      if (keys.size >= SORT_KEYS_KEPT) keys.clear();
      keys.set(name, buffer);
    }
    return buffer;
  });
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(withStatementCache(sqlite)) });
  handles.set(db, sqlite);
  return db;
}

/**
 * Kysely begins SQLite transactions DEFERRED: one that reads first holds a
 * snapshot, and when another process commits before it writes, its write
 * fails at once with SQLITE_BUSY, which busy_timeout cannot wait out (two
 * app processes answering one ticket or one client id at once got a 500).
 * BEGIN IMMEDIATE takes the write lock first, waiting up to busy_timeout;
 * every transaction of the app writes, and readers outside one never wait.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly database: SqliteDatabase) {
    super({ database });
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.database });
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

const SORT_KEYS_KEPT = 10_000;

const handles = new WeakMap<DB, SQLite.Database>();

/**
 * The better-sqlite3 connection under a database opened by {@link openDatabase}
 * (undefined for any other Kysely instance), for bulk work where Kysely's
 * per-query cost dominates, such as seeding a million responses. Only use it
 * while no Kysely query of the same database is running.
 */
export function sqliteHandle(db: DB): SQLite.Database | undefined {
  return handles.get(db);
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query afresh; preparing costs several times more than
 * running a small statement. The app's queries are few and shaped the same
 * each time, so prepared statements are kept by SQL text (least recently
 * used out first). A statement still iterating is never handed out twice.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const cached = cache.get(text);
      if (cached && !cached.busy) {
        cache.delete(text);
        cache.set(text, cached);
        return cached;
      }
      const statement = sqlite.prepare(text);
      cache.set(text, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}
