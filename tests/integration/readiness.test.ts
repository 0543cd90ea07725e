import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Migrator } from "kysely";
import { afterAll, describe, expect, test } from "vitest";
import { openDatabase, type DB } from "#db/client";
import { migrationProvider } from "#db/migrations";
import { loader as readyz } from "~/routes/readyz";
import { loader as healthz } from "~/routes/healthz";
import { useFreshDatabase } from "../setup/test-database";
import { routeContext } from "../setup/admin-requests";

const { db } = useFreshDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-readiness-"));
const opened: DB[] = [];
afterAll(async () => {
  await Promise.all([db, ...opened].map((d) => d.destroy().catch(() => {})));
  fs.rmSync(dir, { recursive: true, force: true });
});

async function ask(route: typeof readyz, database: DB) {
  const response = await route({ request: new Request("http://localhost/readyz"), params: {}, context: { ...routeContext(), db: database } });
  return { status: response.status, cacheControl: response.headers.get("Cache-Control"), body: (await response.json()) as Record<string, unknown> };
}

/** A database migrated up to, but not including, the newest migration. */
async function databaseMissingTheLastMigration(): Promise<{ database: DB; last: string }> {
  const names = Object.keys(await migrationProvider.getMigrations()).sort();
  const database = openDatabase(`file:${path.join(dir, "behind.db")}`);
  opened.push(database);
  const { error } = await new Migrator({ db: database, provider: migrationProvider }).migrateTo(names.at(-2)!);
  if (error) throw error;
  return { database, last: names.at(-1)! };
}

describe("GET /readyz", () => {
  test("a database with every migration applied is ready: 200 {status: ready}, never cached", async () => {
    expect(await ask(readyz, db)).toEqual({ status: 200, cacheControl: "no-store", body: { status: "ready" } });
  });

  test("a database missing the last migration is not ready: 503 naming that migration, while /healthz stays alive", async () => {
    const { database, last } = await databaseMissingTheLastMigration();
    const answer = await ask(readyz, database);
    expect(answer.status).toBe(503);
    expect(answer.cacheControl).toBe("no-store");
    expect(answer.body.status).toBe("unavailable");
    expect(answer.body.reason).toContain(last);
    expect((await ask(healthz, database)).status).toBe(200);
  });

  test("a database that does not answer is not ready: 503 with a reason", async () => {
    const closed = openDatabase(`file:${path.join(dir, "closed.db")}`);
    expect((await ask(healthz, closed)).status).toBe(200);
    await closed.destroy();
    const answer = await ask(readyz, closed);
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({ status: "unavailable", reason: "the database does not answer" });
  });
});
