import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
// Not re-exported from the package root; the version is pinned, and this is the adapter's own request conversion.
import { createRemixRequest } from "@remix-run/express/dist/server.js";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type { DB } from "#db/client";
import type { TrustProxy } from "../app/env.server";
import { noteRouteOf, requestIdOf, requestLog, type Logger } from "../app/http/request-log.server";
import { withRouteNames } from "../app/http/route-names.server";
import { staffCacheControl, withRouteHeaders } from "../app/http/route-headers.server";
import { agreeFraming, cspNonceOf, securityHeaders } from "../app/http/security-headers.server";
import "../app/http/load-context";
import { exitOnSignals } from "./signals";

type Options = {
  /** The production build, or a loader of the development build from Vite. */
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: "production" | "development";
  /** Vite's middlewares in development. */
  devMiddlewares?: express.RequestHandler;
  /** The database every request's services use (handed to routes in the load context). */
  db: DB;
  /** TRUST_PROXY: which proxies' X-Forwarded-For may name the client (default: none). */
  trustProxy?: TrustProxy;
  /** Send Strict-Transport-Security (NODE_ENV=production). */
  hsts?: boolean;
  /** PUBLIC_BASE_URL's origin: a post whose Origin is this one comes from our pages. */
  publicOrigin?: string;
  /** Where each request's line and any unexpected error go (JSON). */
  logger: Logger;
};

/**
 * The HTTP front of the app: security headers (with each response's CSP
 * nonce), the client address as TRUST_PROXY says, gzip, long-lived caching
 * for fingerprinted assets, and the Remix handler with the client address,
 * database and nonce in its load context. Nothing it answers shows a stack.
 */
export function createApp({ build, mode, devMiddlewares, db, trustProxy = false, hsts = false, publicOrigin, logger }: Options): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(requestLog(logger));
  app.set("trust proxy", trustProxy);
  app.use(securityHeaders({ development: mode === "development", hsts }));
  app.use(compression());
  if (devMiddlewares) {
    app.use(devMiddlewares);
  } else {
    app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
    app.use(express.static("build/client", { maxAge: "1h" }));
  }
  // `use`, not `all("*")`: Express's router would answer an undecodable path
  // itself (with a stack trace outside production); Remix answers it with our 404 page.
  const handle = createRequestHandler(
    typeof build === "function" ? async () => withRouteNames(withRouteHeaders(await build())) : withRouteNames(withRouteHeaders(build)),
    mode,
  );
  // A NUL (`%00`) names no page, no code and no parameter of ours, and
  // PostgreSQL cannot compare text with one: refused here, for every route.
  app.use((req, res, next) => {
    if (/%00/i.test(req.originalUrl)) {
      res.status(400).type("text/plain").send("Bad Request: the address contains a NUL character\n");
      return;
    }
    next();
  });
  app.use(async (req, res, next) => {
    let request: Request;
    try {
      answerRemixOriginCheck(req, publicOrigin);
      request = createRemixRequest(req, res);
    } catch {
      // A Host (or trusted X-Forwarded-Host) that makes no URL, e.g. `Host: a b`.
      res.status(400).type("text/plain").send("Bad Request\n");
      return;
    }
    try {
      const response = await handle(request, {
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
        db,
        cspNonce: cspNonceOf(res),
        noteRoute: noteRouteOf(res),
      });
      await sendResponse(req, res, response);
    } catch (error) {
      next(error);
    }
  });
  app.use(finalErrorHandler(logger));
  return app;
}

/**
 * Remix 2 refuses a form post whose Origin names another host than the
 * request's with an empty 500 before any action runs. Our actions decide
 * themselves (`comesFromAnotherSite`: a 403 page, never a 500), so the front
 * answers Remix's question first and states the verdict in the browser's own
 * vocabulary: our public origin (a proxy that rewrites Host) is ours, anything
 * else (`null` included) is `Sec-Fetch-Site: cross-site`. Requests Remix would
 * let through are left alone.
 */
export function answerRemixOriginCheck(req: express.Request, publicOrigin: string | undefined): void {
  if (!["POST", "PUT", "PATCH", "DELETE"].includes(req.method)) return;
  const origin = req.headers.origin;
  if (origin === undefined) return;
  // The host Remix compares the Origin with (it reads X-Forwarded-Host whatever TRUST_PROXY says).
  const host = req.get("X-Forwarded-Host")?.split(",")[0]?.trim() || req.get("Host");
  if (origin !== "null" && URL.canParse(origin) && new URL(origin).host === host) return;
  delete req.headers.origin;
  const requestOrigin = `${req.protocol}://${req.get("Host")}`;
  const ours =
    origin === publicOrigin || (URL.canParse(origin) && URL.canParse(requestOrigin) && new URL(origin).origin === new URL(requestOrigin).origin);
  if (!ours) req.headers["sec-fetch-site"] = "cross-site";
}

