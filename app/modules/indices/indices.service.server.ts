import type { DB } from "#db/client";
import { agencySubtree } from "~/domain/agency-tree";
import type { IndexGrouping, IndexQuery } from "~/domain/index-query";
import {
  computeAnswerIndices,
  computeIndices,
  emptyAnswerSums,
  emptySums,
  mergeAnswerSums,
  mergeSums,
  type AnswerSums,
  type IndexSums,
} from "~/domain/index-engine";
import { periodKeyOf, periodKeysBetween, PERIOD_GRANULARITIES, type PeriodGranularity } from "~/domain/periods";
import { problem, refused, succeeded, type Outcome } from "~/domain/problem";
import type { Locale } from "~/domain/questionnaire";
import { vietnamDate } from "~/domain/vietnam-time";
import { judgeIndices, type IndexRow } from "~/domain/targets";
import { questionsWithKey, sumGroups, sumQuestions, sumResponses, sumResponsesByChoice, type SummaryScope } from "./indices.repository.server";
import {
  listAgencies,
  listChoiceOptions,
  listCriterionGroups,
  listQuestionLabels,
  listSectorsWithTargets,
  listServicePoints,
  type AgencyRecord,
  type SectorWithTarget,
  type ServicePointRecord,
} from "~/modules/organisation/organisation.repository.server";

export type { IndexRow } from "~/domain/targets";

/** Which sectors a caller may see: null for every sector. */
export type SectorAccess = { sectorIds: readonly number[] | null };

export type IndexResult = { query: IndexQuery; rows: IndexRow[]; sectors: SectorWithTarget[] };

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

/** What scope resolution needs to know of the organisation: passed in so a caller that has it loaded reads it once. */
export type ScopeOrganisation = {
  sectors: ReadonlyArray<{ id: number; code: string }>;
  agencies: readonly AgencyRecord[];
  points: readonly ServicePointRecord[];
};

const unknownCode = (parameter: string, what: string, code: string) =>
  refused<SummaryScope>(problem("badParameter", `unknown ${what} "${code}"`, { parameter }));
const outsideSectors = (parameter: string) =>
  refused<SummaryScope>(problem("forbidden", `${parameter} is outside your sectors`, { parameter }));

/**
 * Turns the codes of a query into the ids of the responses it covers, within
 * the caller's sectors: an unknown code is a bad parameter (a typo must not
 * look like "no data"), a sector or point outside the caller's sectors is
 * forbidden; both name the parameter. An agency filter covers its whole subtree.
 */
export function resolveScopeIn(org: ScopeOrganisation, query: ScopeQuery, access: SectorAccess): Outcome<SummaryScope> {
  const visible = (sectorId: number) => access.sectorIds === null || access.sectorIds.includes(sectorId);

  let sectorIds: number[] | null = access.sectorIds ? [...access.sectorIds] : null;
  if (query.sector !== null) {
    const sector = org.sectors.find((s) => s.code === query.sector);
    if (!sector) return unknownCode("sector", "sector", query.sector);
    if (!visible(sector.id)) return outsideSectors("sector");
    sectorIds = [sector.id];
  }

  let pointIds: number[] | null = null;
  if (query.agency !== null) {
    const agency = org.agencies.find((a) => a.code === query.agency);
    if (!agency) return unknownCode("agency", "agency", query.agency);
    const subtree = new Set(agencySubtree(org.agencies, agency.id));
    pointIds = org.points.filter((p) => subtree.has(p.agencyId)).map((p) => p.id);
  }
  if (query.servicePoint !== null) {
    const point = org.points.find((p) => p.code === query.servicePoint);
    if (!point) return unknownCode("servicePoint", "service point", query.servicePoint);
    if (!point.sectorIds.some(visible)) return outsideSectors("servicePoint");
    pointIds = pointIds === null ? [point.id] : pointIds.filter((id) => id === point.id);
  }

  return succeeded({ from: query.from, to: query.to, sectorIds, servicePointIds: pointIds, includeFlagged: query.includeFlagged });
}

/** The organisation as scope resolution and the indices see it, with the sectors' targets for `year`. */
export async function loadOrganisation(db: DB, year: number) {
  const [sectors, agencies, points] = await Promise.all([listSectorsWithTargets(db, year), listAgencies(db), listServicePoints(db)]);
  return { sectors, agencies, points };
}

/** {@link resolveScopeIn} with the organisation read from the database. */
export async function resolveScope(db: DB, query: ScopeQuery, access: SectorAccess): Promise<Outcome<SummaryScope>> {
  return resolveScopeIn(await loadOrganisation(db, Number(query.to.slice(0, 4))), query, access);
}

/** A service point as `GET /api/v1/service-points` lists it (without its survey URL, which the route knows). */
export type ServicePointEntry = {
  code: string;
  name: { vi: string; en: string };
  agency: { code: string | null; name: { vi: string; en: string } | null };
  sectors: string[];
  active: boolean;
};

/** Every service point that serves at least one of the caller's sectors. */
export async function listServicePointsInScope(db: DB, access: SectorAccess, year: number): Promise<ServicePointEntry[]> {
  const { sectors, agencies, points } = await loadOrganisation(db, year);
  const agencyById = new Map(agencies.map((a) => [a.id, a]));
  const sectorById = new Map(sectors.map((s) => [s.id, s]));
  const visible = (id: number) => access.sectorIds === null || access.sectorIds.includes(id);
  return points
    .filter((p) => p.sectorIds.some(visible))
    .map((p) => ({
      code: p.code,
      name: p.name,
      agency: { code: agencyById.get(p.agencyId)?.code ?? null, name: agencyById.get(p.agencyId)?.name ?? null },
      sectors: p.sectorIds.flatMap((id) => sectorById.get(id)?.code ?? []),
      active: p.active,
    }));
}

