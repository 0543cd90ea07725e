import crypto from "node:crypto";
import type { DB } from "#db/client";
import type { Channel, NewAnswer } from "#db/schema";
import { inGroupCommit } from "#db/group-commit";
import { isUniqueViolation } from "#db/unique-violation";
import { responseContribution } from "~/domain/response-contribution";
import { parseContact, type ConsentedContact, type ContactSent } from "~/domain/cases";
import { answeredAtError, UUID_PATTERN } from "~/domain/response-submission";
import { needsSectorChoice, resolveSector } from "~/domain/sector-resolution";
import { canonicalSubmission, parseAnswers, type AnswerValue } from "~/domain/survey-answers";
import { flagReasons, type Submitter } from "~/domain/trust";
import type { Locale } from "~/domain/questionnaire";
import { vietnamDate } from "~/domain/vietnam-time";
import { env } from "~/env.server";
import {
  getActiveServicePoint,
  listActiveServicePointsByAgency,
  type AgencyWithPoints,
  type SurveyPoint,
} from "~/modules/organisation/organisation.repository.server";
import { noteTicketResponse } from "~/modules/dossiers/dossiers.service.server";
import { getTicket } from "~/modules/tickets/tickets.repository.server";
import { addToSummaries } from "~/modules/indices/summaries.repository.server";
import { caseCodeOfResponse, openCaseFor } from "~/modules/cases/cases.service.server";
import { findResponseByClientId, insertResponse, spendTicket, type NewResponseInput } from "./responses.repository.server";
import { getCurrentVersion, getPublishedVersion, type StoredQuestion } from "./surveys.repository.server";
import { hashDevice, hashIp, secondsSinceFormStart } from "./trust.server";

export type { StoredQuestion };

export type SubmissionRequest = {
  clientId: string | null;
  servicePointCode: string;
  ticketToken: string | null;
  sectorCode: string | null;
  locale: Locale;
  /** When the answers were captured (an offline kiosk); null means now. */
  answeredAt: Date | null;
  rawAnswers: Readonly<Record<string, unknown>>;
  /** Answer keys (or `sector`) that were sent more than once. */
  repeatedKeys: readonly string[];
  channel: Extract<Channel, "qr" | "api" | "kiosk">;
  honeypotFilled: boolean;
  /**
   * Contact details the citizen may leave for a follow-up, with the consent
   * box; absent or null when the caller has no such fields.
   */
  contact?: ContactSent | null;
  /** The signed form-start token of the HTML form; undefined for API callers. */
  formStarted?: string | null;
  /**
   * The version number the HTML form showed. When a new version was published
   * while the citizen answered, the answers are checked against and stored
   * with the version they read (if it is a published one of the same
   * questionnaire); otherwise the current version applies.
   */
  versionShown?: string | null;
  /**
   * A counter kiosk's submission: only the overall question is required (one
   * tap on the faces is an answer; the rest is an optional continuation).
   */
  partialAllowed?: boolean;
  ip: string;
  deviceId: string | null;
  /**
   * Who sends it, as the route decided from the caller: a trusted device
   * skips the rate limits (never validation) and may date its answers up to
   * 30 days back; anyone else is counted by `limits`, and staff are flagged.
   */
  submitter: Submitter<DB>;
};

/** Field errors are keyed by question key, or by `id`, `sector`, `answeredAt`, `contact.phone`, `contact.email`, `consent`, `contact`. */
export type SubmissionErrors = Record<string, string>;

export type SubmissionOutcome =
  | { kind: "created" | "repeat"; responseId: number; clientId: string; caseCode: string | null }
  | { kind: "invalid"; errors: SubmissionErrors }
  | { kind: "conflict" }
  | { kind: "ticket_used" }
  | { kind: "ticket_unknown" }
  | { kind: "rate_limited"; retryAfterSeconds: number }
  | { kind: "point_not_found" }
  /** A paired kiosk sent for a service point other than its own. */
  | { kind: "wrong_point" };

