import fs from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { EnvError, parseEnv, type Env } from "../app/env.server";
import { createLogger } from "../app/http/request-log.server";
import { demoCredentialsRefusal } from "../app/modules/accounts/demo-accounts.service.server";
import { DEMO_PASSWORD, USERS } from "#db/seed/organisation";
import { openDatabase } from "#db/client";
import { createApp, listen, stopOnSignals } from "./http-server";
import { prepareDatabase } from "./prepare-database";
import { startScheduledJobs } from "./jobs";

const BUILD = path.resolve("build/server/index.js");

/** A start-up refusal: printed as one line, exit 1. */
class Refusal extends Error {}

async function main() {
  const env = parseEnv();
  if (!fs.existsSync(BUILD)) {
    console.log("No build yet: building the app (about half a minute)…");
    const built = spawnSync("npx", ["remix", "vite:build"], { stdio: "inherit" });
    if (built.status !== 0) throw new Error("the build failed");
  }
  await prepareDatabase({ databaseUrl: env.databaseUrl, seedDemo: env.demoSeed });

  const db = openDatabase(env.databaseUrl);
  if (env.nodeEnv === "production") {
    const refusal = await demoCredentialsRefusal(db, { emails: USERS.map((u) => u.email), password: DEMO_PASSWORD });
    if (refusal) {
      await db.destroy();
      throw new Refusal(`Refusing to start with NODE_ENV=production: ${refusal}`);
    }
  }

  const build = (await import(pathToFileURL(BUILD).href)) as ServerBuild;
  const logger = createLogger(env.logLevel);

  // The scheduled jobs (overdue dossiers, hash retention, the outbox worker) also run here, so one process is a whole deployment.
  const jobs = await startScheduledJobs({ db, settings: env, logger });

  const app = createApp({
    build,
    mode: "production",
    db,
    trustProxy: env.trustProxy,
    hsts: env.nodeEnv === "production",
    publicOrigin: new URL(env.publicBaseUrl).origin,
    logger,
  });
  const server = await listen(app, env.port, env.host);
  stopOnSignals(server, {
    logger,
    cleanUp: async () => {
      await jobs.stop();
      await db.destroy();
    },
  });
  logger.info({ url: env.publicBaseUrl, nodeEnv: env.nodeEnv }, "listening");
  printWelcome(env);
}

/** The URLs for a person at the terminal; outside production, framed, that this is a demo. */
function printWelcome(env: Env) {
  const base = env.publicBaseUrl;
  console.log(`
Hài Lòng is running on http://${env.host}:${env.port} (NODE_ENV=${env.nodeEnv})
  Survey list:      ${base}/s
  A counter survey: ${base}/s/TT-DD-01   (English: ${base}/s/TT-DD-01?lang=en)
  Health checks:    ${base}/healthz (alive), ${base}/readyz (ready: database and migrations)
  Dashboard:        ${base}/dashboard   (sign in at ${base}/login)
  Dossiers on time: ${base}/dashboard/timeliness, apologies ${base}/dashboard/apologies, cases ${base}/dashboard/cases
  Case lookup:      ${base}/tra-cuu   (a citizen's tracking code)
  Moderation:       ${base}/dashboard/moderation   (comments approved for publication, masked)
  Public results:   ${base}/ket-qua   (anyone, no login; JSON: ${base}/api/v1/public/results)
  Counter kiosk:    ${base}/kiosk   (a tablet: pair it with a code from ${base}/admin/kiosks/new; HTTPS or localhost)
  Administration:   ${base}/admin   (administrators: organisation, questionnaires, plan, publication, users, QR posters, outbox, audit log)
  Indices API:      ${base}/api/v1/indices?groupBy=sector, timeliness ${base}/api/v1/timeliness?groupBy=sector
${env.demoSeed ? `  Demo logins (password "${DEMO_PASSWORD}"): ${USERS.map((u) => u.email).join(", ")}` : ""}`);
  if (env.nodeEnv !== "production") console.log(frame(DEMO_WARNING));
}

const DEMO_WARNING = [
  "THIS IS A DEMO, NOT A DEPLOYMENT.",
  `The demo accounts' password "${DEMO_PASSWORD}" is public (it is in the README).`,
  "Do not put real data or real staff on this server.",
  "A deployment sets NODE_ENV=production and SESSION_SECRET; it then",
  "refuses to start while a demo account or the demo password exists.",
];

function frame(lines: string[]): string {
  const width = Math.max(...lines.map((l) => l.length));
  const rule = "!".repeat(width + 6);
  return ["", rule, ...lines.map((l) => `!! ${l.padEnd(width)} !!`), rule, ""].join("\n");
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError || error instanceof Refusal ? error.message : error);
  process.exit(1);
});
