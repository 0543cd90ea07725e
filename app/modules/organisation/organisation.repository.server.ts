import type { DB } from "#db/client";
import { vietnameseOrder } from "#db/dialect";
import { agencySubtree } from "~/domain/agency-tree";
import type { Named } from "./types";

export type { Named };

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
    .orderBy((eb) => vietnameseOrder(db, eb.fn.coalesce("parent.name_vi", "a.name_vi")))
    .orderBy(vietnameseOrder(db, "a.name_vi"))
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

/* ---------------------------------------------------------------------------
 * The organisation as the dashboard and the indices see it: every unit,
 * active or not (an inactive point keeps its history and figures).
 * ------------------------------------------------------------------------ */

export type SectorWithTarget = {
  id: number;
  code: string;
  name: Named;
  sortOrder: number;
  target: { value: number; comparator: ">=" | ">"; headline: "overall" | "answers" | "comprehensive"; minSample: number } | null;
};

/** Every sector with its target for one year (null where none is set). */
export async function listSectorsWithTargets(db: DB, year: number): Promise<SectorWithTarget[]> {
  const rows = await db
    .selectFrom("sectors as s")
    .leftJoin("sector_targets as t", (join) => join.onRef("t.sector_id", "=", "s.id").on("t.year", "=", year))
    .select(["s.id", "s.code", "s.name_vi", "s.name_en", "s.sort_order", "t.value", "t.comparator", "t.headline_index", "t.min_sample"])
    .orderBy("s.sort_order")
    .orderBy("s.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: { vi: r.name_vi, en: r.name_en },
    sortOrder: r.sort_order,
    target:
      r.value !== null && r.comparator !== null && r.headline_index !== null && r.min_sample !== null
        ? { value: r.value, comparator: r.comparator, headline: r.headline_index, minSample: r.min_sample }
        : null,
  }));
}

export type AgencyRecord = { id: number; code: string; parentId: number | null; name: Named; active: boolean };

export async function listAgencies(db: DB): Promise<AgencyRecord[]> {
  const rows = await db.selectFrom("agencies").selectAll().orderBy(vietnameseOrder(db, "name_vi")).orderBy("id").execute();
  return rows.map((r) => ({ id: r.id, code: r.code, parentId: r.parent_id, name: { vi: r.name_vi, en: r.name_en }, active: r.active === 1 }));
}

export type ServicePointRecord = {
  id: number;
  code: string;
  name: Named;
  agencyId: number;
  sectorIds: number[];
  active: boolean;
};

export async function listServicePoints(db: DB): Promise<ServicePointRecord[]> {
  const [points, links] = await Promise.all([
    db.selectFrom("service_points").selectAll().orderBy("code").execute(),
    db.selectFrom("service_point_sectors").selectAll().execute(),
  ]);
  return points.map((p) => ({
    id: p.id,
    code: p.code,
    name: { vi: p.name_vi, en: p.name_en },
    agencyId: p.agency_id,
    sectorIds: links.filter((l) => l.service_point_id === p.id).map((l) => l.sector_id),
    active: p.active === 1,
  }));
}

export type QuestionLabel = { questionnaireId: number; questionnaireCode: string; key: string; text: Named; position: number; type: string };

/** The wording citizens see now (the latest published version) of every question key. */
export async function listQuestionLabels(db: DB): Promise<QuestionLabel[]> {
  const rows = await db
    .selectFrom("questions as q")
    .innerJoin("questionnaire_versions as v", "v.id", "q.questionnaire_version_id")
    .innerJoin("questionnaires as qn", "qn.id", "v.questionnaire_id")
    .select(["v.questionnaire_id", "qn.code", "v.version", "q.key", "q.text_vi", "q.text_en", "q.position", "q.type"])
    .where("v.status", "=", "published")
    .orderBy("v.version", "desc")
    .execute();
  const latest = new Map<string, QuestionLabel>();
  for (const r of rows) {
    const id = `${r.questionnaire_id}:${r.key}`;
    if (latest.has(id)) continue;
    latest.set(id, {
      questionnaireId: r.questionnaire_id,
      questionnaireCode: r.code,
      key: r.key,
      text: { vi: r.text_vi, en: r.text_en },
      position: r.position,
      type: r.type,
    });
  }
  return [...latest.values()];
}

