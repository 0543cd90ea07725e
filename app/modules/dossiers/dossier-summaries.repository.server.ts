import { sql, type ExpressionBuilder } from "kysely";
import type { DB } from "#db/client";
import { vietnamDateOf } from "#db/dialect";
import { DOSSIER_SUMMARY_COUNTERS, type DossierFacts, type DossierSummaryDelta } from "~/domain/dossier-contribution";

/** Ids per statement: far below either engine's limit on bound parameters. */
const CHUNK = 500;

/** The roll-up's view of each dossier (app/domain/dossier-contribution.ts), by id; missing ids are not stored. */
export async function readDossierFacts(db: DB, ids: readonly number[]): Promise<Map<number, DossierFacts>> {
  const out = new Map<number, DossierFacts>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom("dossiers as d")
      .leftJoin("apologies as a", "a.dossier_id", "d.id")
      .leftJoin("responses as r", "r.ticket_id", "d.ticket_id")
      .select([
        "d.id", "d.service_point_id", "d.sector_id", "d.received_at", "d.returned_at", "d.late_at",
        "a.status as apology_status", "a.sent_at as apology_sent_at", "a.due_by as apology_due_by", "r.id as response_id",
      ])
      .where("d.id", "in", ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) {
      out.set(r.id, {
        servicePointId: r.service_point_id,
        sectorId: r.sector_id,
        receivedAt: r.received_at,
        returnedAt: r.returned_at,
        lateAt: r.late_at,
        apology: r.apology_status === null ? null : { status: r.apology_status, sentAt: r.apology_sent_at, dueBy: r.apology_due_by! },
        responded: r.response_id !== null,
      });
    }
  }
  return out;
}

/**
 * Adds each delta to its daily roll-up row and to its month's, making a row
 * when it is the first of its day (or month), point and sector.
 */
export async function applyDossierSummaryDeltas(db: DB, deltas: readonly DossierSummaryDelta[]): Promise<void> {
  const months = new Map<string, DossierSummaryDelta>();
  for (const d of deltas) {
    const key = `${d.day.slice(0, 7)}|${d.servicePointId}|${d.sectorId}`;
    const month = months.get(key);
    if (!month) months.set(key, { ...d, day: d.day.slice(0, 7), counts: { ...d.counts } });
    else for (const c of DOSSIER_SUMMARY_COUNTERS) month.counts[c] += d.counts[c];
  }
  const monthly = [...months.values()];
  for (let i = 0; i < deltas.length; i += CHUNK) {
    await db
      .insertInto("dossier_day_summaries")
      .values(deltas.slice(i, i + CHUNK).map((d) => ({ day: d.day, service_point_id: d.servicePointId, sector_id: d.sectorId, ...d.counts })))
      .onConflict((oc) => oc.columns(["day", "service_point_id", "sector_id"]).doUpdateSet((eb) => addedUp(eb, "dossier_day_summaries")))
      .execute();
  }
  for (let i = 0; i < monthly.length; i += CHUNK) {
    await db
      .insertInto("dossier_month_summaries")
      .values(monthly.slice(i, i + CHUNK).map((d) => ({ month: d.day, service_point_id: d.servicePointId, sector_id: d.sectorId, ...d.counts })))
      .onConflict((oc) => oc.columns(["month", "service_point_id", "sector_id"]).doUpdateSet((eb) => addedUp(eb, "dossier_month_summaries")))
      .execute();
  }
}

/** `counter = stored + excluded` for every counter. */
function addedUp(eb: ExpressionBuilder<any, any>, table: string) {
  return Object.fromEntries(DOSSIER_SUMMARY_COUNTERS.map((c) => [c, eb(eb.ref(`${table}.${c}`), "+", eb.ref(`excluded.${c}`))]));
}

/** The dossier whose survey ticket this is, if any. */
export async function findDossierIdByTicket(db: DB, ticketId: number): Promise<number | null> {
  const row = await db.selectFrom("dossiers").select("id").where("ticket_id", "=", ticketId).executeTakeFirst();
  return row?.id ?? null;
}

export type DossierSummaryRow = { day: string; servicePointId: number; sectorId: number } & Record<(typeof DOSSIER_SUMMARY_COUNTERS)[number], number>;

/** The daily roll-up as stored, or the monthly one (its `day` is then the month), rows with a count only, in key order. */
export async function storedDossierSummaries(db: DB, grain: "day" | "month" = "day"): Promise<DossierSummaryRow[]> {
  const table = grain === "day" ? "dossier_day_summaries" : "dossier_month_summaries";
  const result = await sql<Record<string, unknown>>`
    select ${sql.ref(grain)} as day, service_point_id, sector_id, ${sql.join(DOSSIER_SUMMARY_COUNTERS.map((c) => sql.ref(c)))}
    from ${sql.table(table)} order by 1, 2, 3`.execute(db);
  return result.rows.map(rowOf).filter((r) => DOSSIER_SUMMARY_COUNTERS.some((c) => r[c] !== 0));
}

