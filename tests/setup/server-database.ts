import { inject } from "vitest";
import { openDatabase, type DB } from "#db/client";

/** The database of the server under test, to check what a request stored. */
export function openServerDatabase(): DB {
  return openDatabase(`file:${inject("serverDatabase")}`);
}

export async function countResponses(db: DB, where: { clientId?: string; servicePoint?: string } = {}): Promise<number> {
  let query = db
    .selectFrom("responses as r")
    .innerJoin("service_points as p", "p.id", "r.service_point_id")
    .select((eb) => eb.fn.countAll<number>().as("n"));
  if (where.clientId) query = query.where("r.client_id", "=", where.clientId);
  if (where.servicePoint) query = query.where("p.code", "=", where.servicePoint);
  return Number((await query.executeTakeFirstOrThrow()).n);
}
