import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { openDatabase, type DB } from "#db/client";

/**
 * A fresh copy of the migrated, seeded template for this test file, also made
 * the app's database (DATABASE_URL) so services under test use it.
 */
let current: DB | undefined;

/** The database of this test file (from {@link useFreshDatabase}), as the server hands it to routes. */
export function testDatabase(): DB {
  if (!current) throw new Error("call useFreshDatabase() first");
  return current;
}

export function useFreshDatabase(): { db: DB; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-test-"));
  const file = path.join(dir, "app.db");
  fs.copyFileSync(inject("templateDatabase"), file);
  process.env.DATABASE_URL = `file:${file}`;
  current = openDatabase(`file:${file}`);
  return { db: current, file };
}