/**
 * The last word on an error: never a stack trace to the client (Express's own
 * handler prints one outside production), the error logged once, as JSON
 * with the request's id.
 */
const finalErrorHandler = (logger: Logger): express.ErrorRequestHandler => (error: unknown, _req, res, _next) => {
  const declared = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  const status = typeof declared === "number" && declared >= 400 && declared < 500 ? declared : 500;
  if (status === 500) logger.error({ requestId: requestIdOf(res), err: error }, "unexpected error");
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(status).type("text/plain").send(`${STATUS_CODES[status] ?? "Error"}\n`);
};

/**
 * Writes a Remix response to Node, as `@remix-run/express` does, but with
 * backpressure: Remix's own writer reads a streamed body as fast as it is
 * produced whatever the client takes, and goes on after the client has gone,
 * so a large CSV export to a slow or vanished client would pile up in memory.
 * Here each chunk waits for the socket to drain, and a disconnect cancels the
 * body (which stops whatever produces it).
 */
async function sendResponse(req: express.Request, res: express.Response, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  // A route's own header replaces the front's default (X-Frame-Options, say); cookies add up.
  for (const [key, value] of response.headers.entries()) {
    if (key === "set-cookie") res.append(key, value);
    else res.setHeader(key, value);
  }
  agreeFraming(res);
  const staffCaching = staffCacheControl(req.path, response.headers.get("Cache-Control"));
  if (staffCaching) res.setHeader("Cache-Control", staffCaching);
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
    trackConnections(server);
    server.once("error", reject);
  });
}

/** Each server's open connections, with how many requests each is answering now. */
const openConnections = new WeakMap<Server, Map<Socket, number>>();

/**
 * Node's `closeIdleConnections` leaves a connection that has not sent a
 * request yet (a browser's preconnect) open, and such a connection would hold
 * a graceful stop for its whole grace period; so the server counts for itself.
 */
function trackConnections(server: Server): void {
  const connections = new Map<Socket, number>();
  openConnections.set(server, connections);
  server.on("connection", (socket: Socket) => {
    connections.set(socket, 0);
    socket.once("close", () => connections.delete(socket));
  });
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    connections.set(socket, (connections.get(socket) ?? 0) + 1);
    res.once("close", () => {
      if (connections.has(socket)) connections.set(socket, Math.max(0, connections.get(socket)! - 1));
    });
  });
}

/** Closes every connection of `server` that is answering no request. */
function closeConnectionsAtRest(server: Server): void {
  for (const [socket, answering] of openConnections.get(server) ?? []) if (answering === 0) socket.destroy();
}

/** How long requests in flight get to finish after SIGTERM before their connections are cut. */
const SHUTDOWN_GRACE_MS = 6_000;
/** Past this, the process exits (non-zero) whatever is still pending: a supervisor waits 10 s. */
const SHUTDOWN_DEADLINE_MS = 8_000;

/**
 * Stops accepting connections and resolves once every request in flight has
 * been answered (its connection closed after the answer: keep-alive would
 * otherwise hold a connection, and so the close, open for seconds), or once
 * `graceMs` has passed and the remaining connections have been cut. Needs a
 * server made by {@link listen}.
 */
function closeGracefully(server: Server, graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
  return new Promise((resolve) => {
    // A request that still arrives on an open connection is answered, with `Connection: close`.
    server.prependListener("request", (_req, res: ServerResponse) => {
      if (!res.headersSent) res.setHeader("Connection", "close");
    });
    // A connection whose request was in flight comes to rest once answered: close it then.
    closeConnectionsAtRest(server);
    const idle = setInterval(() => closeConnectionsAtRest(server), 50);
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(cut);
      resolve();
    });
  });
}

/**
 * On SIGTERM or SIGINT (from a supervisor, passed on by `npm start`, or
 * Ctrl-C): stop accepting, let requests in flight finish (so a submission
 * acknowledged is a submission stored), then `cleanUp` (close the database)
 * and exit 0, all within the 10 s a supervisor allows. A repeated signal —
 * npm passes one on, and Ctrl-C reaches the whole group — changes nothing.
 */
export function stopOnSignals(server: Server, { logger, cleanUp }: { logger: Logger; cleanUp: () => Promise<unknown> }): void {
  exitOnSignals({
    logger,
    message: "stopping: no new connections; finishing the requests in flight",
    deadlineMs: SHUTDOWN_DEADLINE_MS,
    stop: () => closeGracefully(server).then(cleanUp),
  });
}
