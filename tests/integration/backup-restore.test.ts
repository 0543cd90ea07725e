import crypto from "node:crypto";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Migrator } from "kysely";
import pg from "pg";
import { afterAll, describe, expect, test } from "vitest";
import { BackupRefusal, backupDatabase, restoreDatabase } from "#db/backup";
import { openDatabase, sqliteHandle, type DB } from "#db/client";
import { migrateToLatest } from "#db/migrate";
import { migrationProvider } from "#db/migrations";
import { seedOrganisation } from "#db/seed/seed";
import { compareSummariesWithRaw } from "~/modules/indices/summaries.repository.server";
import { submitResponse } from "~/modules/survey/submission.service.server";
import { ADMINISTRATIVE_ANSWERS, trustedSubmission } from "../setup/submissions";
import { useFreshDatabase } from "../setup/test-database";

/*
 * `npm run backup` and `npm run restore`, run as the operator runs them (the
 * real scripts, in their own processes) against a database this test keeps
 * writing to, as the app would.
 */

const { db, url } = useFreshDatabase();
// The file-level tests need the app's database to be a SQLite file; on the PostgreSQL project they stand aside.
const appFile = url.startsWith("file:") ? url.slice("file:".length) : "";
const onSqlite = appFile !== "";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-backup-"));
afterAll(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

const run = promisify(execFile);

/** Runs `npm run <script> -- ...args` against `databaseFile`; its exit code and output. */
async function npmRun(script: "backup" | "restore", databaseFile: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run("node_modules/.bin/tsx", [`scripts/${script}.ts`, ...args], {
      env: { ...process.env, DATABASE_URL: `file:${databaseFile}` },
    });
    return { code: 0, stdout, stderr };
  } catch (failed) {
    const { code, stdout, stderr } = failed as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

const submit = () => submitResponse(db, trustedSubmission("TT-DD-01", ADMINISTRATIVE_ANSWERS));

async function count(of: DB, table: "responses" | "answers"): Promise<number> {
  const { n } = await of.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(n);
}

/** Each response's answer rows, as `id:question=score|choice|na` lines. */
async function answersByResponse(of: DB): Promise<Map<number, string>> {
  const rows = await of
    .selectFrom("answers")
    .select(["response_id", "question_id", "score", "is_na", "choice_value", "number_value"])
    .orderBy("response_id")
    .orderBy("question_id")
    .execute();
  const byResponse = new Map<number, string>();
  for (const r of rows) {
    const line = `${r.question_id}=${r.score ?? ""}|${r.choice_value ?? ""}|${r.number_value ?? ""}|${r.is_na}`;
    byResponse.set(r.response_id, [byResponse.get(r.response_id), line].filter(Boolean).join(","));
  }
  return byResponse;
}

function integrity(of: DB): string {
  return (sqliteHandle(of)!.pragma("integrity_check", { simple: true }) as string);
}

const fileBytes = (file: string) => fs.readFileSync(file);

describe.runIf(onSqlite)("a backup taken while responses arrive", () => {
  const backup = path.join(dir, "mid-stream.db");
  const restored = path.join(dir, "restored.db");
  let backedUpResponses = 0;

  test("is a consistent copy that restores into an empty database", async () => {
    for (let i = 0; i < 20; i++) await submit();
    const before = await count(db, "responses");

    let backingUp = true;
    const backedUp = npmRun("backup", appFile, "--out", backup).finally(() => (backingUp = false));
    let during = 0;
    while (backingUp) {
      await submit();
      during++;
      await new Promise((next) => setImmediate(next)); // as requests do, leave room for I/O between submissions
    }
    const result = await backedUp;
    for (let i = 0; i < 5; i++) await submit();

    expect(result.code, result.stderr).toBe(0);
    expect(during).toBeGreaterThan(0);
    expect(result.stdout).toMatch(/^Backup written to .*mid-stream\.db \(\d+\.\d MB, \d+ responses; verified\)\.$/m);
    const reportedResponses = Number(/(\d+) responses/.exec(result.stdout)![1]);
    backedUpResponses = reportedResponses;
    expect(reportedResponses).toBeGreaterThanOrEqual(before);
    expect(reportedResponses).toBeLessThan(await count(db, "responses"));

    const restore = await npmRun("restore", restored, "--from", backup);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toBe(`Restored ${backup}: ${reportedResponses} responses; no pending migrations.\n`);

    const copy = openDatabase(`file:${restored}`);
    try {
      expect(integrity(copy)).toBe("ok");
      expect(await compareSummariesWithRaw(copy)).toEqual([]);
      expect(await count(copy, "responses")).toBe(reportedResponses);
      // Every response in the copy is whole: exactly the answers the live database holds for it.
      const live = await answersByResponse(db);
      const copied = await answersByResponse(copy);
      const responseIds = (await copy.selectFrom("responses").select("id").execute()).map((r) => r.id);
      expect(copied.size).toBe(responseIds.length);
      for (const id of responseIds) expect(copied.get(id), `response ${id}`).toBe(live.get(id));
    } finally {
      await copy.destroy();
    }
  }, 60_000);

  test("will not overwrite an existing file", async () => {
    const again = await npmRun("backup", appFile, "--out", backup);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`${backup} already exists: give the backup a new file name\n`);
  });

  test("is refused by a database that is not empty, which stays as it was", async () => {
    const unchanged = fileBytes(restored);
    const refused = await npmRun("restore", restored, "--from", backup);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^.*restored\.db is not empty \(\d+ rows\): restore only into an empty database, or pass --force to replace it\n$/);
    expect(fileBytes(restored).equals(unchanged)).toBe(true);
  });

  test("replaces a database that is not empty with --force", async () => {
    const other = path.join(dir, "other.db");
    fs.copyFileSync(restored, other);
    const target = openDatabase(`file:${other}`);
    for (let i = 0; i < 3; i++) await submitResponse(target, trustedSubmission("TT-DD-01", ADMINISTRATIVE_ANSWERS));
    expect(await count(target, "responses")).toBe(backedUpResponses + 3);
    await target.destroy();

    const forced = await npmRun("restore", other, "--from", backup, "--force");
    expect(forced.code, forced.stderr).toBe(0);
    const copy = openDatabase(`file:${other}`);
    try {
      expect(integrity(copy)).toBe("ok");
      expect(await count(copy, "responses")).toBe(backedUpResponses);
      expect(forced.stdout).toContain(`${backedUpResponses} responses`);
      expect(await compareSummariesWithRaw(copy)).toEqual([]);
    } finally {
      await copy.destroy();
    }
  });

  test("is refused by the database the app has open, even with --force", async () => {
    const responses = await count(db, "responses");
    const refused = await npmRun("restore", appFile, "--from", backup, "--force");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`${appFile} is in use (the app or another process has it open): stop it before restoring\n`);
    expect(await count(db, "responses")).toBe(responses);
    await submit();
    expect(await count(db, "responses")).toBe(responses + 1);
  });
});

