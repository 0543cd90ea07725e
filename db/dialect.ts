import { type Kysely, PostgresAdapter, sql, type ColumnDefinitionBuilder, type RawBuilder } from "kysely";

/**
 * The few places where SQLite and PostgreSQL differ, for db/ and the
 * repositories that need them. The schema keeps one shape on both engines
 * (booleans as 0/1 integers, times as ISO text), so most queries need none
 * of this.
 */

/** Whether this database (any Kysely instance or transaction) runs on PostgreSQL. */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** `column LIKE pattern` ignoring ASCII case on both engines (SQLite's LIKE does; PostgreSQL needs ILIKE). */
export function likeIgnoringCase(db: Kysely<any>, column: RawBuilder<unknown>, pattern: string, escape = "\\"): RawBuilder<boolean> {
  return isPostgres(db)
    ? sql<boolean>`${column} ilike ${pattern} escape ${sql.lit(escape)}`
    : sql<boolean>`${column} like ${pattern} escape ${sql.lit(escape)}`;
}

/*
 * Column helpers of the migrations. Shipped migrations call them, so what
 * they produce for an engine must never change: add a new helper instead.
 */

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

/**
 * Makes concurrent transactions that call this with the same `name` take
 * turns until they end, so a rule checked after a write (an active
 * administrator must remain) sees the other's committed write. SQLite
 * already runs one write transaction at a time; PostgreSQL's READ COMMITTED
 * does not, so there a transaction-scoped advisory lock is taken. Call it
 * inside the transaction, just before the check.
 */
export async function takeTurns(trx: Kysely<any>, name: string): Promise<void> {
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(trx);
}
