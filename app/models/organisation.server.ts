import type { DB } from "#db/client";

export type Named = { vi: string; en: string };

export type SurveyPoint = {
  id: number;
  code: string;
  name: Named;
  agency: { code: string; name: Named };
  sectors: Array<{ id: number; code: string; name: Named }>;
  /** The point's own questionnaire, else null (its sectors' one applies). */
  questionnaireId: number | null;
};

/** An active service point with what its survey page shows; null when unknown or inactive. */
export async function getActiveServicePoint(db: DB, code: string): Promise<SurveyPoint | null> {
  const point = await db
    .selectFrom("service_points as p")
    .innerJoin("agencies as a", "a.id", "p.agency_id")
    .select([
      "p.id",
      "p.code",
      "p.name_vi",
      "p.name_en",
      "p.questionnaire_id",
      "a.code as agency_code",
      "a.name_vi as agency_name_vi",
      "a.name_en as agency_name_en",
    ])
    .where("p.code", "=", code)
    .where("p.active", "=", 1)
    .executeTakeFirst();
  if (!point) return null;

  const sectors = await db
    .selectFrom("service_point_sectors as ps")
    .innerJoin("sectors as s", "s.id", "ps.sector_id")
    .select(["s.id", "s.code", "s.name_vi", "s.name_en", "s.questionnaire_id"])
    .where("ps.service_point_id", "=", point.id)
    .where("s.active", "=", 1)
    .orderBy("s.sort_order")
    .orderBy("s.id")
    .execute();
  if (sectors.length === 0) return null;

  return {
    id: point.id,
    code: point.code,
    name: { vi: point.name_vi, en: point.name_en },
    agency: {
      code: point.agency_code,
      name: { vi: point.agency_name_vi, en: point.agency_name_en },
    },
    sectors: sectors.map((s) => ({ id: s.id, code: s.code, name: { vi: s.name_vi, en: s.name_en } })),
    questionnaireId:
      point.questionnaire_id ?? sectors.find((s) => s.questionnaire_id !== null)?.questionnaire_id ?? null,
  };
}

export type AgencyWithPoints = {
  code: string;
  name: Named;
  /** The agency it sits under (a department's desk at the provincial centre), if any. */
  parentName: Named | null;
  points: Array<{ code: string; name: Named }>;
};

/** Every active service point, grouped by its agency, for citizens who could not scan. */
export async function listActiveServicePointsByAgency(db: DB): Promise<AgencyWithPoints[]> {
  const rows = await db
    .selectFrom("service_points as p")
    .innerJoin("agencies as a", "a.id", "p.agency_id")
    .leftJoin("agencies as parent", "parent.id", "a.parent_id")
    .select([
      "a.code as agency_code",
      "a.name_vi as agency_name_vi",
      "a.name_en as agency_name_en",
      "parent.name_vi as parent_name_vi",
      "parent.name_en as parent_name_en",
      "p.code",
      "p.name_vi",
      "p.name_en",
    ])
    .where("p.active", "=", 1)
    .where("a.active", "=", 1)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("service_point_sectors as ps")
          .innerJoin("sectors as s", "s.id", "ps.sector_id")
          .whereRef("ps.service_point_id", "=", "p.id")
          .where("s.active", "=", 1)
          .select("ps.sector_id"),
      ),
    )
    // Desks of one centre stay together: sort by the parent's name, then the agency's.
    .orderBy((eb) => eb.fn.coalesce("parent.name_vi", "a.name_vi"))
    .orderBy("a.name_vi")
    .orderBy("p.code")
    .execute();

  const byAgency = new Map<string, AgencyWithPoints>();
  for (const row of rows) {
    let agency = byAgency.get(row.agency_code);
    if (!agency) {
      agency = {
        code: row.agency_code,
        name: { vi: row.agency_name_vi, en: row.agency_name_en },
        parentName:
          row.parent_name_vi !== null && row.parent_name_en !== null
            ? { vi: row.parent_name_vi, en: row.parent_name_en }
            : null,
        points: [],
      };
      byAgency.set(row.agency_code, agency);
    }
    agency.points.push({ code: row.code, name: { vi: row.name_vi, en: row.name_en } });
  }
  return [...byAgency.values()];
}