test.runIf(onSqlite)("restoring a backup made before the latest migration applies it, as start does", async () => {
  const older = path.join(dir, "older.db");
  const before = openDatabase(`file:${older}`);
  const all = await migrationProvider.getMigrations();
  const [latest] = Object.keys(all).slice(-1);
  const { error } = await new Migrator({
    db: before,
    provider: { getMigrations: async () => Object.fromEntries(Object.entries(all).filter(([name]) => name !== latest)) },
  }).migrateToLatest();
  expect(error).toBeUndefined();
  await before.destroy();

  const target = path.join(dir, "upgraded.db");
  const restored = await npmRun("restore", target, "--from", older);
  expect(restored.code, restored.stderr).toBe(0);
  expect(restored.stdout).toBe(`Restored ${older}: 0 responses; applied ${latest}.\n`);
});

describe.runIf(onSqlite)("restore refuses a file that is not one of our backups", () => {
  const target = path.join(dir, "empty.db");

  test.each([
    ["random bytes", () => fs.writeFileSync(path.join(dir, "random"), crypto.getRandomValues(new Uint8Array(4096))), "random", /file is not a database/],
    ["another program's SQLite database", () => {
      const other = openDatabase(`file:${path.join(dir, "foreign.db")}`);
      sqliteHandle(other)!.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello')");
      return other.destroy();
    }, "foreign.db", /it has no migrations table/],
    ["an empty file", () => fs.writeFileSync(path.join(dir, "empty-file"), ""), "empty-file", /it has no migrations table/],
  ])("%s", async (_, make, name, reason) => {
    await make();
    const from = path.join(dir, name);
    const refused = await npmRun("restore", target, "--from", from);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).toMatch(new RegExp(`^${from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is not a valid Hài Lòng backup: `));
    expect(refused.stderr).toMatch(reason);
    expect(fs.existsSync(target) ? fs.statSync(target).size : 0).toBe(0);
  });

  test("a file that does not exist", async () => {
    const refused = await npmRun("restore", target, "--from", path.join(dir, "missing.db"));
    expect(refused).toMatchObject({ code: 1, stderr: `${path.join(dir, "missing.db")}: no such backup file\n` });
  });
});

