/**
 * The year's plan: administrators keep its indicators (/admin/plan), and the
 * scorecard computes each over a period from the same sums and counts the
 * indices and the timeliness page read (app/domain/plan.ts judges them).
 */
import type { DB } from "#db/client";
import { percentToFraction } from "~/domain/admin-organisation";
import { fieldProblem } from "~/domain/form-errors";
import type { IndexSums } from "~/domain/index-engine";
import type { DateRange } from "~/domain/periods";
import { scorecard, type PlanDossierCounts, type PlanIndicator, type PlanIndicatorInput, type PlanInputs, type ScorecardLine } from "~/domain/plan";
import { problem, refused, succeeded, type Outcome } from "~/domain/problem";
import { DEFAULT_HEADLINE } from "~/domain/targets";
import { recordAudit } from "~/modules/audit/audit.repository.server";
import type { Actor } from "~/modules/audit/types";
import { sumResponses } from "~/modules/indices/indices.repository.server";
import { listSectorsWithTargets, type SectorWithTarget } from "~/modules/organisation/organisation.repository.server";
import { inTransaction } from "~/modules/shared/transaction.server";
import { countTimeliness } from "~/modules/timeliness/timeliness.repository.server";
import * as plan from "./plan.repository.server";

export type { PlanIndicator, ScorecardLine };

export type PlanPage = {
  year: number;
  indicators: PlanIndicator[];
  years: number[];
  sectors: Array<{ code: string; name: { vi: string; en: string } }>;
};

export async function getPlan(db: DB, year: number): Promise<PlanPage> {
  const [indicators, years, sectors] = await Promise.all([plan.listIndicators(db, year), plan.listPlanYears(db), listSectorsWithTargets(db, year)]);
  return { year, indicators, years, sectors: sectors.map((s) => ({ code: s.code, name: s.name })) };
}

const duplicateKey = () => fieldProblem("conflict", "key", "duplicate");
const gone = () => problem("notFound", "the plan has no such indicator");

async function valuesOf(trx: DB, input: PlanIndicatorInput): Promise<Outcome<plan.IndicatorValues>> {
  const codes = input.scope === "sectors" ? [...new Set(input.sectors)] : [];
  const ids = await plan.sectorIdsOf(trx, codes);
  if (ids.size !== codes.length) return refused(fieldProblem("badRequest", "sectors", "notFound"));
  return succeeded({
    key: input.key,
    nameVi: input.nameVi,
    nameEn: input.nameEn,
    scope: input.scope,
    measure: input.measure,
    value: percentToFraction(input.value),
    comparator: input.comparator,
    minSample: input.minSample,
    sortOrder: input.sortOrder,
    sectorIds: [...ids.values()],
  });
}

const snapshot = (i: PlanIndicator) => ({
  year: i.year,
  key: i.key,
  name: i.name,
  scope: i.scope,
  sectors: i.sectors,
  measure: i.measure,
  target: i.target,
  sortOrder: i.sortOrder,
});

/** Adds an indicator to a year's plan; its key is unique within the year. */
export function addIndicator(db: DB, actor: Actor, year: number, input: PlanIndicatorInput): Promise<Outcome<number>> {
  return inTransaction(
    db,
    async (trx) => {
      if (await plan.keyTaken(trx, year, input.key, null)) return refused(duplicateKey());
      const values = await valuesOf(trx, input);
      if (!values.ok) return values;
      const id = await plan.insertIndicator(trx, year, values.value);
      const after = (await plan.findIndicator(trx, id))!;
      await recordAudit(trx, actor, { action: "create", entityType: "plan_indicator", entityId: id, label: `${year} ${input.key}`, after: snapshot(after) });
      return succeeded(year);
    },
    duplicateKey,
  );
}

export function changeIndicator(db: DB, actor: Actor, id: number, input: PlanIndicatorInput): Promise<Outcome<number>> {
  return inTransaction(
    db,
    async (trx) => {
      if (!(await plan.lockIndicator(trx, id))) return refused(gone());
      const before = await plan.findIndicator(trx, id);
      if (!before) return refused(gone());
      if (await plan.keyTaken(trx, before.year, input.key, id)) return refused(duplicateKey());
      const values = await valuesOf(trx, input);
      if (!values.ok) return values;
      await plan.updateIndicator(trx, id, values.value);
      const after = (await plan.findIndicator(trx, id))!;
      await recordAudit(trx, actor, {
        action: "update",
        entityType: "plan_indicator",
        entityId: id,
        label: `${before.year} ${input.key}`,
        before: snapshot(before),
        after: snapshot(after),
      });
      return succeeded(before.year);
    },
    duplicateKey,
  );
}

