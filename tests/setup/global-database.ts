import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "#db/client";
import { migrateToLatest } from "#db/migrate";
import { seedOrganisation } from "#db/seed/seed";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated database with the demo organisation and no responses: copy it, never write it. */
    templateDatabase: string;
  }
}

/** Migrates and seeds one template database per run; each test file works on its own copy. */
export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-template-"));
  const file = path.join(dir, "template.db");
  const db = openDatabase(`file:${file}`);
  await migrateToLatest(db);
  await seedOrganisation(db);
  await db.destroy();
  project.provide("templateDatabase", file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
