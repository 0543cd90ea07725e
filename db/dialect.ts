import { type Expression, type Kysely, PostgresAdapter, sql, type RawBuilder } from "kysely";

/**
 * The few places where SQLite and PostgreSQL differ, for db/ and the
 * repositories that need them. The schema keeps one shape on both engines
 * (booleans as 0/1 integers, times as ISO text), so most queries need none
 * of this. The migrations have their own frozen helpers: db/migrations/dialect.ts.
 */

/**
 * The mark db/client.ts puts on the adapter of a PostgreSQL database it
 * opens. A global symbol, because `instanceof` alone is not enough: when the
 * server's bundle and the start script reach kysely by different paths (a
 * build served through a linked node_modules, as the bench does), each has
 * its own PostgresAdapter class, and a PostgreSQL database would pass for
 * SQLite.
 */
export const POSTGRES_ADAPTER_MARK = Symbol.for("hai-long.postgres-adapter");

/** Whether this database (any Kysely instance or transaction) runs on PostgreSQL. */
export function isPostgres(db: Kysely<any>): boolean {
  const adapter = db.getExecutor().adapter as object & { [POSTGRES_ADAPTER_MARK]?: true };
  return adapter[POSTGRES_ADAPTER_MARK] === true || adapter instanceof PostgresAdapter;
}

/** `column LIKE pattern` ignoring ASCII case on both engines (SQLite's LIKE does; PostgreSQL needs ILIKE). */
export function likeIgnoringCase(db: Kysely<any>, column: RawBuilder<unknown>, pattern: string, escape = "\\"): RawBuilder<boolean> {
  return isPostgres(db)
    ? sql<boolean>`${column} ilike ${pattern} escape ${sql.lit(escape)}`
    : sql<boolean>`${column} like ${pattern} escape ${sql.lit(escape)}`;
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

/** The SQLite function db/client.ts registers on every connection: app/domain/vietnamese-sort-key.ts. */
export const SQLITE_VIETNAMESE_SORT_KEY = "vi_sort_key";

/**
 * What to order a human name by (a column reference or an expression) so
 * that it sorts in Vietnamese alphabetical order: ICU's Vietnamese collation
 * on PostgreSQL, a sort key with the same order on SQLite
 * (docs/decisions/016-vietnamese-collation.md). Codes stay in byte order.
 */
export function vietnameseOrder(db: Kysely<any>, name: string | Expression<string | null>): RawBuilder<unknown> {
  const value = typeof name === "string" ? sql.ref(name) : name;
  return isPostgres(db) ? sql`${value} collate "vi-x-icu"` : sql`${sql.raw(SQLITE_VIETNAMESE_SORT_KEY)}(${value})`;
}

/** The Vietnam calendar date (`YYYY-MM-DD`) of an instant stored as ISO UTC text. */
export function vietnamDateOf(db: Kysely<any>, instant: Expression<string | null>): RawBuilder<string> {
  return isPostgres(db)
    ? sql<string>`to_char((${instant})::timestamptz at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`
    : sql<string>`strftime('%Y-%m-%d', ${instant}, '+7 hours')`;
}

/**
 * The Vietnam calendar month (`YYYY-MM`) of an instant stored as ISO UTC
 * text: Vietnam is UTC+7 all year, so 2026-10-31T17:30Z is 2026-11.
 */
export function vietnamMonthOf(db: Kysely<any>, instant: Expression<string | null>): RawBuilder<string> {
  return isPostgres(db)
    ? sql<string>`to_char((${instant})::timestamptz at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM')`
    : sql<string>`strftime('%Y-%m', ${instant}, '+7 hours')`;
}
