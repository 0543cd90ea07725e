import { inject } from "vitest";
import { openDatabase, type DB } from "#db/client";

/** The database of the server under test, to check what a request stored. */
export function openServerDatabase(): DB {
  return openDatabase(inject("serverDatabase"));
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

export type StoredResponse = {
  servicePoint: string;
  sector: string;
  channel: string;
  locale: string;
  answeredAt: string;
  flagReasons: string[];
};

/** The response stored under a client id, as the dashboard would read it; undefined when none. */
export async function findStoredResponse(db: DB, clientId: string): Promise<StoredResponse | undefined> {
  const row = await db
    .selectFrom("responses as r")
    .innerJoin("service_points as p", "p.id", "r.service_point_id")
    .innerJoin("sectors as s", "s.id", "r.sector_id")
    .select(["p.code as servicePoint", "s.code as sector", "r.channel", "r.locale", "r.answered_at", "r.flag_reason"])
    .where("r.client_id", "=", clientId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    servicePoint: row.servicePoint,
    sector: row.sector,
    channel: row.channel,
    locale: row.locale,
    answeredAt: row.answered_at,
    flagReasons: row.flag_reason ? row.flag_reason.split(",") : [],
  };
}

/** The stored answers of one response by question key: a score, "na", an option, a number or text. */
export async function findStoredAnswers(db: DB, clientId: string): Promise<Record<string, string | number>> {
  const rows = await db
    .selectFrom("answers as a")
    .innerJoin("responses as r", "r.id", "a.response_id")
    .innerJoin("questions as q", "q.id", "a.question_id")
    .select(["q.key", "a.score", "a.is_na", "a.choice_value", "a.number_value", "a.text_value"])
    .where("r.client_id", "=", clientId)
    .execute();
  return Object.fromEntries(
    rows.map((a) => [a.key, a.is_na ? "na" : (a.score ?? a.choice_value ?? a.number_value ?? a.text_value ?? "")]),
  );
}

export async function findServicePointId(db: DB, code: string): Promise<number> {
  const row = await db.selectFrom("service_points").select("id").where("code", "=", code).executeTakeFirstOrThrow();
  return row.id;
}