export type PointSurvey = {
  point: SurveyPoint;
  version: { id: number; version: number; questions: StoredQuestion[] };
};

/** The survey a service point serves now; null when the point is unknown, inactive or has none. */
export async function loadPointSurvey(db: DB, code: string): Promise<PointSurvey | null> {
  const point = await getActiveServicePoint(db, code);
  if (!point || point.questionnaireId === null) return null;
  const version = await getCurrentVersion(db, point.questionnaireId);
  return version ? { point, version } : null;
}

/** The published version the form showed, when it is not the current one and really is one of this point's questionnaire. */
async function versionReadBy(db: DB, survey: PointSurvey, shown: string | null | undefined): Promise<PointSurvey["version"] | null> {
  if (!shown || !/^[1-9]\d{0,5}$/.test(shown) || Number(shown) === survey.version.version) return null;
  return getPublishedVersion(db, survey.point.questionnaireId!, Number(shown));
}

export type OpenedSurvey =
  | { kind: "ok"; survey: PointSurvey; needsSector: boolean }
  | { kind: "point_not_found" | "ticket_unknown" | "ticket_used" };

/** The form a citizen opens at a point, with or without a per-dossier ticket (which may name the sector). */
export async function openSurvey(db: DB, code: string, ticketToken: string | null, now: Date): Promise<OpenedSurvey> {
  const survey = await loadPointSurvey(db, code);
  if (!survey) return { kind: "point_not_found" };
  let ticketSectorId: number | null = null;
  if (ticketToken) {
    const ticket = await getTicket(db, ticketToken, now);
    if (!ticket || ticket.servicePointId !== survey.point.id || ticket.expired) return { kind: "ticket_unknown" };
    if (ticket.used) return { kind: "ticket_used" };
    ticketSectorId = ticket.sectorId;
  }
  return { kind: "ok", survey, needsSector: needsSectorChoice(survey.point.sectors, ticketSectorId) };
}

/** Every active service point a citizen may rate, by agency. */
export function listSurveyPoints(db: DB): Promise<AgencyWithPoints[]> {
  return listActiveServicePointsByAgency(db);
}

/** The point a thank-you page names; null when it is unknown or inactive. */
export function findSurveyPoint(db: DB, code: string): Promise<SurveyPoint | null> {
  return getActiveServicePoint(db, code);
}

function contentHash(text: string): string {
  return crypto.createHash("sha256").update(text).digest("base64url");
}

function answerRow(question: StoredQuestion, answer: AnswerValue): Omit<NewAnswer, "response_id"> {
  const row = {
    question_id: question.id,
    score: null as number | null,
    is_na: 0 as 0 | 1,
    choice_value: null as string | null,
    number_value: null as number | null,
    text_value: null as string | null,
  };
  switch (answer.type) {
    case "scale":
      if (answer.score === null) row.is_na = 1;
      else row.score = answer.score;
      break;
    case "choice":
      row.choice_value = answer.value;
      break;
    case "number":
      row.number_value = answer.value;
      break;
    case "text":
      row.text_value = answer.value;
      break;
  }
  return row;
}

export type RecordOutcome =
  | { kind: "created"; id: number; caseCode: string | null }
  | { kind: "repeat"; id: number; caseCode: string | null }
  | { kind: "conflict" }
  | { kind: "ticket_used" }
  | { kind: "rate_limited"; retryAfterSeconds: number };

/** A submission counted against the citizen limits: refused, or the flags it is stored with. */
type Counted = { limited: true; retryAfterSeconds: number } | { limited: false; flagReasons: readonly string[] };

/**
 * Stores a response, its answers and its share of the summaries in one
 * transaction, exactly once per client id: a repeat with the same content is
 * acknowledged again, one with other content is a conflict, and a ticket is
 * spent only by the response that stores. `count`, for a submitter held to
 * the citizen limits, counts it in the same transaction (one commit on the
 * survey's busiest path) and gives its flags; a refusal keeps its count and
 * stores nothing.
 */
