import { sql } from "kysely";
import type { DB } from "#db/client";
import { likeIgnoringCase } from "#db/dialect";
import type { AuditEntry } from "#db/schema";
import type { Actor, AuditFilter, AuditPage, AuditRecord } from "./types";

export type { Actor };

export type AuditChange = {
  action: string;
  entityType: string;
  entityId: number | null;
  /** What a person reads in the log: a code, an email, a name. */
  label: string;
  before?: unknown;
  after?: unknown;
};

function asJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/**
 * Records one change. Call it with the transaction that makes the change, so
 * the change and its record are written together or not at all.
 */
export async function recordAudit(db: DB, actor: Actor, change: AuditChange, at = new Date()): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      at: at.toISOString(),
      actor_user_id: actor.userId,
      actor_name: actor.name,
      action: change.action,
      entity_type: change.entityType,
      entity_id: change.entityId,
      entity_label: change.label,
      before_json: asJson(change.before),
      after_json: asJson(change.after),
    })
    .execute();
}

function auditRowToRecord(row: AuditEntry): AuditRecord {
  return {
    id: row.id,
    at: row.at,
    actorUserId: row.actor_user_id,
    actorName: row.actor_name,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    label: row.entity_label,
    beforeJson: row.before_json,
    afterJson: row.after_json,
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Newest first, filtered, one page at a time. */
export async function listAudit(db: DB, filter: AuditFilter, page: { limit: number; offset: number }): Promise<AuditPage> {
  let query = db.selectFrom("audit_log");
  if (filter.entityType) query = query.where("entity_type", "=", filter.entityType);
  if (filter.action) query = query.where("action", "=", filter.action);
  if (filter.actor) query = query.where("actor_name", "=", filter.actor);
  if (filter.from) query = query.where("at", ">=", filter.from);
  if (filter.to) query = query.where("at", "<", filter.to);
  if (filter.q) {
    const like = `%${escapeLike(filter.q)}%`;
    const contains = (column: "entity_label" | "before_json" | "after_json") => likeIgnoringCase(db, sql.ref(column), like);
    query = query.where((eb) => eb.or([contains("entity_label"), contains("before_json"), contains("after_json")]));
  }
  const [entries, count] = await Promise.all([
    query.selectAll().orderBy("id", "desc").limit(page.limit).offset(page.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { entries: entries.map(auditRowToRecord), total: Number(count.n) };
}

/** The values the filters offer: entity types, actions and actors that occur in the log. */
export async function auditFacets(db: DB): Promise<{ entityTypes: string[]; actions: string[]; actors: string[] }> {
  const distinct = async (column: "entity_type" | "action" | "actor_name") =>
    (await db.selectFrom("audit_log").select(column).distinct().orderBy(column).execute()).map((r) => r[column] as string);
  const [entityTypes, actions, actors] = await Promise.all([distinct("entity_type"), distinct("action"), distinct("actor_name")]);
  return { entityTypes, actions, actors };
}
