import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, type RawBuilder, sql } from "kysely";

// Frozen in time, like the migrations that call these helpers: what one gives
// an engine must never change once shipped; add a new helper instead.

/**
 * Whether the migrations run on PostgreSQL (else SQLite). What it answers
 * never changes; how it tells does: db/client.ts marks the adapters it opens
 * with this global symbol, which holds across two copies of kysely where
 * `instanceof` does not (see POSTGRES_ADAPTER_MARK in db/dialect.ts).
 */
export function isPostgres(db: Kysely<any>): boolean {
  const adapter = db.getExecutor().adapter as unknown as Record<symbol, unknown>;
  return adapter[Symbol.for("hai-long.postgres-adapter")] === true || adapter instanceof PostgresAdapter;
}

/** An integer primary key the database numbers: AUTOINCREMENT on SQLite, an identity on PostgreSQL. */
export function autoIncrementId(db: Kysely<any>) {
  return (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    isPostgres(db) ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();
}

/** A floating-point column type: SQLite's REAL is eight bytes; PostgreSQL's `real` only four, so `double precision`. */
export function realType(db: Kysely<any>): "real" | "double precision" {
  return isPostgres(db) ? "double precision" : "real";
}

/**
 * The default of a text time column: SQLite's CURRENT_TIMESTAMP is UTC text
 * `YYYY-MM-DD HH:MM:SS`; PostgreSQL is given the same text.
 */
export function currentTimestampText(db: Kysely<any>): RawBuilder<string> {
  return isPostgres(db)
    ? sql<string>`(to_char(now() at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS'))`
    : sql<string>`CURRENT_TIMESTAMP`;
}

/** The Vietnam calendar date (`YYYY-MM-DD`) of an instant stored as ISO UTC text (UTC+7 all year). */
export function vietnamDateOfText(db: Kysely<any>, column: string): RawBuilder<string> {
  return isPostgres(db)
    ? sql<string>`to_char((${sql.ref(column)})::timestamptz at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`
    : sql<string>`strftime('%Y-%m-%d', ${sql.ref(column)}, '+7 hours')`;
}