export async function recordResponse(
  db: DB,
  input: NewResponseInput,
  count?: (trx: DB) => Promise<Counted>,
  followUp: ConsentedContact | null = null,
): Promise<RecordOutcome> {
  try {
    return await storeOnce(db, input, count, followUp);
  } catch (error) {
    // The same client id stored by another transaction between our look and
    // our insert (PostgreSQL runs them side by side): look again, once. The
    // failed transaction rolled its count back with it.
    if (!isUniqueViolation(error) || !(await findResponseByClientId(db, input.clientId))) throw error;
    return storeOnce(db, input, count, followUp);
  }
}

function storeOnce(db: DB, input: NewResponseInput, count: ((trx: DB) => Promise<Counted>) | undefined, followUp: ConsentedContact | null): Promise<RecordOutcome> {
  // On SQLite, submissions arriving together share one commit (db/group-commit.ts).
  return inGroupCommit(db, async (trx): Promise<RecordOutcome> => {
    const existing = await findResponseByClientId(trx, input.clientId);
    if (existing) {
      if (existing.content_hash !== input.contentHash) return { kind: "conflict" };
      // A repeat answers with the case the first one opened (only a form with contact asks).
      return { kind: "repeat", id: existing.id, caseCode: followUp ? await caseCodeOfResponse(trx, existing.id) : null };
    }
    if (input.ticketId !== null && !(await spendTicket(trx, input.ticketId, input.receivedAt))) return { kind: "ticket_used" };
    const counted = count ? await count(trx) : null;
    if (counted?.limited) return { kind: "rate_limited", retryAfterSeconds: counted.retryAfterSeconds };
    const flagReasons = counted ? counted.flagReasons : input.flagReasons;
    const id = await insertResponse(trx, { ...input, flagReasons });
    const grain = { answeredDate: input.answeredDate, servicePointId: input.servicePointId, sectorId: input.sectorId, flagged: flagReasons.length > 0 };
    await addToSummaries(trx, grain, input.contribution);
    // A dossier's ticket: its dossier now counts in the response rate.
    if (input.ticketId !== null) await noteTicketResponse(trx, input.ticketId);
    // Only a response with consented contact opens a case; the common path writes nothing more.
    const caseCode = followUp
      ? await openCaseFor(trx, { responseId: id, servicePointId: input.servicePointId, sectorId: input.sectorId, contact: followUp }, new Date(input.receivedAt))
      : null;
    return { kind: "created", id, caseCode };
  });
}

/**
 * Validates and stores one citizen's answers, the same way for the HTML form
 * and the JSON API. Nothing is stored unless everything is valid. `now` is
 * when it was received (a test may set the clock back to store history).
 */
