import crypto from "node:crypto";
import type express from "express";
import { pino, type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "~/env.server";
import { routeRecorder, type NoteRoute } from "./route-names.server";

export type { Logger };

/**
 * The process's logger: one JSON object a line, written synchronously to
 * stdout (or `destination`) so that nothing is lost when the process exits.
 */
export function createLogger(level: LogLevel, destination: DestinationStream = pino.destination({ fd: 1, sync: true })): Logger {
  return pino({ level, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}

export type RequestLogLine = {
  requestId: string;
  method: string;
  /** The route that answered, as its pattern (`/s/:code`); absent when no route ran (a static file, a refused request). */
  route?: string;
  /** The path only: a query may carry a ticket (`?t=`) or a search typed by a citizen. */
  path: string;
  status: number;
  durationMs: number;
  /** The client went away before the answer was complete. */
  aborted?: true;
};

const MAX_PATH = 256;

/**
 * What is logged of one request — on purpose no header (Authorization,
 * Cookie, X-Forwarded-For), no address, no query and no body, so a log never
 * holds a secret, a ticket, contact details or a comment.
 */
export function requestLogLine(
  req: Pick<express.Request, "method" | "originalUrl">,
  answer: { requestId: string; status: number; durationMs: number; finished: boolean; route?: string },
): RequestLogLine {
  const path = req.originalUrl.split("?")[0]!.slice(0, MAX_PATH);
  const line: RequestLogLine = {
    requestId: answer.requestId,
    method: req.method,
    ...(answer.route ? { route: answer.route } : {}),
    path,
    status: answer.status,
    durationMs: Math.round(answer.durationMs * 10) / 10,
  };
  if (!answer.finished) line.aborted = true;
  return line;
}

/**
 * Gives each request an id (sent back as `X-Request-Id`, so a person can
 * quote it and an operator find the line) and logs one line when its
 * connection is done with it.
 */
export function requestLog(logger: Logger): express.RequestHandler {
  return (req, res, next) => {
    const requestId = crypto.randomUUID();
    const started = process.hrtime.bigint();
    const recorder = routeRecorder();
    res.locals.requestId = requestId;
    res.locals.noteRoute = recorder.note;
    res.setHeader("X-Request-Id", requestId);
    res.once("close", () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const line = requestLogLine(req, { requestId, status: res.statusCode, durationMs, finished: res.writableFinished, route: recorder.route() });
      if (line.status >= 500) logger.error(line, "request");
      else logger.info(line, "request");
    });
    next();
  };
}

/** Where a loader or action of this request notes its route for the log line {@link requestLog} writes. */
export function noteRouteOf(res: express.Response): NoteRoute | undefined {
  const note: unknown = res.locals.noteRoute;
  return typeof note === "function" ? (note as NoteRoute) : undefined;
}

/** The id {@link requestLog} gave this response's request. */
export function requestIdOf(res: express.Response): string | undefined {
  const id: unknown = res.locals.requestId;
  return typeof id === "string" ? id : undefined;
}
