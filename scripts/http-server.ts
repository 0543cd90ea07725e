import type { Server } from "node:http";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";

type Options = {
  /** The production build, or a loader of the development build from Vite. */
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: "production" | "development";
  /** Vite's middlewares in development. */
  devMiddlewares?: express.RequestHandler;
};

/**
 * The HTTP front of the app: gzip, long-lived caching for fingerprinted
 * assets, and the Remix handler with the client address in its load context.
 */
export function createApp({ build, mode, devMiddlewares }: Options): express.Express {
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
  app.use(
    createRequestHandler({
      build,
      mode,
      getLoadContext: (req) => ({ clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown" }),
    }),
  );
  return app;
}

export function listen(app: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => resolve(server));
    server.once("error", reject);
  });
}
