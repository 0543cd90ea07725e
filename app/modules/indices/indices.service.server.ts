import { agencySubtree } from "~/domain/agency-tree";
import type { IndexGrouping, IndexQuery } from "~/domain/index-query";
import {
  computeAnswerIndices,
  computeIndices,
  emptyAnswerSums,
  emptySums,
  mergeAnswerSums,
  mergeSums,
  type AnswerIndices,
  type AnswerSums,
  type Indices,
  type IndexSums,
} from "~/domain/index-engine";
import { periodKeyOf, periodKeysBetween, PERIOD_GRANULARITIES, type PeriodGranularity } from "~/domain/periods";
import { headlineFigure, judgeStatus, type EstimateSide, type Headline, type TargetStatus } from "~/domain/targets";
import { sumGroups, sumQuestions, sumResponses, type SummaryScope } from "./indices.repository.server";
import {
  listAgencies,
  listCriterionGroups,
  listQuestionLabels,
  listSectorsWithTargets,
  listServicePoints,
  type AgencyRecord,
  type SectorWithTarget,
  type ServicePointRecord,
} from "~/modules/organisation/organisation.repository.server";
import { getDb } from "~/db.server";

/** Which sectors a caller may see: null for every sector. */
export type SectorAccess = { sectorIds: readonly number[] | null };

export type IndexRow = {
  key: string;
  label: string;
  /** The sectors whose responses the row holds. */
  sectors: string[];
  indices: Indices | (AnswerIndices & { respondents: number });
  headline: Headline | null;
  target: { value: number; comparator: ">=" | ">"; minSample: number } | null;
  status: TargetStatus | null;
  side: EstimateSide | null;
};

export type IndexResult = { kind: "ok"; query: IndexQuery; rows: IndexRow[]; sectors: SectorWithTarget[] } | ScopeProblem;

const isPeriod = (g: IndexGrouping): g is PeriodGranularity => (PERIOD_GRANULARITIES as readonly string[]).includes(g);

type Accumulated<S> = { sums: S; sectorIds: Set<number> };

function accumulate<S>(
  rows: Array<{ key: string; sectorIds: readonly number[]; sums: S }>,
  keyOf: (key: string) => string,
  empty: () => S,
  merge: (a: S, b: S) => S,
): Map<string, Accumulated<S>> {
  const out = new Map<string, Accumulated<S>>();
  for (const row of rows) {
    const key = keyOf(row.key);
    const acc = out.get(key) ?? { sums: empty(), sectorIds: new Set<number>() };
    acc.sums = merge(acc.sums, row.sums);
    for (const id of row.sectorIds) acc.sectorIds.add(id);
    out.set(key, acc);
  }
  return out;
}

/** The filters of a query that pick responses: the same for the indices and the exports. */
export type ScopeQuery = Pick<IndexQuery, "from" | "to" | "sector" | "agency" | "servicePoint" | "includeFlagged">;

export type ScopeProblem =
  | { kind: "bad_parameter"; parameter: string; message: string }
  | { kind: "forbidden"; parameter: string };

export type ResolvedScope = { kind: "ok"; scope: SummaryScope } | ScopeProblem;

/** What scope resolution needs to know of the organisation: passed in so a caller that has it loaded reads it once. */
export type ScopeOrganisation = {
  sectors: ReadonlyArray<{ id: number; code: string }>;
  agencies: readonly AgencyRecord[];
  points: readonly ServicePointRecord[];
};

/**
 * Turns the codes of a query into the ids of the responses it covers, within
 * the caller's sectors: an unknown code is a bad parameter (a typo must not
 * look like "no data"), a sector or point outside the caller's sectors is
 * forbidden. An agency filter covers its whole subtree.
 */
