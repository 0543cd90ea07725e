import type { ServerBuild } from "@remix-run/node";
import { EnvError, parseEnv } from "../app/env.server";
import { createLogger } from "../app/http/request-log.server";
import { openDatabase } from "#db/client";
import { createApp, listen, stopOnSignals } from "./http-server";
import { prepareDatabase } from "./prepare-database";

/** Vite in middleware mode behind the same Express front as production, with reload. */
async function main() {
  const env = parseEnv();
  await prepareDatabase({ databaseUrl: env.databaseUrl, seedDemo: env.demoSeed });
  const vite = await import("vite");
  const ours = new Set(process.listeners("SIGTERM"));
  const viteServer = await vite.createServer({ server: { middlewareMode: true } });
  // Remix's plugin starts a child Vite server, and Vite exits the process on
  // SIGTERM (code 143) as soon as that one is closed: the graceful stop below does it instead.
  for (const listener of process.listeners("SIGTERM")) if (!ours.has(listener)) process.off("SIGTERM", listener);
  const db = openDatabase(env.databaseUrl);
  const logger = createLogger(env.logLevel);
  const app = createApp({
    build: () => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
    mode: "development",
    db,
    devMiddlewares: viteServer.middlewares,
    trustProxy: env.trustProxy,
    publicOrigin: new URL(env.publicBaseUrl).origin,
    logger,
  });
  const server = await listen(app, env.port, env.host);
  stopOnSignals(server, { logger, cleanUp: () => Promise.all([viteServer.close(), db.destroy()]) });
  console.log(`Development server on http://${env.host}:${env.port} — survey list at ${env.publicBaseUrl}/s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
