/**
 * Publishing a closed period: its snapshot is computed once, from the same
 * services the dashboard reads, and frozen; a later response or a reviewed
 * flag changes nothing published until a republication, which is a new,
 * visible revision. See docs/decisions/024-publication.md.
 */
import { createHash } from "node:crypto";
import type { DB } from "#db/client";
import { isUniqueViolation } from "#db/unique-violation";
import { fieldProblem, formProblem } from "~/domain/form-errors";
import type { Indices } from "~/domain/index-engine";
import { periodBounds, periodKeyOf, previousPeriodKey } from "~/domain/periods";
import { problem, refused, succeeded, type Outcome } from "~/domain/problem";
import {
  AUTO_PUBLISH_WINDOW,
  autoPublishDate,
  changesBetween,
  defaultPublishedPeriod,
  duePeriods,
  isClosed,
  parsePublicationPeriod,
  PUBLICATION_KINDS,
  type PublicationKind,
  type PublicationPeriod,
  type PublicSnapshot,
  type PublishedComment,
  type PublishedSector,
} from "~/domain/publication";
import { headlineFigure } from "~/domain/targets";
import { judgedRow, splitRanked } from "~/domain/rankings";
import { vietnamDate } from "~/domain/vietnam-time";
import { recordAudit } from "~/modules/audit/audit.repository.server";
import type { Actor } from "~/modules/audit/types";
import { computeIndexRows, loadOrganisation } from "~/modules/indices/indices.service.server";
import { listPublishableComments } from "~/modules/moderation/moderation.service.server";
import { computeScorecard } from "~/modules/plan/plan.service.server";
import { countTimeliness } from "~/modules/timeliness/timeliness.repository.server";
import * as publications from "./publication.repository.server";
import type { PublicationRecord } from "./publication.repository.server";
import type { PublishedResults, TrendPoint } from "./types";

export type { PublicationRecord, PublishedResults, TrendPoint };

/** How many approved comments a snapshot carries, newest first. */
export const PUBLISHED_COMMENTS = 20;

const ALL = { sectorIds: null } as const;

async function rowsOf(db: DB, period: { from: string; to: string }, groupBy: "sector" | "agency", sector: string | null) {
  const result = await computeIndexRows(
    db,
    { groupBy, from: period.from, to: period.to, sector, agency: null, servicePoint: null, includeFlagged: false, locale: "vi" },
    ALL,
  );
  if (!result.ok) throw new Error(`indices of a published period failed: ${result.problem.message}`);
  return result.value;
}

/** The approved, masked comments of the period, newest first: never a pending, rejected or flagged one. */
async function publishableComments(db: DB, period: PublicationPeriod): Promise<PublishedComment[]> {
  const comments = await listPublishableComments(db, { from: period.from, to: period.to, sectorIds: null, limit: PUBLISHED_COMMENTS });
  return comments.map((c) => ({ text: c.text, sector: c.sectorCode, agency: c.agencyCode, date: c.answeredDate }));
}

/**
 * Every figure the public page and its JSON show of one period, computed now
 * from the dashboard's own services: the plan's scorecard, each sector's
 * headline beside the previous period's, and each sector's agencies ranked
 * with their rank ranges. Flagged responses are left out, as on the dashboard.
 */
export async function buildSnapshot(db: DB, period: PublicationPeriod, now: Date = new Date()): Promise<PublicSnapshot> {
  const range = { from: period.from, to: period.to };
  // The period before, as dates: it may lie before the first year a period is published for (1899-12 before 1900-01).
  const { first, last } = periodBounds(previousPeriodKey(period.key));
  const previous = { from: first, to: last };
  const year = Number(period.to.slice(0, 4));
  const [org, scorecardLines, current, before, dossiers, comments] = await Promise.all([
    loadOrganisation(db, year),
    computeScorecard(db, range, previous, { now }),
    rowsOf(db, range, "sector", null),
    rowsOf(db, previous, "sector", null),
    countTimeliness(db, { fromDay: range.from, toDay: range.to, sectorIds: null, servicePointIds: null, now: now.toISOString() }, "sector"),
    publishableComments(db, period),
  ]);
  const withRows = current.sectors.flatMap((sector) => {
    const row = current.rows.find((r) => r.key === sector.code);
    return row ? [{ sector, row }] : [];
  });
  // Each sector's agencies, the sector page's query, all at once.
  const agencyRows = await Promise.all(withRows.map(({ sector }) => rowsOf(db, range, "agency", sector.code)));
  const sectors: PublishedSector[] = withRows.map(({ sector, row }, i) => {
    const judged = judgedRow(row, sector);
    const earlier = before.rows.find((r) => r.key === sector.code);
    const previousFigure = earlier ? headlineFigure(earlier.indices as Indices, judged.headline) : null;
    const agencies = agencyRows[i]!.rows.map((r) => judgedRow(r, sector));
    return {
      code: sector.code,
      headline: judged.headline,
      figure: judged.figure,
      respondents: judged.respondents,
      target: judged.target,
      status: judged.status,
      side: judged.side,
      previous: previousFigure,
      change: judged.figure.estimate !== null && previousFigure?.estimate != null ? judged.figure.estimate - previousFigure.estimate : null,
      agencies: splitRanked(agencies),
    };
  });
  const usedAgencies = new Set([...sectors.flatMap((s) => [...s.agencies.ranked, ...s.agencies.unranked].map((a) => a.key)), ...comments.map((c) => c.agency)]);
  return {
    format: 1,
    period,
    totals: {
      respondents: sectors.reduce((n, s) => n + s.respondents, 0),
      dossiersReturned: [...dossiers.values()].reduce((n, c) => n + c.returned, 0),
    },
    scorecard: { year, lines: scorecardLines },
    sectors,
    comments,
    names: {
      sectors: Object.fromEntries(org.sectors.map((s) => [s.code, s.name])),
      agencies: Object.fromEntries(org.agencies.filter((a) => usedAgencies.has(a.code)).map((a) => [a.code, a.name])),
    },
    computedAt: now.toISOString(),
  };
}

