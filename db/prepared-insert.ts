import { CompiledQuery, sql, type Kysely, type RawBuilder } from "kysely";
import { isPostgres } from "./dialect";

/**
 * Multi-row inserts whose SQL Kysely compiles once per shape and the busiest
 * path reuses with new values.
 *
 * Building and compiling a query costs Kysely time in proportion to the
 * values it holds: each becomes a frozen node that is visited again to print
 * the SQL. A survey response writes a few hundred values (its answers and
 * eight summary upserts), and a profile showed that building them cost more
 * than SQLite spent running them (docs/decisions/017). Their SQL depends only
 * on the table, the columns, the row count and the conflict rule, so it is
 * compiled by Kysely itself the first time, checked to take its parameters in
 * row order, and kept. Only the values change.
 */

/** An "on conflict (key) do update set c = c + excluded.c" rule: an upsert that adds. */
export type AddingConflict = { key: readonly string[]; add: readonly string[] };

type Shape = { table: string; columns: readonly string[]; rows: number; conflict?: AddingConflict };

/**
 * Starts the text of every statement made here. On PostgreSQL db/client.ts
 * runs such statements as named prepared statements: their text (a response's
 * summary upserts are some twenty kilobytes) is sent and planned once per
 * connection, not on every submission. Only these are named, because only
 * their number of shapes is bounded.
 */
export const PREPARED_STATEMENT_MARK = "/* hai-long:prepared */ ";

const compiled = new Map<string, string>();
const MAX_SHAPES = 1000;

/** Column lists and conflict rules are usually constants: their part of the key is made once for each. */
const listKeys = new WeakMap<object, string>();
function listKey(list: readonly string[] | AddingConflict): string {
  let key = listKeys.get(list);
  if (key === undefined) {
    key = Array.isArray(list) ? list.join(",") : `${(list as AddingConflict).key.join(",")}+${(list as AddingConflict).add.join(",")}`;
    listKeys.set(list, key);
  }
  return key;
}

function shapeKey(db: Kysely<any>, s: Shape): string {
  return `${isPostgres(db) ? "pg" : "sqlite"}|${s.table}|${listKey(s.columns)}|${s.rows}|${s.conflict ? listKey(s.conflict) : ""}`;
}

/** `SET c = table.c + excluded.c` for each column to add. */
export function addingSet(table: string, columns: readonly string[]): Record<string, RawBuilder<number>> {
  return Object.fromEntries(columns.map((c) => [c, sql<number>`${sql.ref(`${table}.${c}`)} + ${sql.ref(`excluded.${c}`)}`]));
}

/** Compiles the shape with Kysely, with a marker for each value, and checks the parameters come in row order. */
function compileShape(db: Kysely<any>, s: Shape): string {
  const markers = Array.from({ length: s.rows }, (_, r) => s.columns.map((_, c) => `\u0000${r}:${c}`));
  const rows = markers.map((row) => Object.fromEntries(s.columns.map((column, c) => [column, row[c]])));
  let query = db.insertInto(s.table).values(rows);
  const conflict = s.conflict;
  if (conflict) query = query.onConflict((oc) => oc.columns(conflict.key as string[]).doUpdateSet(addingSet(s.table, conflict.add)));
  const { sql: text, parameters } = query.compile();
  const expected = markers.flat();
  if (parameters.length !== expected.length || parameters.some((p, i) => p !== expected[i])) {
    throw new Error(`prepared insert into ${s.table}: Kysely's parameters are not in row order`);
  }
  return `${PREPARED_STATEMENT_MARK}${text}`;
}

/** One multi-row insert: `rows` are each the values of `columns`, in order. */
export type RowsInsert = {
  table: string;
  columns: readonly string[];
  rows: ReadonlyArray<readonly unknown[]>;
  /** Add to the existing row on a conflict of this key. */
  conflict?: AddingConflict;
};

/** The SQL of an insert's shape, compiled the first time it is seen. */
function preparedText(db: Kysely<any>, { table, columns, rows, conflict }: RowsInsert): { key: string; text: string } {
  for (const row of rows) if (row.length !== columns.length) throw new Error(`a row for ${table} has ${row.length} values for ${columns.length} columns`);
  const shape = { table, columns, rows: rows.length, conflict };
  const key = shapeKey(db, shape);
  let text = compiled.get(key);
  if (text === undefined) {
    text = compileShape(db, shape);
    remember(key, text);
  }
  return { key, text };
}

function remember(key: string, text: string): void {
  if (compiled.size >= MAX_SHAPES) compiled.delete(compiled.keys().next().value!);
  compiled.set(key, text);
}

/**
 * Inserts `rows` (each the values of `columns`, in order) into `table` in one
 * statement, adding to the existing row on a conflict when `conflict` is
 * given. Runs on whatever executor it is given: a transaction stays one.
 */
export async function insertRows(
  db: Kysely<any>,
  table: string,
  columns: readonly string[],
  rows: ReadonlyArray<readonly unknown[]>,
  conflict?: AddingConflict,
): Promise<void> {
  if (rows.length === 0) return;
  const { text } = preparedText(db, { table, columns, rows, conflict });
  await db.executeQuery(CompiledQuery.raw(text, rows.flat()));
}

/**
 * Several inserts (into different tables) at once. On PostgreSQL they are
 * one statement — each insert a data-modifying `WITH` part, all of which
 * run whether or not anything reads them — so the rows they lock are held
 * for one round trip instead of one per table until the commit: summary rows
 * are what concurrent submissions wait on. SQLite has no round trips and no
 * such `WITH`: there they run one after another.
 */
export async function insertRowsTogether(db: Kysely<any>, inserts: readonly RowsInsert[]): Promise<void> {
  const present = inserts.filter((i) => i.rows.length > 0);
  if (!isPostgres(db) || present.length < 2) {
    for (const i of present) await insertRows(db, i.table, i.columns, i.rows, i.conflict);
    return;
  }
  const parts = present.map((i) => preparedText(db, i));
  const key = `together|${parts.map((p) => p.key).join("||")}`;
  let text = compiled.get(key);
  if (text === undefined) {
    let offset = 0;
    const ctes = parts.map(({ text: part }, n) => {
      // Each part numbers its parameters from $1; in one statement they follow on.
      const shifted = part.slice(PREPARED_STATEMENT_MARK.length).replace(/\$(\d+)/g, (_, i: string) => `$${Number(i) + offset}`);
      offset += present[n]!.rows.length * present[n]!.columns.length;
      return `w${n} as (${shifted})`;
    });
    text = `${PREPARED_STATEMENT_MARK}with ${ctes.join(", ")} select 1`;
    remember(key, text);
  }
  await db.executeQuery(CompiledQuery.raw(text, present.flatMap((i) => i.rows.flat())));
}
