import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import pg from "pg";
import { openDatabase } from "#db/client";
import { migrateToLatest } from "#db/migrate";

/**
 * The issues' figures: a year of a million responses at 300 service points
 * (issue 9), and a million dossiers over the same year (issue 10).
 */
export const SEED = { responses: 1_000_000, days: 365, seed: 1, points: 300, dossiers: 1_000_000 } as const;

const CACHE_DIR = "bench/out";
const CACHE_PREFIX = "indices-";
/** What the seeded database is made from: a change to any of these seeds again. */
const SOURCE_DIRS = ["db/seed", "db/migrations"];

export type SeededDatabase = {
  /** The cached database; copy it before letting a server write to it. */
  file: string;
  /** The hash the cache is named by (of the seed, the migrations and the parameters). */
  key: string;
  reused: boolean;
  /** How long seeding took when it was done (now or when the cache was made). */
  seedSeconds: number;
  /** The instant the responses were seeded relative to: their dates end on its Vietnam date. */
  seededAt: string;
  responses: number;
  answers: number;
  dossiers: number;
  parameters: typeof SEED;
};

type CacheMeta = Omit<SeededDatabase, "file" | "key" | "reused">;

/** A hash of every db/seed/*.ts and db/migrations/*.ts, and the seeding parameters. */
function cacheKey(): string {
  const hash = crypto.createHash("sha256").update(JSON.stringify(SEED));
  for (const dir of SOURCE_DIRS) {
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith(".ts")).sort()) {
      const file = path.join(dir, name);
      hash.update(`\0${file}\0`).update(fs.readFileSync(file));
    }
  }
  return hash.digest("hex").slice(0, 16);
}

function count(file: string): { responses: number; answers: number; dossiers: number; seededAt: string } {
  const db = new SQLite(file, { readonly: true });
  try {
    return {
      responses: db.prepare("select count(*) from responses").pluck().get() as number,
      answers: db.prepare("select count(*) from answers").pluck().get() as number,
      dossiers: db.prepare("select count(*) from dossiers").pluck().get() as number,
      // Every seeded response carries the seeding instant as received_at.
      seededAt: db.prepare("select max(received_at) from responses").pluck().get() as string,
    };
  } finally {
    db.close();
  }
}