export function removeIndicator(db: DB, actor: Actor, id: number): Promise<Outcome<number>> {
  return inTransaction(db, async (trx) => {
    if (!(await plan.lockIndicator(trx, id))) return refused(gone());
    const before = await plan.findIndicator(trx, id);
    if (!before) return refused(gone());
    await plan.deleteIndicator(trx, id);
    await recordAudit(trx, actor, { action: "delete", entityType: "plan_indicator", entityId: id, label: `${before.year} ${before.key}`, before: snapshot(before) });
    return succeeded(before.year);
  });
}

/** Starts a year's plan as a copy of another year's; refused when the year already has indicators. */
export function copyPlan(db: DB, actor: Actor, fromYear: number, toYear: number): Promise<Outcome<number>> {
  return inTransaction(
    db,
    async (trx) => {
      if ((await plan.listIndicators(trx, toYear)).length > 0) return refused(fieldProblem("conflict", "toYear", "duplicate"));
      const source = await plan.listIndicators(trx, fromYear);
      if (source.length === 0) return refused(fieldProblem("notFound", "fromYear", "notFound"));
      const ids = await plan.sectorIdsOf(trx, [...new Set(source.flatMap((i) => i.sectors))]);
      for (const i of source) {
        const id = await plan.insertIndicator(trx, toYear, {
          key: i.key,
          nameVi: i.name.vi,
          nameEn: i.name.en,
          scope: i.scope,
          measure: i.measure,
          value: i.target.value,
          comparator: i.target.comparator,
          minSample: i.target.minSample,
          sortOrder: i.sortOrder,
          sectorIds: i.sectors.map((c) => ids.get(c)!),
        });
        await recordAudit(trx, actor, { action: "create", entityType: "plan_indicator", entityId: id, label: `${toYear} ${i.key}`, after: { ...snapshot(i), year: toYear } });
      }
      return succeeded(toYear);
    },
    () => fieldProblem("conflict", "toYear", "duplicate"),
  );
}

/** What one period holds per sector code: response sums (flagged ones only when asked) and dossier counts. */
async function planInputs(db: DB, sectors: readonly SectorWithTarget[], range: DateRange, now: Date, includeFlagged: boolean): Promise<PlanInputs> {
  const codeOf = new Map(sectors.map((s) => [String(s.id), s.code]));
  const [summed, counted] = await Promise.all([
    sumResponses(db, { from: range.from, to: range.to, sectorIds: null, servicePointIds: null, includeFlagged }, "sector"),
    countTimeliness(db, { fromDay: range.from, toDay: range.to, sectorIds: null, servicePointIds: null, now: now.toISOString() }, "sector"),
  ]);
  const sums = new Map<string, IndexSums>();
  for (const row of summed) {
    const code = codeOf.get(row.key);
    if (code) sums.set(code, row.sums);
  }
  const dossiers = new Map<string, PlanDossierCounts>();
  for (const [id, c] of counted) {
    const code = codeOf.get(id);
    if (code) dossiers.set(code, { returned: c.returned, late: c.late, apologiesRequired: c.apologiesRequired, apologiesSentInTime: c.apologiesSentInTime });
  }
  return { sums, dossiers };
}

/**
 * The plan of the year `range` ends in, each indicator computed over the
 * range and the previous one. Every sector counts (the plan is the
 * province's), so only staff who see every sector are shown it. Flagged
 * responses are left out, as everywhere, unless the dashboard asks for them.
 */
export async function computeScorecard(
  db: DB,
  range: DateRange,
  previous: DateRange | null,
  { now = new Date(), includeFlagged = false }: { now?: Date; includeFlagged?: boolean } = {},
): Promise<ScorecardLine[]> {
  const year = Number(range.to.slice(0, 4));
  const [indicators, sectors] = await Promise.all([plan.listIndicators(db, year), listSectorsWithTargets(db, year)]);
  if (indicators.length === 0) return [];
  const [current, before] = await Promise.all([
    planInputs(db, sectors, range, now, includeFlagged),
    previous ? planInputs(db, sectors, previous, now, includeFlagged) : Promise.resolve(null),
  ]);
  const planSectors = sectors.map((s) => ({ code: s.code, headline: s.target?.headline ?? DEFAULT_HEADLINE }));
  return scorecard(indicators, planSectors, current, before);
}
