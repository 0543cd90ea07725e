import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from "./postgres-databases";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the production build under test listens, e.g. http://127.0.0.1:41234 */
    baseUrl: string;
    /** The server's DATABASE_URL (a SQLite `file:` or, on e2e-pg, PostgreSQL), for asserting what was stored. */
    serverDatabase: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });
}

async function waitForHealth(url: string, child: ReturnType<typeof spawn>, log: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited early:\n${log()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not answer within 60 s:\n${log()}`);
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
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;

  let output = "";
  const child = spawn("node_modules/.bin/tsx", ["scripts/start.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "test",
      DATABASE_URL: database,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_BASE_URL: baseUrl,
      DEMO_SEED: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  await waitForHealth(baseUrl, child, () => output);

  project.provide("baseUrl", baseUrl);
  project.provide("serverDatabase", database);
  return async () => {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    if (/\b(Error|TypeError|ReferenceError)\b/.test(output)) console.log(`server log:\n${output}`);
    await dropServerDatabase();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