export function resolveScopeIn(org: ScopeOrganisation, query: ScopeQuery, access: SectorAccess): ResolvedScope {
  const visible = (sectorId: number) => access.sectorIds === null || access.sectorIds.includes(sectorId);

  let sectorIds: number[] | null = access.sectorIds ? [...access.sectorIds] : null;
  if (query.sector !== null) {
    const sector = org.sectors.find((s) => s.code === query.sector);
    if (!sector) return { kind: "bad_parameter", parameter: "sector", message: `unknown sector "${query.sector}"` };
    if (!visible(sector.id)) return { kind: "forbidden", parameter: "sector" };
    sectorIds = [sector.id];
  }

  let pointIds: number[] | null = null;
  if (query.agency !== null) {
    const agency = org.agencies.find((a) => a.code === query.agency);
    if (!agency) return { kind: "bad_parameter", parameter: "agency", message: `unknown agency "${query.agency}"` };
    const subtree = new Set(agencySubtree(org.agencies, agency.id));
    pointIds = org.points.filter((p) => subtree.has(p.agencyId)).map((p) => p.id);
  }
  if (query.servicePoint !== null) {
    const point = org.points.find((p) => p.code === query.servicePoint);
    if (!point) {
      return { kind: "bad_parameter", parameter: "servicePoint", message: `unknown service point "${query.servicePoint}"` };
    }
    if (!point.sectorIds.some(visible)) return { kind: "forbidden", parameter: "servicePoint" };
    pointIds = pointIds === null ? [point.id] : pointIds.filter((id) => id === point.id);
  }

  return {
    kind: "ok",
    scope: { from: query.from, to: query.to, sectorIds, servicePointIds: pointIds, includeFlagged: query.includeFlagged },
  };
}

/** {@link resolveScopeIn} with the organisation read from the database. */
export async function resolveScope(query: ScopeQuery, access: SectorAccess): Promise<ResolvedScope> {
  const db = getDb();
  const [sectors, agencies, points] = await Promise.all([
    listSectorsWithTargets(db, Number(query.to.slice(0, 4))),
    listAgencies(db),
    listServicePoints(db),
  ]);
  return resolveScopeIn({ sectors, agencies, points }, query, access);
}

/**
 * Satisfaction indices of the responses a caller may see, grouped as asked,
 * each row judged against its sector's target for the year the range ends in
 * when all its responses belong to one sector.
 */
