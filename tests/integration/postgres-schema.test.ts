import { sql } from "kysely";
import { describe, expect, inject, test } from "vitest";
import { openDatabase } from "#db/client";
import { migrateToLatest } from "#db/migrate";
import { useFreshDatabase } from "../setup/test-database";

const { db } = useFreshDatabase();

type Column = { table: string; column: string; type: string; notNull: boolean; hasDefault: boolean };
const key = (c: Column) => `${c.table}.${c.column}`;
/** The one shape both engines share: SQLite's REAL is PostgreSQL's double precision. */
const KIND: Record<string, string> = { integer: "integer", text: "text", real: "float", "double precision": "float" };

async function sqliteColumns(): Promise<Column[]> {
  const sqlite = openDatabase(":memory:");
  try {
    await migrateToLatest(sqlite);
    const { rows } = await sql<{ table: string; column: string; type: string; notnull: number; pk: number; dflt_value: string | null }>`
      select m.name as "table", p.name as "column", lower(p.type) as type, p."notnull", p.pk, p.dflt_value
      from sqlite_master m join pragma_table_info(m.name) p
      where m.type = 'table' and m.name not like 'sqlite_%' and m.name not like 'kysely_%'`.execute(sqlite);
    return rows.map((r) => ({
      table: r.table,
      column: r.column,
      type: KIND[r.type] ?? r.type,
      // A primary key column is never null in PostgreSQL; SQLite's table_info only says what was declared.
      notNull: r.notnull === 1 || r.pk > 0,
      // An AUTOINCREMENT id is numbered by the database: PostgreSQL says so as an identity.
      hasDefault: r.dflt_value !== null || (r.pk === 1 && r.type === "integer" && r.column === "id"),
    }));
  } finally {
    await sqlite.destroy();
  }
}

async function postgresColumns(): Promise<Column[]> {
  const { rows } = await sql<{ table: string; column: string; type: string; is_nullable: string; column_default: string | null; is_identity: string }>`
    select table_name as "table", column_name as "column", data_type as type, is_nullable, column_default, is_identity
    from information_schema.columns
    where table_schema = 'public' and table_name not like 'kysely_%'`.execute(db);
  return rows.map((r) => ({
    table: r.table,
    column: r.column,
    type: KIND[r.type] ?? r.type,
    notNull: r.is_nullable === "NO",
    hasDefault: r.column_default !== null || r.is_identity === "YES",
  }));
}

type Index = { table: string; index: string; columns: string; partial: boolean };

/** The indexes the migrations name (not the ones each engine makes for keys and unique columns). */
async function sqliteIndexes(): Promise<Index[]> {
  const sqlite = openDatabase(":memory:");
  try {
    await migrateToLatest(sqlite);
    const { rows } = await sql<{ table: string; index: string; columns: string; partial: number }>`
      select m.tbl_name as "table", m.name as "index", (select group_concat(name, ',') from pragma_index_info(m.name)) as columns, l.partial
      from sqlite_master m join pragma_index_list(m.tbl_name) l on l.name = m.name
      where m.type = 'index' and m.sql is not null`.execute(sqlite);
    return rows.map((r) => ({ ...r, partial: r.partial === 1 }));
  } finally {
    await sqlite.destroy();
  }
}

async function postgresIndexes(): Promise<Index[]> {
  const { rows } = await sql<Index>`
    select t.relname as "table", i.relname as "index",
      (select string_agg(a.attname, ',' order by k.n) from unnest(x.indkey) with ordinality k(attnum, n) join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum) as columns,
      x.indpred is not null as partial
    from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid join pg_namespace s on s.oid = t.relnamespace
    where s.nspname = 'public' and t.relname not like 'kysely_%' and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)`.execute(db);
  return rows;
}

describe.skipIf(!inject("postgresTemplate"))("the migrations on PostgreSQL", () => {
  test("give every table and column SQLite has, with the same kind, nullability and whether a default fills it", async () => {
    const sort = (columns: Column[]) => [...columns].sort((a, b) => key(a).localeCompare(key(b)));
    const [lite, pg] = await Promise.all([sqliteColumns(), postgresColumns()]);
    expect(lite.length).toBeGreaterThan(100);
    expect(sort(pg)).toEqual(sort(lite));
  });

  test("make the same named indexes as on SQLite, on the same columns, partial where SQLite's are", async () => {
    const sort = (indexes: Index[]) => [...indexes].sort((a, b) => a.index.localeCompare(b.index));
    const [lite, pg] = await Promise.all([sqliteIndexes(), postgresIndexes()]);
    expect(lite).toContainEqual({ table: "responses", index: "responses_hashed_received_at", columns: "received_at", partial: true });
    expect(sort(pg)).toEqual(sort(lite));
  });

  test("number ids themselves, keep fractions exact and write text times in SQLite's format", async () => {
    const { id } = await db.insertInto("sectors").values({ code: "PG-CHECK", name_vi: "Kiểm tra", name_en: "Check", sort_order: 99 }).returning("id").executeTakeFirstOrThrow();
    expect(Number.isInteger(id)).toBe(true);
    await db.insertInto("sector_targets").values({ sector_id: id, year: 2031, value: 0.85, comparator: ">=", headline_index: "overall", min_sample: 30 }).execute();
    const target = await db.selectFrom("sector_targets").select("value").where("sector_id", "=", id).executeTakeFirstOrThrow();
    expect(target.value).toBe(0.85);
    const sector = await db.selectFrom("sectors").select("created_at").where("id", "=", id).executeTakeFirstOrThrow();
    expect(sector.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const counted = await db.selectFrom("sectors").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(typeof counted.n).toBe("number");
  });
});