/** Runs `db:seed` on `file` as a user would, echoing its output. */
function runSeed(file: string, log: (line: string) => void): Promise<void> {
  const tsx = path.resolve("node_modules/.bin/tsx");
  const args = [
    "scripts/seed.ts", "--responses", String(SEED.responses), "--days", String(SEED.days), "--seed", String(SEED.seed),
    "--points", String(SEED.points), "--dossiers", String(SEED.dossiers),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, args, {
      env: { ...process.env, DATABASE_URL: `file:${file}`, SESSION_SECRET: crypto.randomBytes(32).toString("hex") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const echo = (chunk: Buffer) => {
      output += chunk.toString();
      const lines = output.split("\n");
      output = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) log(`  db:seed: ${line}`);
    };
    child.stdout.on("data", echo);
    child.stderr.on("data", echo);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (output.trim()) log(`  db:seed: ${output}`);
      if (code === 0) resolve();
      else reject(new Error(`db:seed failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

/**
 * The database of the index benchmark: `db:seed -- --responses 1000000 --days
 * 365 --seed 1 --points 300` into a fresh file, cached under bench/out/ by a hash of the
 * seed and migration sources so that the next run reuses it (seeding takes
 * minutes). Older caches are deleted.
 */
export async function seededDatabase(log: (line: string) => void): Promise<SeededDatabase> {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const key = cacheKey();
  const file = path.join(CACHE_DIR, `${CACHE_PREFIX}${key}.db`);
  const metaFile = path.join(CACHE_DIR, `${CACHE_PREFIX}${key}.json`);
  for (const name of fs.readdirSync(CACHE_DIR)) {
    if (name.startsWith(CACHE_PREFIX) && !name.startsWith(`${CACHE_PREFIX}${key}.`)) {
      fs.rmSync(path.join(CACHE_DIR, name), { recursive: true, force: true });
    }
  }

  if (fs.existsSync(file) && fs.existsSync(metaFile)) {
    const meta = JSON.parse(fs.readFileSync(metaFile, "utf8")) as CacheMeta;
    log(`Index database: reusing ${file} (seeded ${meta.seededAt} in ${meta.seedSeconds.toFixed(0)} s).`);
    return { file, key, reused: true, ...meta };
  }

  const building = path.join(CACHE_DIR, `${CACHE_PREFIX}${key}.seeding`);
  fs.rmSync(building, { recursive: true, force: true });
  fs.mkdirSync(building);
  const seedingFile = path.join(building, "app.db");
  log(`Index database: seeding ${SEED.responses.toLocaleString("en")} responses over ${SEED.days} days at ${SEED.points} points (seed ${SEED.seed}) ` +
    `with \`npm run db:seed\`; a few minutes, cached for the next runs…`);
  const started = Date.now();
  await runSeed(seedingFile, log);
  const seedSeconds = (Date.now() - started) / 1000;
  // db:seed closed its connection, which checkpointed and removed the WAL; make sure before moving the file alone.
  const db = new SQLite(seedingFile);
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  const meta: CacheMeta = { seedSeconds, parameters: SEED, ...count(seedingFile) };
  fs.renameSync(seedingFile, file);
  fs.rmSync(building, { recursive: true, force: true });
  fs.writeFileSync(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
  log(`Index database: seeded in ${seedSeconds.toFixed(0)} s, cached as ${file}.`);
  return { file, key, reused: false, ...meta };
}

/* ---------------------------------------------------------------------------
 * The same data on PostgreSQL
 * ------------------------------------------------------------------------ */

export type SeededPostgres = {
  /** The database's URL, as the app's DATABASE_URL. */
  url: string;
  database: string;
  reused: boolean;
  /** Seconds loading took, when it was done now (null when reused). */
  loadSeconds: number | null;
  /** Rows copied per table, when loaded now. */
  rows: Record<string, number> | null;
};

/** Marks a database whose load finished, so an interrupted load is redone rather than reused. */
const LOADED_COMMENT = "hailong bench: loaded from the SQLite cache";
/** Rows per insert: one array parameter per column, so PostgreSQL's bind-parameter limit never applies. */
const ROWS_PER_INSERT = 50_000;
const ARRAY_TYPES: Record<string, string> = { integer: "int4[]", bigint: "int8[]", text: "text[]", "double precision": "float8[]" };

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/**
 * The seeded SQLite database copied into a database of the PostgreSQL server
 * at `serverUrl` (its role may create databases), named by the same cache key
 * so that the next run reuses it; other bench databases there are dropped.
 * The schema comes from the app's migrations; every table's rows are copied
 * in the order the migrations created the tables (parents first), each
 * insert `select * from unnest($1::int4[], …)` of 50,000 rows in one
 * statement, then the identities are moved past the copied ids and the
 * tables analysed.
 */
export async function seededPostgres(seeded: SeededDatabase, serverUrl: string, log: (line: string) => void): Promise<SeededPostgres> {
  const database = `hl_bench_${seeded.key}`;
  const url = withDatabase(serverUrl, database);
  const state = await withClient(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string; comment: string | null }>(
      "select datname, shobj_description(oid, 'pg_database') as comment from pg_database where datname like 'hl\\_bench\\_%'",
    );
    for (const other of rows.filter((r) => r.datname !== database)) {
      // Another bench may be using one (a different checkout): then it stays.
      await client.query(`drop database "${other.datname}"`).then(
        () => log(`PostgreSQL: dropped the older bench database ${other.datname}.`),
        (error: unknown) => log(`PostgreSQL: left the older bench database ${other.datname} (${error instanceof Error ? error.message : String(error)}).`),
      );
    }
    const mine = rows.find((r) => r.datname === database);
    if (mine?.comment === LOADED_COMMENT) return "loaded";
    if (mine) await client.query(`drop database "${database}"`);
    await client.query(`create database "${database}"`);
    return "created";
  });
  if (state === "loaded") {
    log(`PostgreSQL: reusing the bench database ${database}.`);
    return { url, database, reused: true, loadSeconds: null, rows: null };
  }

  log(`PostgreSQL: loading ${seeded.file} into ${database}…`);
  const started = Date.now();
  const app = openDatabase(url);
  try {
    await migrateToLatest(app);
  } finally {
    await app.destroy();
  }
  const sqlite = new SQLite(seeded.file, { readonly: true });
  const copied: Record<string, number> = {};
  try {
    await withClient(url, async (client) => {
      const tables = sqlite
        .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by rowid")
        .pluck()
        .all() as string[];
      for (const table of tables) {
        const { rows: columns } = await client.query<{ column_name: string; data_type: string; is_identity: string }>(
          "select column_name, data_type, is_identity from information_schema.columns where table_schema = 'public' and table_name = $1 order by ordinal_position",
          [table],
        );
        const names = columns.map((c) => c.column_name);
        const casts = columns.map((c, i) => {
          const type = ARRAY_TYPES[c.data_type];
          if (!type) throw new Error(`${table}.${c.column_name}: no array type for ${c.data_type}`);
          return `$${i + 1}::${type}`;
        });
        const insert = `insert into "${table}" (${names.map((n) => `"${n}"`).join(", ")}) select * from unnest(${casts.join(", ")})`;
        const read = sqlite.prepare(`select ${names.map((n) => `"${n}"`).join(", ")} from "${table}" order by rowid`).raw();
        let batch: unknown[][] = names.map(() => []);
        let count = 0;
        const flush = async () => {
          if (batch[0]!.length === 0) return;
          await client.query(insert, batch);
          batch = names.map(() => []);
        };
        await client.query("begin");
        for (const row of read.iterate() as Iterable<unknown[]>) {
          for (let i = 0; i < row.length; i++) batch[i]!.push(row[i]);
          count += 1;
          if (batch[0]!.length >= ROWS_PER_INSERT) await flush();
        }
        await flush();
        for (const c of columns.filter((c) => c.is_identity === "YES")) {
          await client.query(
            `select setval(pg_get_serial_sequence('"${table}"', '${c.column_name}'), coalesce((select max("${c.column_name}") from "${table}"), 0) + 1, false)`,
          );
        }
        await client.query("commit");
        copied[table] = count;
        if (count > 100_000) log(`  ${table}: ${count.toLocaleString("en")} rows (${((Date.now() - started) / 1000).toFixed(0)} s so far)`);
      }
      await client.query("analyze");
      await client.query(`comment on database "${database}" is '${LOADED_COMMENT}'`);
    });
  } finally {
    sqlite.close();
  }
  const loadSeconds = (Date.now() - started) / 1000;
  log(`PostgreSQL: loaded in ${loadSeconds.toFixed(0)} s.`);
  return { url, database, reused: false, loadSeconds, rows: copied };
}
