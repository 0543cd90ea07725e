import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";

/** The issue's figure: a year of a million responses. */
export const SEED = { responses: 1_000_000, days: 365, seed: 1 } as const;

const CACHE_DIR = "bench/out";
const CACHE_PREFIX = "indices-";
/** What the seeded database is made from: a change to any of these seeds again. */
const SOURCE_DIRS = ["db/seed", "db/migrations"];

export type SeededDatabase = {
  /** The cached database; copy it before letting a server write to it. */
  file: string;
  reused: boolean;
  /** How long seeding took when it was done (now or when the cache was made). */
  seedSeconds: number;
  /** The instant the responses were seeded relative to: their dates end on its Vietnam date. */
  seededAt: string;
  responses: number;
  answers: number;
  parameters: typeof SEED;
};

type CacheMeta = Omit<SeededDatabase, "file" | "reused">;

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

function count(file: string): { responses: number; answers: number; seededAt: string } {
  const db = new SQLite(file, { readonly: true });
  try {
    return {
      responses: db.prepare("select count(*) from responses").pluck().get() as number,
      answers: db.prepare("select count(*) from answers").pluck().get() as number,
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
  const args = ["scripts/seed.ts", "--responses", String(SEED.responses), "--days", String(SEED.days), "--seed", String(SEED.seed)];
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
 * 365 --seed 1` into a fresh file, cached under bench/out/ by a hash of the
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
    return { file, reused: true, ...meta };
  }

  const building = path.join(CACHE_DIR, `${CACHE_PREFIX}${key}.seeding`);
  fs.rmSync(building, { recursive: true, force: true });
  fs.mkdirSync(building);
  const seedingFile = path.join(building, "app.db");
  log(`Index database: seeding ${SEED.responses.toLocaleString("en")} responses over ${SEED.days} days (seed ${SEED.seed}) ` +
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
  return { file, reused: false, ...meta };
}
