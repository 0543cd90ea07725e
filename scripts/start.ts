import fs from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { EnvError, parseEnv } from "../app/env.server";
import { DEMO_PASSWORD, USERS } from "#db/seed/organisation";
import { openDatabase } from "#db/client";
import { createApp, listen } from "./http-server";
import { prepareDatabase } from "./prepare-database";
import { clearExpiredHashes } from "../app/modules/survey/retention.service.server";

const BUILD = path.resolve("build/server/index.js");

async function main() {
  const env = parseEnv();
  if (!fs.existsSync(BUILD)) {
    console.log("No build yet: building the app (about half a minute)…");
    const built = spawnSync("npx", ["remix", "vite:build"], { stdio: "inherit" });
    if (built.status !== 0) throw new Error("the build failed");
  }
  await prepareDatabase({ databaseUrl: env.databaseUrl, seedDemo: env.demoSeed });

  const build = (await import(pathToFileURL(BUILD).href)) as ServerBuild;
  const db = openDatabase(env.databaseUrl);

  // Hash retention: IP and device hashes older than HASH_RETENTION_DAYS are cleared now and hourly (unref: never keeps the process alive).
  const clearHashes = () =>
    clearExpiredHashes(db, { retentionDays: env.hashRetentionDays, now: new Date() })
      .then(({ cleared }) => {
        if (cleared > 0) console.log(`Cleared the IP and device hashes of ${cleared} responses older than ${env.hashRetentionDays} days.`);
      })
      .catch((error: unknown) => console.error("Hash retention failed:", error));
  await clearHashes();
  setInterval(clearHashes, 60 * 60 * 1000).unref();

  const app = createApp({
    build,
    mode: "production",
    db,
    trustProxy: env.trustProxy,
    hsts: env.nodeEnv === "production",
    publicOrigin: new URL(env.publicBaseUrl).origin,
  });
  await listen(app, env.port, env.host);

  const base = env.publicBaseUrl;
  console.log(`
Hài Lòng is running on http://${env.host}:${env.port} (NODE_ENV=${env.nodeEnv}${env.nodeEnv === "production" ? "" : "; a deployment sets NODE_ENV=production and SESSION_SECRET"})
  Survey list:      ${base}/s
  A counter survey: ${base}/s/TT-DD-01   (English: ${base}/s/TT-DD-01?lang=en)
  Health check:     ${base}/healthz
  Dashboard:        ${base}/dashboard   (sign in at ${base}/login)
  Administration:   ${base}/admin   (administrators: organisation, questionnaires, users, QR posters, audit log)
  Indices API:      ${base}/api/v1/indices?groupBy=sector
${env.demoSeed ? `  Demo logins (password "${DEMO_PASSWORD}"): ${USERS.map((u) => u.email).join(", ")}` : ""}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
