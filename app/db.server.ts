import { openDatabase, type DB } from "#db/client";
import { env } from "./env.server";

let db: DB | undefined;

/** The process's one database connection (migrated by the start script). */
export function getDb(): DB {
  db ??= openDatabase(env().databaseUrl);
  return db;
}
