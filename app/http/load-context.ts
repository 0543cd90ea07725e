import type { DB } from "#db/client";
import type { NoteRoute } from "./route-names.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as the server saw it (after any trusted proxy). */
    clientIp: string;
    /** The process's database: routes hand it to module services. */
    db: DB;
    /** This response's Content-Security-Policy nonce: every inline script the server renders carries it. */
    cspNonce: string;
    /** Tells the request log which route ran (set by the Express front; absent in unit tests). */
    noteRoute?: NoteRoute;
  }
}

export {};
