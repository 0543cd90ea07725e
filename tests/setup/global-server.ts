import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startApp } from "./app-process";
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from "./postgres-databases";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the production build under test listens, e.g. http://127.0.0.1:41234 */
    baseUrl: string;
    /** The server's DATABASE_URL (a SQLite `file:` or, on e2e-pg, PostgreSQL), for asserting what was stored. */
    serverDatabase: string;
  }
}

/** Builds the app as production does and serves it on a free port with a fresh database. */
export default async function setup(project: TestProject) {
  // One build serves both e2e projects of a run.
  if (process.env.HAILONG_E2E_BUILT !== "1") {
    const built = spawnSync("npx", ["remix", "vite:build"], { encoding: "utf8" });
    if (built.status !== 0) throw new Error(`the build failed:\n${built.stdout}\n${built.stderr}`);
    process.env.HAILONG_E2E_BUILT = "1";
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-e2e-"));
  const { templateDatabase, postgresTemplate } = project.getProvidedContext();
  let database: string;
  let dropServerDatabase = async () => {};
  if (postgresTemplate) {
    const name = uniqueDatabaseName("hl_test");
    await createDatabase(postgresTemplate.serverUrl, name, postgresTemplate.template);
    database = databaseUrl(postgresTemplate.serverUrl, name);
    dropServerDatabase = () => dropDatabase(postgresTemplate.serverUrl, name);
  } else {
    database = `file:${path.join(dir, "app.db")}`;
    fs.copyFileSync(templateDatabase, database.slice("file:".length));
  }
  const server = await startApp(database);
  const { baseUrl } = server;

  project.provide("baseUrl", baseUrl);
  project.provide("serverDatabase", database);
  return async () => {
    await server.stop();
    const output = server.output();
    if (/\b(Error|TypeError|ReferenceError)\b/.test(output)) console.log(`server log:\n${output}`);
    await dropServerDatabase();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