/**
 * Satisfaction indices of the responses a caller may see, grouped as asked,
 * each row judged against its sector's target for the year the range ends in
 * when all its responses belong to one sector.
 */
export async function computeIndexRows(db: DB, query: IndexQuery, access: SectorAccess): Promise<Outcome<IndexResult>> {
  const { sectors, agencies, points } = await loadOrganisation(db, Number(query.to.slice(0, 4)));
  const resolved = resolveScopeIn({ sectors, agencies, points }, query, access);
  if (!resolved.ok) return resolved;
  const scope = resolved.value;
  const sectorIds = scope.sectorIds;
  // Only a hint for reading partial months (no response is dated after today), never a filter.
  const today = vietnamDate(new Date());

  const sectorById = new Map(sectors.map((s) => [s.id, s]));
  const name = (n: Record<Locale, string>) => n[query.locale];

  const judge = <S>(key: string, label: string, acc: Accumulated<S>, indices: IndexRow["indices"]): IndexRow => {
    const rowSectors = [...acc.sectorIds].map((id) => sectorById.get(id)!).filter(Boolean);
    const only = rowSectors.length === 1 ? rowSectors[0]! : null;
    return { key, label, sectors: rowSectors.map((s) => s.code), indices, ...judgeIndices(indices, only?.target ?? null) };
  };

  const g = query.groupBy;
  if (g === "choice") {
    const choices = await choiceRows(scope, query.question ?? "");
    if (!choices.ok) return choices;
    return succeeded({ query, sectors, rows: choices.value.map((r) => judge(r.key, r.label, r.acc, computeIndices(r.acc.sums))) });
  }
  if (g === "question" || g === "group") {
    const rows = g === "question" ? await questionRows(scope) : await groupRows(scope);
    return succeeded({
      query,
      sectors,
      rows: rows.map((r) => judge(r.key, name(r.label), r.acc, { ...computeAnswerIndices(r.acc.sums), respondents: r.acc.sums.clusters })),
    });
  }

  // Days and weeks (a week crosses months) need the daily rows; months, quarters and years add up months.
  const byDay = g === "day" || g === "week";
  const dimension = byDay ? "date" : isPeriod(g) ? "month" : g;
  const summed = await sumResponses(db, scope, dimension, today);
  const keyOf = byDay ? (date: string) => periodKeyOf(date, g) : isPeriod(g) ? (month: string) => periodKeyOf(`${month}-01`, g) : (id: string) => id;
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
  return succeeded({ query, sectors, rows: ordered.map((r) => judge(r.key, r.label, r.acc, computeIndices(r.acc.sums))) });

  async function questionRows(s: SummaryScope) {
    const [summedQuestions, labels] = await Promise.all([sumQuestions(db, s, today), listQuestionLabels(db)]);
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

  /**
   * One row per answer of the choice question `key` among the respondents in
   * scope who answered it: the options in the order of the questionnaires
   * that were answered (the latest published wording), then any stored
   * value no longer offered. An unknown key, or one that is not a choice
   * question, is a bad `question`.
   */
  async function choiceRows(s: SummaryScope, key: string): Promise<Outcome<Array<{ key: string; label: string; acc: Accumulated<IndexSums> }>>> {
    const versions = await questionsWithKey(db, key);
    const badQuestion = (message: string) => refused<never>(problem("badParameter", message, { parameter: "question" }));
    if (versions.length === 0) return badQuestion(`unknown question "${key}"`);
    const choiceVersions = versions.filter((v) => v.type === "choice");
    if (choiceVersions.length === 0) return badQuestion(`question "${key}" is not a choice question`);
    const [summedChoices, optionLists] = await Promise.all([
      sumResponsesByChoice(db, s, choiceVersions.map((v) => v.id), today),
      listChoiceOptions(db),
    ]);
    const grouped = accumulate(
      summedChoices.map((c) => ({ key: c.value, sectorIds: [c.sectorId], sums: c.sums })),
      (k) => k,
      emptySums,
      mergeSums,
    );
    const answeredIn = new Set(summedChoices.map((c) => c.questionnaireId));
    const offered = optionLists
      .filter((o) => o.key === key && answeredIn.has(o.questionnaireId))
      .sort((a, b) => a.questionnaireId - b.questionnaireId)
      .flatMap((o) => o.options);
    const labelOf = new Map<string, string>();
    for (const o of offered) if (!labelOf.has(o.value)) labelOf.set(o.value, name(o.text));
    const values = [...labelOf.keys(), ...[...grouped.keys()].filter((v) => !labelOf.has(v)).sort()];
    const empty = () => ({ sums: emptySums(), sectorIds: new Set(sectorIds?.length === 1 ? sectorIds : []) });
    return succeeded(values.map((value) => ({ key: value, label: labelOf.get(value) ?? value, acc: grouped.get(value) ?? empty() })));
  }

  async function groupRows(s: SummaryScope) {
    const [summedGroups, groups] = await Promise.all([sumGroups(db, s, today), listCriterionGroups(db)]);
    const grouped = accumulate(
      summedGroups.map((gr) => ({ key: gr.key, sectorIds: [gr.sectorId], sums: gr.sums })),
      (k) => k,
      emptyAnswerSums,
      mergeAnswerSums,
    );
    return groups.filter((gr) => grouped.has(gr.key)).map((gr) => ({ key: gr.key, label: gr.name, acc: grouped.get(gr.key)! }));
  }
}