/** The roll-up recounted from the dossiers themselves, for `npm run db:check-summaries`. */
export async function recountDossierSummaries(db: DB): Promise<DossierSummaryRow[]> {
  const received = vietnamDateOf(db, sql.ref("d.received_at"));
  const returned = vietnamDateOf(db, sql.ref("d.returned_at"));
  const late = vietnamDateOf(db, sql.ref("d.late_at"));
  const result = await sql<Record<string, unknown>>`
    select day, service_point_id, sector_id, sum(received) as received, sum(returned) as returned,
      sum(returned_late) as returned_late, sum(ticket_responses) as ticket_responses,
      sum(apologies_required) as apologies_required, sum(apologies_sent) as apologies_sent,
      sum(apologies_sent_in_time) as apologies_sent_in_time
    from (
      select ${received} as day, d.service_point_id, d.sector_id, 1 as received, 0 as returned, 0 as returned_late,
        0 as ticket_responses, 0 as apologies_required, 0 as apologies_sent, 0 as apologies_sent_in_time
      from dossiers d
      union all
      select ${returned}, d.service_point_id, d.sector_id, 0, 1, case when d.late_at is not null then 1 else 0 end,
        case when r.id is not null then 1 else 0 end, 0, 0, 0
      from dossiers d left join responses r on r.ticket_id = d.ticket_id
      where d.returned_at is not null
      union all
      select ${late}, d.service_point_id, d.sector_id, 0, 0, 0, 0, 1,
        case when a.status = 'sent' then 1 else 0 end,
        case when a.status = 'sent' and a.sent_at <= a.due_by then 1 else 0 end
      from dossiers d join apologies a on a.dossier_id = d.id
      where d.late_at is not null
    ) shares
    group by day, service_point_id, sector_id
    order by day, service_point_id, sector_id
  `.execute(db);
  return result.rows.map(rowOf);
}

/** A row as either engine returns it (PostgreSQL sums are text), with numbers. */
function rowOf(r: Record<string, unknown>): DossierSummaryRow {
  const row = { day: String(r.day), servicePointId: Number(r.service_point_id), sectorId: Number(r.sector_id) } as DossierSummaryRow;
  for (const c of DOSSIER_SUMMARY_COUNTERS) row[c] = Number(r[c] ?? 0);
  return row;
}

/** The recount summed by month, as the monthly roll-up should hold it. */
function byMonth(rows: readonly DossierSummaryRow[]): DossierSummaryRow[] {
  const months = new Map<string, DossierSummaryRow>();
  for (const r of rows) {
    const key = `${r.day.slice(0, 7)}|${r.servicePointId}|${r.sectorId}`;
    const month = months.get(key);
    if (!month) months.set(key, { ...r, day: r.day.slice(0, 7) });
    else for (const c of DOSSIER_SUMMARY_COUNTERS) month[c] += r[c];
  }
  return [...months.values()];
}

/** The roll-up rows, daily and monthly, that differ from a recount (both sides shown; a missing side is null). */
export async function compareDossierSummariesWithRaw(
  db: DB,
): Promise<Array<{ key: string; stored: DossierSummaryRow | null; recounted: DossierSummaryRow | null }>> {
  const [days, months, recounted] = await Promise.all([storedDossierSummaries(db, "day"), storedDossierSummaries(db, "month"), recountDossierSummaries(db)]);
  const differences = (grain: string, stored: readonly DossierSummaryRow[], expected: readonly DossierSummaryRow[]) => {
    const keyOf = (r: DossierSummaryRow) => `${grain} ${r.day}|${r.servicePointId}|${r.sectorId}`;
    const byKey = new Map<string, { stored: DossierSummaryRow | null; recounted: DossierSummaryRow | null }>();
    for (const r of stored) byKey.set(keyOf(r), { stored: r, recounted: null });
    for (const r of expected) byKey.set(keyOf(r), { stored: byKey.get(keyOf(r))?.stored ?? null, recounted: r });
    return [...byKey.entries()].filter(([, v]) => JSON.stringify(v.stored) !== JSON.stringify(v.recounted)).map(([key, v]) => ({ key, ...v }));
  };
  return [...differences("day", days, recounted), ...differences("month", months, byMonth(recounted))];
}

/** Replaces the roll-up by a recount of the dossiers (after a bulk load that bypassed the use cases), in one transaction. */
export async function rebuildDossierSummaries(db: DB): Promise<void> {
  await db.transaction().execute((trx) => recountIntoDossierSummaries(trx));
}

/** The same inside the caller's transaction: the demo seed's, whose bulk inserts bypass the use cases. */
export async function recountIntoDossierSummaries(trx: DB): Promise<void> {
  await trx.deleteFrom("dossier_day_summaries").execute();
  await trx.deleteFrom("dossier_month_summaries").execute();
  const rows = await recountDossierSummaries(trx);
  await applyDossierSummaryDeltas(
    trx,
    rows.map(({ day, servicePointId, sectorId, ...counts }) => ({ day, servicePointId, sectorId, counts })),
  );
}
