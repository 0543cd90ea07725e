import type { DB } from "#db/client";
import type { PublicationKind } from "~/domain/publication";

/** One revision of a published period, without its snapshot. */
export type PublicationRecord = {
  id: number;
  period: string;
  kind: PublicationKind;
  from: string;
  to: string;
  revision: number;
  publishedAt: string;
  publishedBy: string | null;
  note: string | null;
  etag: string;
};

const RECORD = [
  "p.id",
  "p.period",
  "p.kind",
  "p.from_date",
  "p.to_date",
  "p.revision",
  "p.published_at",
  "p.note",
  "p.etag",
  "u.name as published_by",
] as const;

type Row = {
  id: number;
  period: string;
  kind: PublicationKind;
  from_date: string;
  to_date: string;
  revision: number;
  published_at: string;
  note: string | null;
  etag: string;
  published_by: string | null;
};

const record = (r: Row): PublicationRecord => ({
  id: r.id,
  period: r.period,
  kind: r.kind,
  from: r.from_date,
  to: r.to_date,
  revision: r.revision,
  publishedAt: r.published_at,
  publishedBy: r.published_by,
  note: r.note,
  etag: r.etag,
});

const records = (db: DB) => db.selectFrom("publications as p").leftJoin("users as u", "u.id", "p.published_by_user_id").select(RECORD);

/** Every revision of one period, newest first. */
export async function listRevisions(db: DB, period: string): Promise<PublicationRecord[]> {
  return listRevisionsOf(db, [period]);
}

/** Every revision of these periods, each period's newest first. */
export async function listRevisionsOf(db: DB, periods: readonly string[]): Promise<PublicationRecord[]> {
  if (periods.length === 0) return [];
  return (await records(db).where("p.period", "in", [...periods]).orderBy("p.period").orderBy("p.revision", "desc").execute()).map(record);
}

/** The current (highest) revision of every published period, newest period first. */
export async function listCurrentPublications(db: DB): Promise<PublicationRecord[]> {
  const rows = await records(db)
    .where((eb) =>
      eb(
        "p.revision",
        "=",
        eb.selectFrom("publications as q").select((q) => q.fn.max("q.revision").as("r")).whereRef("q.period", "=", "p.period"),
      ),
    )
    .orderBy("p.to_date", "desc")
    .orderBy("p.kind")
    .execute();
  return rows.map(record);
}

export async function latestRevisionNumber(db: DB, period: string): Promise<number> {
  const row = await db.selectFrom("publications").select((eb) => eb.fn.max("revision").as("r")).where("period", "=", period).executeTakeFirst();
  return Number(row?.r ?? 0);
}

export async function readSnapshotJson(db: DB, id: number): Promise<string> {
  return (await db.selectFrom("publications").select("snapshot_json").where("id", "=", id).executeTakeFirstOrThrow()).snapshot_json;
}

export async function insertPublication(
  db: DB,
  p: { period: string; kind: PublicationKind; from: string; to: string; revision: number; userId: number | null; note: string | null; json: string; etag: string; at: string },
): Promise<number> {
  const { id } = await db
    .insertInto("publications")
    .values({
      period: p.period,
      kind: p.kind,
      from_date: p.from,
      to_date: p.to,
      revision: p.revision,
      published_by_user_id: p.userId,
      published_at: p.at,
      note: p.note,
      snapshot_json: p.json,
      etag: p.etag,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}
