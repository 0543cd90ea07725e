import type { Server } from "node:http";
// Not re-exported from the package root; the version is pinned, and this is the adapter's own request conversion.
import { createRemixRequest } from "@remix-run/express/dist/server.js";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type { DB } from "#db/client";
import "../app/http/load-context";

type Options = {
  /** The production build, or a loader of the development build from Vite. */
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: "production" | "development";
  /** Vite's middlewares in development. */
  devMiddlewares?: express.RequestHandler;
  /** The database every request's services use (handed to routes in the load context). */
  db: DB;
};

/**
 * The HTTP front of the app: gzip, long-lived caching for fingerprinted
 * assets, and the Remix handler with the client address in its load context.
 */
export function createApp({ build, mode, devMiddlewares, db }: Options): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(compression());
  if (devMiddlewares) {
    app.use(devMiddlewares);
  } else {
    app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
    app.use(express.static("build/client", { maxAge: "1h" }));
  }
  // `use`, not `all("*")`: Express's router would answer an undecodable path
  // itself (with a stack trace outside production); Remix answers it with our 404 page.
  const handle = createRequestHandler(build, mode);
  app.use(async (req, res, next) => {
    try {
      const response = await handle(createRemixRequest(req, res), {
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
        db,
      });
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  });
  return app;
}

/**
 * Writes a Remix response to Node, as `@remix-run/express` does, but with
 * backpressure: Remix's own writer reads a streamed body as fast as it is
 * produced whatever the client takes, and goes on after the client has gone,
 * so a large CSV export to a slow or vanished client would pile up in memory.
 * Here each chunk waits for the socket to drain, and a disconnect cancels the
 * body (which stops whatever produces it).
 */
async function sendResponse(res: express.Response, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  // One listener for the whole response: compression moves "drain" listeners
  // onto its gzip stream, where a `once` per wait would never be removed.
  let drained: (() => void) | null = null;
  res.on("drain", () => {
    drained?.();
    drained = null;
  });
  let gone = false;
  const closed = new Promise<void>((resolve) =>
    res.once("close", () => {
      if (!res.writableFinished) {
        gone = true;
        reader.cancel().catch(() => {});
      }
      resolve();
    }),
  );
  // compression's gzip stream buffers until flushed: flush each chunk so a streamed page arrives as it renders.
  const flushable = res as express.Response & { flush?: () => void };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (gone) return;
      if (done) {
        res.end();
        return;
      }
      const room = res.write(value);
      flushable.flush?.();
      if (!room) await Promise.race([new Promise<void>((resolve) => (drained = resolve)), closed]);
    }
  } catch (error) {
    res.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}

export function listen(app: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => resolve(server));
    server.once("error", reject);
  });
}