describe("PostgreSQL, through pg_dump and pg_restore", () => {
  test("refuses with one clear line when pg_dump is not installed", async () => {
    const path_ = process.env.PATH;
    process.env.PATH = dir; // no PostgreSQL client tools here
    try {
      await expect(backupDatabase("postgres://hailong:secret@127.0.0.1:5432/hailong", path.join(dir, "pg.dump"))).rejects.toThrow(
        new BackupRefusal("pg_dump was not found on PATH: install the PostgreSQL client tools (the server's major version or newer)"),
      );
    } finally {
      process.env.PATH = path_;
    }
    expect(fs.existsSync(path.join(dir, "pg.dump"))).toBe(false);
  });

  const pgUrl = process.env.TEST_DATABASE_URL;
  test.skipIf(!pgUrl)("round trip into an empty database, refusal of a non-empty one, --force (skipped: set TEST_DATABASE_URL to a PostgreSQL 15+ this test may fill and drop databases on)", async () => {
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    const suffix = crypto.randomBytes(4).toString("hex");
    const names = [`hailong_backup_${suffix}`, `hailong_restore_${suffix}`];
    const urlOf = (name: string) => Object.assign(new URL(pgUrl!), { pathname: `/${name}` }).toString();
    try {
      for (const name of names) await admin.query(`CREATE DATABASE ${name}`);
      const [sourceUrl, targetUrl] = names.map(urlOf) as [string, string];
      const source = openDatabase(sourceUrl);
      try {
        await migrateToLatest(source);
        await seedOrganisation(source);
        for (let i = 0; i < 10; i++) await submitResponse(source, trustedSubmission("TT-DD-01", ADMINISTRATIVE_ANSWERS));
      } finally {
        await source.destroy();
      }
      const dump = path.join(dir, "pg-round-trip.dump");
      const written = await backupDatabase(sourceUrl, dump);
      expect(written.bytes).toBeGreaterThan(0);

      expect(await restoreDatabase(targetUrl, dump, { force: false })).toMatchObject({ responses: 10, migrationsApplied: [] });
      await expect(restoreDatabase(targetUrl, dump, { force: false })).rejects.toThrow(/is not empty \(\d+ rows\)/);
      expect(await restoreDatabase(targetUrl, dump, { force: true })).toMatchObject({ responses: 10 });
      const copy = openDatabase(targetUrl);
      try {
        expect(await compareSummariesWithRaw(copy)).toEqual([]);
      } finally {
        await copy.destroy();
      }
    } finally {
      for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }, 120_000);
});