export async function listCriterionGroups(db: DB): Promise<Array<{ key: string; name: Named; sortOrder: number }>> {
  const rows = await db.selectFrom("criterion_groups").selectAll().orderBy("sort_order").execute();
  return rows.map((r) => ({ key: r.key, name: { vi: r.name_vi, en: r.name_en }, sortOrder: r.sort_order }));
}

export type ChoiceQuestionOptions = {
  questionnaireId: number;
  key: string;
  text: Named;
  options: Array<{ value: string; text: Named }>;
};

/** The options of every choice question, worded as in the latest published version. */
export async function listChoiceOptions(db: DB): Promise<ChoiceQuestionOptions[]> {
  const rows = await db
    .selectFrom("questions as q")
    .innerJoin("questionnaire_versions as v", "v.id", "q.questionnaire_version_id")
    .select(["v.questionnaire_id", "v.version", "q.key", "q.text_vi", "q.text_en", "q.options_json"])
    .where("v.status", "=", "published")
    .where("q.type", "=", "choice")
    .orderBy("v.version", "desc")
    .execute();
  const latest = new Map<string, ChoiceQuestionOptions>();
  for (const r of rows) {
    const id = `${r.questionnaire_id}:${r.key}`;
    if (latest.has(id)) continue;
    const options = JSON.parse(r.options_json ?? "[]") as Array<{ value: string; text: Named }>;
    latest.set(id, {
      questionnaireId: r.questionnaire_id,
      key: r.key,
      text: { vi: r.text_vi, en: r.text_en },
      options: options.map((o) => ({ value: o.value, text: { vi: o.text.vi, en: o.text.en } })),
    });
  }
  return [...latest.values()];
}

/* ---------------------------------------------------------------------------
 * QR posters: a point whatever its state, and every active point of an
 * agency's subtree.
 * ------------------------------------------------------------------------ */

export type PosterPointRecord = { code: string; name: Named; agency: { code: string; name: Named }; active: boolean };

/** Any service point by its code (active or not), with its agency; null when unknown. */
export async function getServicePointForPoster(db: DB, code: string): Promise<PosterPointRecord | null> {
  const row = await db
    .selectFrom("service_points as p")
    .innerJoin("agencies as a", "a.id", "p.agency_id")
    .select(["p.code", "p.name_vi", "p.name_en", "p.active", "a.code as agency_code", "a.name_vi as agency_name_vi", "a.name_en as agency_name_en"])
    .where("p.code", "=", code)
    .executeTakeFirst();
  if (!row) return null;
  return {
    code: row.code,
    name: { vi: row.name_vi, en: row.name_en },
    agency: { code: row.agency_code, name: { vi: row.agency_name_vi, en: row.agency_name_en } },
    active: row.active === 1,
  };
}

/**
 * An agency and the active points of it and of every agency under it, in
 * code order; null when no agency has that code.
 */
export async function listActivePointsUnderAgency(
  db: DB,
  agencyCode: string,
): Promise<{ agency: { code: string; name: Named }; points: PosterPointRecord[] } | null> {
  const agencies = await listAgencies(db);
  const root = agencies.find((a) => a.code === agencyCode);
  if (!root) return null;
  const subtree = agencySubtree(agencies, root.id);
  const rows = await db
    .selectFrom("service_points as p")
    .innerJoin("agencies as a", "a.id", "p.agency_id")
    .select(["p.code", "p.name_vi", "p.name_en", "a.code as agency_code", "a.name_vi as agency_name_vi", "a.name_en as agency_name_en"])
    .where("p.agency_id", "in", subtree)
    .where("p.active", "=", 1)
    .orderBy("p.code")
    .execute();
  return {
    agency: { code: root.code, name: root.name },
    points: rows.map((r) => ({
      code: r.code,
      name: { vi: r.name_vi, en: r.name_en },
      agency: { code: r.agency_code, name: { vi: r.agency_name_vi, en: r.agency_name_en } },
      active: true,
    })),
  };
}