const hasData = (s: PublicSnapshot) => s.totals.respondents > 0 || s.totals.dossiersReturned > 0;

function etagOf(period: string, revision: number, json: string): string {
  return `${period}.${revision}.${createHash("sha256").update(json).digest("base64url").slice(0, 16)}`;
}

const notClosed = () => fieldProblem("conflict", "period", "notClosed");
const raced = () => formProblem("conflict", "publishedMeanwhile");

/**
 * Publishes a closed period as its next revision (the first is 1). `actor`
 * null: published automatically. Two publications of one period at once
 * store one revision each or refuse the second (409), never one number twice.
 */
export async function publishPeriod(
  db: DB,
  actor: Actor | null,
  key: string,
  { now = new Date(), note = null, requireData = false }: { now?: Date; note?: string | null; requireData?: boolean } = {},
): Promise<Outcome<{ period: string; revision: number } | null>> {
  const period = parsePublicationPeriod(key);
  if (!period) return refused(fieldProblem("badRequest", "period", "format"));
  if (!isClosed(period, vietnamDate(now))) return refused(notClosed());
  const snapshot = await buildSnapshot(db, period, now);
  if (requireData && !hasData(snapshot)) return succeeded(null);
  const json = JSON.stringify(snapshot);
  try {
    return await db.transaction().execute(async (trx) => {
      const revision = (await publications.latestRevisionNumber(trx, period.key)) + 1;
      const id = await publications.insertPublication(trx, {
        period: period.key,
        kind: period.kind,
        from: period.from,
        to: period.to,
        revision,
        userId: actor?.userId ?? null,
        note,
        json,
        etag: etagOf(period.key, revision, json),
        at: now.toISOString(),
      });
      await recordAudit(
        trx,
        actor ?? { userId: null, name: "automatic publication" },
        {
          action: revision === 1 ? "create" : "update",
          entityType: "publication",
          entityId: id,
          label: `${period.key} #${revision}`,
          after: { period: period.key, revision, note, respondents: snapshot.totals.respondents, indicators: snapshot.scorecard.lines.length },
        },
        now,
      );
      return succeeded({ period: period.key, revision });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return refused(raced());
    throw error;
  }
}

/**
 * Publishes every closed period that is due (PUBLISH_AFTER_DAYS after it
 * closed) and not yet published, when it holds any response or dossier.
 * Several processes may run it at once: the loser of a race stores nothing.
 */
export async function autoPublish(db: DB, { now = new Date(), afterDays }: { now?: Date; afterDays: number }): Promise<string[]> {
  const published = new Set((await publications.listCurrentPublications(db)).map((p) => p.period));
  const done: string[] = [];
  for (const period of duePeriods(vietnamDate(now), afterDays)) {
    if (published.has(period.key)) continue;
    const outcome = await publishPeriod(db, null, period.key, { now, requireData: true });
    if (outcome.ok && outcome.value) done.push(outcome.value.period);
  }
  return done;
}

/* --------------------------------------------------------------- reading */

/** Parsed snapshots by publication id: a revision never changes, so neither does its parse. */
const parsed = new Map<number, PublicSnapshot>();
const PARSED_MAX = 200;

async function snapshotOf(db: DB, id: number): Promise<PublicSnapshot> {
  let snapshot = parsed.get(id);
  if (!snapshot) {
    snapshot = JSON.parse(await publications.readSnapshotJson(db, id)) as PublicSnapshot;
    if (parsed.size >= PARSED_MAX) parsed.delete(parsed.keys().next().value!);
    parsed.set(id, snapshot);
  }
  return snapshot;
}

const TREND_POINTS = 12;

/**
 * A published period as the public sees it: `period` null is the latest
 * published one; `revision` null its current revision. Unknown or not yet
 * published: 404; malformed: 400 naming the parameter.
 */
export async function readPublishedResults(db: DB, ask: { period: string | null; revision: number | null }): Promise<Outcome<PublishedResults>> {
  if (ask.period !== null && !parsePublicationPeriod(ask.period)) return refused(problem("badParameter", "period must be YYYY-MM, YYYY-Qn or YYYY", { parameter: "period" }));
  const all = await publications.listCurrentPublications(db);
  const chosen = ask.period === null ? defaultPublishedPeriod(all) : all.find((p) => p.period === ask.period);
  if (!chosen) return refused(problem("notFound", ask.period === null ? "nothing has been published yet" : `${ask.period} has not been published`));
  const revisions = await publications.listRevisions(db, chosen.period);
  const shown = ask.revision === null ? revisions[0]! : revisions.find((r) => r.revision === ask.revision);
  if (!shown) return refused(problem("notFound", `${chosen.period} has no revision ${ask.revision}`));
  const snapshot = await snapshotOf(db, shown.id);
  const earlier = revisions.find((r) => r.revision === shown.revision - 1);
  const changes = earlier ? changesBetween(await snapshotOf(db, earlier.id), snapshot) : [];

  const sameKind = all.filter((p) => p.kind === chosen.kind && p.to <= chosen.to).sort((a, b) => a.to.localeCompare(b.to)).slice(-TREND_POINTS);
  const trend: TrendPoint[] = [];
  for (const p of sameKind) {
    // The period shown stands in the trend as the revision shown.
    const s = p.period === chosen.period ? snapshot : await snapshotOf(db, p.id);
    trend.push({
      period: p.period,
      revision: p.period === chosen.period ? shown.revision : p.revision,
      lines: s.scorecard.lines.map((l) => ({ key: l.key, estimate: l.figure.estimate, ciLow: l.figure.ciLow, ciHigh: l.figure.ciHigh, n: l.figure.n, status: l.status })),
    });
  }
  const etagParts = [shown.etag, ...all.map((p) => p.etag)].join(",");
  return succeeded({
    snapshot,
    revision: shown.revision,
    publishedAt: shown.publishedAt,
    publishedAutomatically: shown.publishedBy === null,
    note: shown.note,
    current: shown.revision === revisions[0]!.revision,
    revisions: revisions.map((r) => ({ revision: r.revision, publishedAt: r.publishedAt, automatic: r.publishedBy === null, note: r.note })),
    changes,
    published: all.map((p) => ({ period: p.period, kind: p.kind, revision: p.revision, publishedAt: p.publishedAt })),
    trend,
    etag: createHash("sha256").update(etagParts).digest("base64url").slice(0, 22),
  });
}

/* ----------------------------------------------------------------- admin */

export type AdminPeriod = {
  period: PublicationPeriod;
  closed: boolean;
  /** When it is (or was) published automatically. */
  autoDate: string;
  revisions: PublicationRecord[];
};

/** The recent closed periods of each kind (and the open ones), each with its revisions, for /admin/publication. */
export async function listPeriodsForAdmin(db: DB, now: Date, afterDays: number): Promise<Record<PublicationKind, AdminPeriod[]>> {
  const today = vietnamDate(now);
  const shown = {} as Record<PublicationKind, PublicationPeriod[]>;
  for (const kind of PUBLICATION_KINDS) {
    shown[kind] = [];
    let key = periodKeyOf(today, kind);
    for (let i = 0; i <= AUTO_PUBLISH_WINDOW[kind]; i += 1) {
      shown[kind].push(parsePublicationPeriod(key)!);
      key = previousPeriodKey(key);
    }
  }
  // One query for the revisions of every period shown.
  const revisions = await publications.listRevisionsOf(db, PUBLICATION_KINDS.flatMap((kind) => shown[kind].map((p) => p.key)));
  const result = {} as Record<PublicationKind, AdminPeriod[]>;
  for (const kind of PUBLICATION_KINDS) {
    result[kind] = shown[kind].map((period) => ({
      period,
      closed: isClosed(period, today),
      autoDate: autoPublishDate(period, afterDays),
      revisions: revisions.filter((r) => r.period === period.key),
    }));
  }
  return result;
}
