import type { DB } from "#db/client";
import type { AdminCounts } from "./types";

/** How much is set up: what the console's first page shows. */
export async function adminCounts(db: DB): Promise<AdminCounts> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom("sectors").where("active", "=", 1).select(eb.fn.countAll<number>().as("n")).as("sectors"),
      eb.selectFrom("agencies").where("active", "=", 1).select(eb.fn.countAll<number>().as("n")).as("agencies"),
      eb.selectFrom("service_points").where("active", "=", 1).select(eb.fn.countAll<number>().as("n")).as("servicePoints"),
      eb.selectFrom("service_points").where("active", "=", 0).select(eb.fn.countAll<number>().as("n")).as("inactiveServicePoints"),
      eb.selectFrom("questionnaires").select(eb.fn.countAll<number>().as("n")).as("questionnaires"),
      eb.selectFrom("questionnaire_versions").where("status", "=", "draft").select(eb.fn.countAll<number>().as("n")).as("drafts"),
      eb.selectFrom("users").where("active", "=", 1).select(eb.fn.countAll<number>().as("n")).as("users"),
      eb.selectFrom("api_tokens").where("revoked_at", "is", null).select(eb.fn.countAll<number>().as("n")).as("activeTokens"),
    ])
    .executeTakeFirstOrThrow();
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as AdminCounts;
}