export async function submitResponse(db: DB, req: SubmissionRequest, now: Date = new Date()): Promise<SubmissionOutcome> {
  const survey = await loadPointSurvey(db, req.servicePointCode);
  if (!survey) return { kind: "point_not_found" };
  const { point } = survey;
  const { submitter } = req;
  const kiosk = submitter.kind === "trusted_device" ? (submitter.kiosk ?? null) : null;
  if (kiosk && kiosk.servicePointId !== point.id) return { kind: "wrong_point" };
  const version = (await versionReadBy(db, survey, req.versionShown)) ?? survey.version;

  const errors = new Map<string, string>();
  const clientId = req.clientId && UUID_PATTERN.test(req.clientId) ? req.clientId.toLowerCase() : null;
  if (!clientId) errors.set("id", "form");
  const lateOrEarly = req.answeredAt && answeredAtError(req.answeredAt, now, submitter.kind === "trusted_device");
  if (lateOrEarly) errors.set("answeredAt", lateOrEarly);

  let ticket: Awaited<ReturnType<typeof getTicket>> = null;
  if (req.ticketToken !== null) {
    ticket = await getTicket(db, req.ticketToken, now);
    if (!ticket || ticket.servicePointId !== point.id || ticket.expired) return { kind: "ticket_unknown" };
  }

  const resolved = resolveSector(point.sectors, { ticketSectorId: ticket?.sectorId ?? null, chosenCode: req.sectorCode });
  if (!resolved.ok) errors.set("sector", resolved.error);

  const parsed = parseAnswers(version.questions, req.rawAnswers, { partial: req.partialAllowed === true });
  if (!parsed.ok) for (const [key, code] of Object.entries(parsed.errors)) errors.set(key, code);
  for (const key of req.repeatedKeys) errors.set(key, "repeated");
  const contact = req.contact ? parseContact(req.contact) : null;
  if (contact && !contact.ok) for (const [key, code] of Object.entries(contact.errors)) errors.set(key, code);

  if (errors.size > 0 || !parsed.ok || !clientId || !resolved.ok) {
    return { kind: "invalid", errors: Object.fromEntries(errors) };
  }
  const { sector } = resolved;

  const hash = contentHash(
    canonicalSubmission({
      servicePoint: point.code,
      sector: sector.code,
      ticket: req.ticketToken,
      answers: parsed.answers,
    }),
  );
  // A repeat, a conflict and a spent ticket are told apart inside the storing
  // transaction (recordResponse), in that order; looking here first too would
  // only cost the busiest path another query.

  const signals = {
    honeypotFilled: req.honeypotFilled,
    fillSeconds: req.formStarted === undefined ? null : (secondsSinceFormStart(req.formStarted, now) ?? 0),
    minFillSeconds: env().surveyMinFillSeconds,
    sentByStaff: submitter.kind === "staff",
  };
  const answeredAt = req.answeredAt ?? now;
  // A per-dossier ticket is its own limit: it is single use. A paired kiosk
  // skips the limits but is counted by when its citizens answered.
  const count = kiosk
    ? async (trx: DB): Promise<Counted> => ({
        limited: false,
        flagReasons: flagReasons({ ...signals, deviceRepeat: false, ipBurst: false, kioskBurst: await kiosk.burst(trx, answeredAt) }),
      })
    : submitter.kind !== "trusted_device" && !ticket
      ? async (trx: DB): Promise<Counted> => {
          const rate = await submitter.limits(trx, { servicePointId: point.id, deviceId: req.deviceId, ip: req.ip });
          if (rate.limited) return rate;
          return { limited: false, flagReasons: flagReasons({ ...signals, deviceRepeat: rate.deviceRepeat, ipBurst: rate.ipBurst }) };
        }
      : undefined;

  const byKey = new Map(version.questions.map((q) => [q.key, q]));
  const answers = [...parsed.answers].map(([key, answer]) => answerRow(byKey.get(key)!, answer));
  const outcome = await recordResponse(db, {
    clientId,
    servicePointId: point.id,
    questionnaireVersionId: version.id,
    sectorId: sector.id,
    channel: ticket ? "ticket" : req.channel,
    locale: req.locale,
    answeredAt: answeredAt.toISOString(),
    answeredDate: vietnamDate(answeredAt),
    receivedAt: now.toISOString(),
    ipHash: hashIp(req.ip),
    deviceHash: req.deviceId ? hashDevice(req.deviceId) : null,
    flagReasons: flagReasons({ ...signals, deviceRepeat: false, ipBurst: false }),
    ticketId: ticket?.id ?? null,
    kioskId: kiosk?.id ?? null,
    contentHash: hash,
    answers,
    contribution: responseContribution(
      version.questions.map((q) => ({ id: q.id, key: q.key, type: q.type, overall: q.type === "scale" && q.overall, groupId: q.groupId })),
      answers.map((a) => ({ questionId: a.question_id, score: a.score ?? null, notApplicable: a.is_na === 1, choice: a.choice_value ?? null })),
    ),
  }, count, contact?.ok ? contact.contact : null);
  switch (outcome.kind) {
    case "created":
    case "repeat":
      return { kind: outcome.kind, responseId: outcome.id, clientId, caseCode: outcome.caseCode };
    default:
      return outcome;
  }
}
