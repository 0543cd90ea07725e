import { type CreateTableBuilder, type Kysely, sql } from "kysely";
import { vietnamDateOfText } from "./dialect";

// Frozen in time: never import app code here, never edit after it has shipped.
export async function up(db: Kysely<any>): Promise<void> {
  // The timeliness roll-up: one row per Vietnam day, service point and sector,
  // each counter dated by the dossier instant it counts by (received, returned,
  // became late), kept in step by every write in the same transaction.
  // Its monthly twin (Vietnam month `YYYY-MM`) lets a year read twelve rows
  // per point and sector instead of 365, the edge days from the daily rows.
  for (const [name, period] of [["dossier_day_summaries", "day"], ["dossier_month_summaries", "month"]] as const) {
    let table: CreateTableBuilder<string, string> = db.schema.createTable(name).addColumn(period, "text", (c) => c.notNull());
    table = table.addColumn("service_point_id", "integer", (c) => c.notNull().references("service_points.id"));
    table = table.addColumn("sector_id", "integer", (c) => c.notNull().references("sectors.id"));
    for (const counter of ["received", "returned", "returned_late", "ticket_responses", "apologies_required", "apologies_sent", "apologies_sent_in_time"]) {
      table = table.addColumn(counter, "integer", (c) => c.notNull().defaultTo(0));
    }
    await table.addPrimaryKeyConstraint(`${name}_pk`, [period, "service_point_id", "sector_id"]).execute();
    await db.schema.createIndex(`${name}_sector`).on(name).columns(["sector_id", period]).execute();
  }

  // The backlog: unreturned dossiers, late or not (the overdue count), read
  // from the index alone. Point first: grouped by point, SQLite would
  // otherwise walk the full point index of every dossier to save one sort;
  // the open dossiers are few (work in progress), so reading all is cheap.
  await sql`create index dossiers_open_due on dossiers (service_point_id, sector_id, due_at) where returned_at is null`.execute(db);

  // Dossiers stored before the roll-up existed.
  const received = vietnamDateOfText(db, "d.received_at");
  const returned = vietnamDateOfText(db, "d.returned_at");
  const late = vietnamDateOfText(db, "d.late_at");
  await sql`
    insert into dossier_day_summaries (day, service_point_id, sector_id, received, returned, returned_late,
      ticket_responses, apologies_required, apologies_sent, apologies_sent_in_time)
    select day, service_point_id, sector_id, sum(received), sum(returned), sum(returned_late), sum(ticket_responses),
      sum(apologies_required), sum(apologies_sent), sum(apologies_sent_in_time)
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
  `.execute(db);
  await sql`
    insert into dossier_month_summaries (month, service_point_id, sector_id, received, returned, returned_late,
      ticket_responses, apologies_required, apologies_sent, apologies_sent_in_time)
    select substr(day, 1, 7), service_point_id, sector_id, sum(received), sum(returned), sum(returned_late),
      sum(ticket_responses), sum(apologies_required), sum(apologies_sent), sum(apologies_sent_in_time)
    from dossier_day_summaries
    group by substr(day, 1, 7), service_point_id, sector_id
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index dossiers_open_due`.execute(db);
  await db.schema.dropTable("dossier_month_summaries").execute();
  await db.schema.dropTable("dossier_day_summaries").execute();
}