export async function computeIndexRows(query: IndexQuery, access: SectorAccess): Promise<IndexResult> {
  const db = getDb();
  const year = Number(query.to.slice(0, 4));
  const [sectors, agencies, points] = await Promise.all([
    listSectorsWithTargets(db, year),
    listAgencies(db),
    listServicePoints(db),
  ]);
  const resolved = resolveScopeIn({ sectors, agencies, points }, query, access);
  if (resolved.kind !== "ok") return resolved;
  const { scope } = resolved;
  const sectorIds = scope.sectorIds;

  const sectorById = new Map(sectors.map((s) => [s.id, s]));
  const name = (n: { vi: string; en: string }) => n[query.locale];

  const judge = <S>(key: string, label: string, acc: Accumulated<S>, indices: IndexRow["indices"]): IndexRow => {
    const rowSectors = [...acc.sectorIds].map((id) => sectorById.get(id)!).filter(Boolean);
    const only = rowSectors.length === 1 ? rowSectors[0]! : null;
    const target = only?.target ?? null;
    // Question and group rows have only the answer-level rate: that is what they are judged on.
    const headline: Headline | null = target ? ("overall" in indices ? target.headline : "answers") : null;
    const judgement = target && headline ? judgeStatus(headlineFigure(asJudgeable(indices), headline), target) : null;
    return {
      key,
      label,
      sectors: rowSectors.map((s) => s.code),
      indices,
      headline,
      target: target ? { value: target.value, comparator: target.comparator, minSample: target.minSample } : null,
      status: judgement?.status ?? null,
      side: judgement?.side ?? null,
    };
  };

  const g = query.groupBy;
  if (g === "question" || g === "group") {
    const rows = g === "question" ? await questionRows(scope) : await groupRows(scope);
    return {
      kind: "ok",
      query,
      sectors,
      rows: rows.map((r) => judge(r.key, name(r.label), r.acc, { ...computeAnswerIndices(r.acc.sums), respondents: r.acc.sums.clusters })),
    };
  }

  const dimension = isPeriod(g) ? "date" : g;
  const summed = await sumResponses(db, scope, dimension);
  const keyOf = isPeriod(g) ? (date: string) => periodKeyOf(date, g) : (id: string) => id;
  const grouped = accumulate(summed, keyOf, emptySums, mergeSums);

  let ordered: Array<{ key: string; label: string; acc: Accumulated<IndexSums> }>;
  if (isPeriod(g)) {
    // Every period of the range, empty ones included, so a trend has no silent gaps.
    ordered = periodKeysBetween(query.from, query.to, g).map((key) => ({
      key,
      label: key,
      acc: grouped.get(key) ?? { sums: emptySums(), sectorIds: new Set(sectorIds?.length === 1 ? sectorIds : []) },
    }));
  } else if (g === "sector") {
    ordered = sectors
      .filter((s) => grouped.has(String(s.id)))
      .map((s) => ({ key: s.code, label: name(s.name), acc: grouped.get(String(s.id))! }));
  } else if (g === "agency") {
    ordered = agencies
      .filter((a) => grouped.has(String(a.id)))
      .map((a) => ({ key: a.code, label: name(a.name), acc: grouped.get(String(a.id))! }));
  } else {
    ordered = points
      .filter((p) => grouped.has(String(p.id)))
      .map((p) => ({ key: p.code, label: name(p.name), acc: grouped.get(String(p.id))! }));
  }
  return { kind: "ok", query, sectors, rows: ordered.map((r) => judge(r.key, r.label, r.acc, computeIndices(r.acc.sums))) };

  async function questionRows(s: SummaryScope) {
    const [summedQuestions, labels] = await Promise.all([sumQuestions(db, s), listQuestionLabels(db)]);
    const labelOf = new Map(labels.map((l) => [`${l.questionnaireId}:${l.key}`, l]));
    const grouped = accumulate(
      summedQuestions.map((q) => ({ key: `${q.questionnaireId}:${q.key}`, sectorIds: [q.sectorId], sums: q.sums })),
      (k) => k,
      emptyAnswerSums,
      mergeAnswerSums,
    );
    const keyCount = new Map<string, number>();
    for (const id of grouped.keys()) {
      const key = id.split(":")[1]!;
      keyCount.set(key, (keyCount.get(key) ?? 0) + 1);
    }
    return [...grouped]
      .map(([id, acc]) => ({ id, acc, label: labelOf.get(id) }))
      .filter((r): r is { id: string; acc: Accumulated<AnswerSums>; label: NonNullable<typeof r.label> } => r.label !== undefined)
      .sort((a, b) => a.label.questionnaireCode.localeCompare(b.label.questionnaireCode) || a.label.position - b.label.position)
      .map((r) => ({
        // The stable key; prefixed by its questionnaire only when two questionnaires share it.
        key: (keyCount.get(r.label.key) ?? 0) > 1 ? `${r.label.questionnaireCode}:${r.label.key}` : r.label.key,
        label: r.label.text,
        acc: r.acc,
      }));
  }

  async function groupRows(s: SummaryScope) {
    const [summedGroups, groups] = await Promise.all([sumGroups(db, s), listCriterionGroups(db)]);
    const grouped = accumulate(
      summedGroups.map((gr) => ({ key: gr.key, sectorIds: [gr.sectorId], sums: gr.sums })),
      (k) => k,
      emptyAnswerSums,
      mergeAnswerSums,
    );
    return groups.filter((gr) => grouped.has(gr.key)).map((gr) => ({ key: gr.key, label: gr.name, acc: grouped.get(gr.key)! }));
  }
}

/** Question and group rows have no overall or comprehensive figure; only "answers" is judged on them. */
function asJudgeable(indices: IndexRow["indices"]): Pick<Indices, "overall" | "answers" | "comprehensive"> {
  if ("overall" in indices) return indices;
  const none = { n: 0, satisfied: 0, rate: null, ciLow: null, ciHigh: null };
  return { overall: none, answers: indices.answers, comprehensive: { n: 0, satisfied: 0, rate: null } };
}
