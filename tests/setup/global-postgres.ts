import type { TestProject } from "vitest/node";
import { openDatabase } from "#db/client";
import { migrateToLatest } from "#db/migrate";
import { seedOrganisation } from "#db/seed/seed";
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from "./postgres-databases";

declare module "vitest" {
  export interface ProvidedContext {
    /** On the PostgreSQL project: the server and the migrated, seeded template database each test file copies. */
    postgresTemplate?: { serverUrl: string; template: string };
  }
}

/**
 * The PostgreSQL twin of global-database.ts: one migrated, seeded template
 * database per run on the server TEST_DATABASE_URL names; each test file
 * gets `CREATE DATABASE … TEMPLATE` of it (tests/setup/test-database.ts).
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("the integration-pg project needs TEST_DATABASE_URL=postgres://…");
  const template = uniqueDatabaseName("hl_template");
  await createDatabase(serverUrl, template);
  const db = openDatabase(databaseUrl(serverUrl, template));
  try {
    await migrateToLatest(db);
    await seedOrganisation(db);
  } finally {
    await db.destroy();
  }
  project.provide("postgresTemplate", { serverUrl, template });
  return () => dropDatabase(serverUrl, template);
}
