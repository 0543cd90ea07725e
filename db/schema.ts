import type { ColumnType, Generated, Insertable, Selectable } from "kysely";
import type { CaseStatus } from "~/domain/cases";
import type { ApologyStatus } from "~/domain/dossiers";
import type { OutboxChannel, OutboxStatus } from "~/domain/outbox";
import type { PlanMeasure, PlanScope } from "~/domain/plan";
import type { Channel, Comparator, HeadlineIndex, QuestionType, Role, TokenRole, VersionStatus } from "~/domain/enums";

export type { ApologyStatus, CaseStatus, OutboxChannel, OutboxStatus, PlanMeasure, PlanScope, Channel, Comparator, HeadlineIndex, QuestionType, Role, TokenRole, VersionStatus };

/**
 * The database as the app sees it. Times are ISO-8601 UTC strings
 * (`2026-11-26T03:04:05.678Z`), which sort and compare correctly as text in
 * SQLite and PostgreSQL alike (text columns on both engines, so every query is the
 * same). Booleans are 0/1 integers on both.
 */
export interface Database {
  sectors: SectorTable;
  sector_targets: SectorTargetTable;
  agencies: AgencyTable;
  service_points: ServicePointTable;
  service_point_sectors: ServicePointSectorTable;
  criterion_groups: CriterionGroupTable;
  questionnaires: QuestionnaireTable;
  questionnaire_versions: QuestionnaireVersionTable;
  questions: QuestionTable;
  responses: ResponseTable;
  answers: AnswerTable;
  tickets: TicketTable;
  users: UserTable;
  user_sectors: UserSectorTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  api_token_sectors: ApiTokenSectorTable;
  kiosks: KioskTable;
  response_summaries: ResponseSummaryTable;
  question_summaries: QuestionSummaryTable;
  group_summaries: GroupSummaryTable;
  choice_summaries: ChoiceSummaryTable;
  response_month_summaries: MonthSummaryOf<ResponseSummaryTable>;
  question_month_summaries: MonthSummaryOf<QuestionSummaryTable>;
  group_month_summaries: MonthSummaryOf<GroupSummaryTable>;
  choice_month_summaries: MonthSummaryOf<ChoiceSummaryTable>;
  response_sector_day_summaries: SectorDaySummaryTable;
  audit_log: AuditLogTable;
  ticket_batches: TicketBatchTable;
  rate_limits: RateLimitTable;
  dossiers: DossierTable;
  dossier_due_changes: DossierDueChangeTable;
  apologies: ApologyTable;
  outbox_messages: OutboxMessageTable;
  dossier_day_summaries: DossierDaySummaryTable;
  dossier_month_summaries: DossierMonthSummaryTable;
  cases: CaseTable;
  case_notes: CaseNoteTable;
  plan_indicators: PlanIndicatorTable;
  plan_indicator_sectors: PlanIndicatorSectorTable;
  comment_moderations: CommentModerationTable;
  publications: PublicationTable;
}

type CreatedAt = ColumnType<string, string | undefined, never>;
type Bool = 0 | 1;

export interface SectorTable {
  id: Generated<number>;
  code: string;
  name_vi: string;
  name_en: string;
  /** The questionnaire a point serving this sector uses unless it overrides it. */
  questionnaire_id: number | null;
  sort_order: number;
  active: ColumnType<Bool, Bool | undefined, Bool>;
  created_at: CreatedAt;
}


export interface SectorTargetTable {
  id: Generated<number>;
  sector_id: number;
  year: number;
  /** A fraction in [0,1]. */
  value: number;
  comparator: Comparator;
  headline_index: HeadlineIndex;
  min_sample: number;
  created_at: CreatedAt;
}

export interface AgencyTable {
  id: Generated<number>;
  code: string;
  parent_id: number | null;
  name_vi: string;
  name_en: string;
  active: ColumnType<Bool, Bool | undefined, Bool>;
  created_at: CreatedAt;
}

export interface ServicePointTable {
  id: Generated<number>;
  code: string;
  agency_id: number;
  name_vi: string;
  name_en: string;
  /** Overrides the sectors' questionnaire when set. */
  questionnaire_id: number | null;
  active: ColumnType<Bool, Bool | undefined, Bool>;
  created_at: CreatedAt;
}

export interface ServicePointSectorTable {
  service_point_id: number;
  sector_id: number;
}

export interface CriterionGroupTable {
  id: Generated<number>;
  key: string;
  name_vi: string;
  name_en: string;
  sort_order: number;
}

export interface QuestionnaireTable {
  id: Generated<number>;
  code: string;
  name_vi: string;
  name_en: string;
  created_at: CreatedAt;
}


export interface QuestionnaireVersionTable {
  id: Generated<number>;
  questionnaire_id: number;
  version: number;
  status: VersionStatus;
  published_at: string | null;
  created_at: CreatedAt;
}


export interface QuestionTable {
  id: Generated<number>;
  questionnaire_version_id: number;
  /** Stable across versions, so indices join across them. */
  key: string;
  position: number;
  type: QuestionType;
  criterion_group_id: number | null;
  is_overall: Bool;
  required: Bool;
  allow_na: Bool;
  text_vi: string;
  text_en: string;
  /** JSON: `[{ "value": "1", "text": { "vi": "…", "en": "…" } }]` for choice questions. */
  options_json: string | null;
  min_value: number | null;
  max_value: number | null;
  max_length: number | null;
}


export interface ResponseTable {
  id: Generated<number>;
  /** The UUID the client made: what makes every submission idempotent. */
  client_id: string;
  service_point_id: number;
  questionnaire_version_id: number;
  sector_id: number;
  channel: Channel;
  locale: string;
  answered_at: string;
  /** `answered_at` as a calendar date in Vietnam time, the grain of every period. */
  answered_date: string;
  received_at: string;
  ip_hash: string | null;
  device_hash: string | null;
  flagged: Bool;
  flag_reason: string | null;
  ticket_id: number | null;
  /** Hash of what was submitted: a repeat with other content is a conflict. */
  content_hash: string;
  /** The paired kiosk that sent it (null otherwise): the kiosk burst rule counts by it. */
  kiosk_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface AnswerTable {
  id: Generated<number>;
  response_id: number;
  /** The exact question (of the exact version) this answers. */
  question_id: number;
  score: number | null;
  is_na: ColumnType<Bool, Bool | undefined, Bool>;
  choice_value: string | null;
  number_value: number | null;
  text_value: string | null;
}

export interface TicketTable {
  id: Generated<number>;
  token: string;
  service_point_id: number;
  sector_id: number | null;
  dossier_code: string | null;
  created_at: CreatedAt;
  expires_at: string | null;
  used_at: string | null;
  /** The batch it was minted in (printed as one sheet); null for tickets made one at a time by the API. */
  batch_id: number | null;
}

export interface TicketBatchTable {
  id: Generated<number>;
  service_point_id: number;
  sector_id: number | null;
  count: number;
  created_by: number | null;
  created_at: CreatedAt;
}

/** One administrative change: who, when, what, and the entity before and after (JSON, null when created or removed). */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_user_id: number | null;
  actor_name: string;
  /** e.g. "create", "update", "deactivate", "publish", "reset_password", "revoke". */
  action: string;
  /** e.g. "sector", "agency", "service_point", "questionnaire", "user", "api_token", "ticket_batch". */
  entity_type: string;
  entity_id: number | null;
  entity_label: string;
  before_json: string | null;
  after_json: string | null;
}


export interface UserTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  role: Role;
  active: ColumnType<Bool, Bool | undefined, Bool>;
  must_change_password: ColumnType<Bool, Bool | undefined, Bool>;
  created_at: CreatedAt;
}

export interface UserSectorTable {
  user_id: number;
  sector_id: number;
}

export interface SessionTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  created_at: CreatedAt;
  expires_at: string;
}


/** One counter of a rate-limit policy: points taken in the window that ends at `expires_at`. */
export interface RateLimitTable {
  key: string;
  points: number;
  expires_at: string;
}

export interface ApiTokenTable {
  id: Generated<number>;
  name: string;
  token_hash: string;
  role: TokenRole;
  created_by: number | null;
  created_at: CreatedAt;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** A counter tablet paired to one service point (docs/decisions/025-kiosk-pairing.md). */
export interface KioskTable {
  id: Generated<number>;
  name: string;
  service_point_id: number;
  reset_seconds: ColumnType<number, number | undefined, number>;
  /** HMAC of the one-time pairing code; null once used. */
  pairing_code_hash: string | null;
  pairing_expires_at: string | null;
  /** The device token (an api_tokens row with role kiosk) the last pairing gave. */
  api_token_id: number | null;
  paired_at: string | null;
  revoked_at: string | null;
  last_contact_at: string | null;
  last_queued: number | null;
  last_app_version: string | null;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface ApiTokenSectorTable {
  token_id: number;
  sector_id: number;
}

/**
 * A dossier of the one-stop software (docs/decisions/018-dossiers.md): point,
 * sector and receipt are fixed once stored, the due time only moves later,
 * the return is set once.
 */
export interface DossierTable {
  id: Generated<number>;
  code: string;
  service_point_id: number;
  sector_id: number;
  procedure: string | null;
  received_at: string;
  due_at: string;
  returned_at: string | null;
  /** Kept only while `consent` is 1. */
  contact_phone: string | null;
  contact_email: string | null;
  consent: Bool;
  /** When it became late: the due time it passed; null while it is not late. */
  late_at: string | null;
  /** The survey ticket minted when it was returned. */
  ticket_id: number | null;
  created_at: CreatedAt;
  updated_at: ColumnType<string, string | undefined, string>;
}

/** One extension of a dossier's due time. */
export interface DossierDueChangeTable {
  id: Generated<number>;
  dossier_id: number;
  from_due_at: string;
  to_due_at: string;
  changed_at: string;
  /** `dossier_api` (the one-stop software), later `apology`. */
  source: string;
  actor_user_id: number | null;
  actor_name: string;
}

/** The one apology a late dossier needs. */
export interface ApologyTable {
  id: Generated<number>;
  dossier_id: number;
  status: ApologyStatus;
  /** When it becomes overdue: `late_at` + APOLOGY_DUE_HOURS. */
  due_by: string;
  created_at: string;
  sent_at: string | null;
  reason: string | null;
  new_due_at: string | null;
}

/**
 * The timeliness roll-up: per Vietnam day, point and sector, what the
 * dossiers dated that day count (app/domain/dossier-contribution.ts).
 */
export interface DossierDaySummaryTable {
  day: string;
  service_point_id: number;
  sector_id: number;
  received: number;
  returned: number;
  returned_late: number;
  ticket_responses: number;
  apologies_required: number;
  apologies_sent: number;
  apologies_sent_in_time: number;
}

/** The same counts by Vietnam month (`YYYY-MM`). */
export type DossierMonthSummaryTable = Omit<DossierDaySummaryTable, "day"> & { month: string };

/** A message to a citizen, delivered by the outbox worker (docs/decisions/019-outbox.md). */
export interface OutboxMessageTable {
  id: Generated<number>;
  idempotency_key: string;
  channel: OutboxChannel;
  kind: string;
  recipient: string;
  subject: string | null;
  body: string;
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: string;
  claimed_by: string | null;
  last_error: string | null;
  sent_at: string | null;
  subject_type: string | null;
  subject_id: number | null;
  created_at: CreatedAt;
  updated_at: ColumnType<string, string | undefined, string>;
}

/**
 * A follow-up case (docs/decisions/020-follow-up-cases.md): one per response
 * whose citizen left contact details with consent.
 */
export interface CaseTable {
  id: Generated<number>;
  /** The tracking code: 10 Crockford base32 characters, upper case, no hyphen. */
  code: string;
  response_id: number;
  agency_id: number;
  service_point_id: number;
  sector_id: number;
  status: ColumnType<CaseStatus, CaseStatus | undefined, CaseStatus>;
  due_at: string;
  /** Kept while needed: cleared CONTACT_RETENTION_DAYS after the case closes. */
  contact_phone: string | null;
  contact_email: string | null;
  contact_cleared_at: string | null;
  public_answer: string | null;
  answered_at: string | null;
  answer_count: ColumnType<number, number | undefined, number>;
  closed_at: string | null;
  reopened_count: ColumnType<number, number | undefined, number>;
  reopened_at: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<string, string | undefined, string>;
}

/** A staff member's internal note on a case; never shown to the citizen. */
export interface CaseNoteTable {
  id: Generated<number>;
  case_id: number;
  author_user_id: number | null;
  author_name: string;
  body: string;
  created_at: string;
}

/** One indicator of a year's plan (DOMAIN.md, "The plan as data"). */
export interface PlanIndicatorTable {
  id: Generated<number>;
  year: number;
  key: string;
  name_vi: string;
  name_en: string;
  scope: PlanScope;
  measure: PlanMeasure;
  target_value: number;
  comparator: ">=" | ">";
  min_sample: ColumnType<number, number | undefined, number>;
  sort_order: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  updated_at: ColumnType<string, string | undefined, string>;
}

/** The sectors of an indicator whose scope is `sectors`. */
export interface PlanIndicatorSectorTable {
  indicator_id: number;
  sector_id: number;
}

/** A staff decision on one free-text answer; an answer without one is in the queue. */
export interface CommentModerationTable {
  answer_id: number;
  response_id: number;
  status: "approved" | "rejected";
  /** The text as it may be published, with phone numbers, e-mail addresses and ID numbers masked. */
  masked_text: string;
  decided_by_user_id: number | null;
  decided_at: ColumnType<string, string | undefined, string>;
}

/** One revision of a published period's frozen snapshot. */
export interface PublicationTable {
  id: Generated<number>;
  period: string;
  kind: "month" | "quarter" | "year";
  from_date: string;
  to_date: string;
  revision: number;
  /** null: published automatically. */
  published_by_user_id: number | null;
  published_at: ColumnType<string, string | undefined, never>;
  note: string | null;
  snapshot_json: string;
  etag: string;
}

/**
 * Summary rows, kept in step with every insert in the same transaction
 * (docs/decisions/006-summary-tables.md). One row per Vietnam date, service
 * point, sector and flag, so every view rolls up by addition.
 */
export interface SummaryGrain {
  answered_date: string;
  service_point_id: number;
  sector_id: number;
  flagged: Bool;
}

/** Rated scale answers with respondents as clusters (see app/domain/indices.ts). */
export interface AnswerSumColumns {
  clusters: number;
  answers_n: number;
  answers_satisfied: number;
  answers_ss: number;
  answers_sm: number;
  answers_mm: number;
  level_1: number;
  level_2: number;
  level_3: number;
  level_4: number;
  level_5: number;
  not_applicable: number;
}

export interface ResponseSummaryTable extends SummaryGrain, AnswerSumColumns {
  respondents: number;
  overall_n: number;
  overall_satisfied: number;
  comprehensive_n: number;
  comprehensive_satisfied: number;
  on_time: number;
  late: number;
  not_yet: number;
}

export interface QuestionSummaryTable extends SummaryGrain, AnswerSumColumns {
  question_id: number;
}

export interface GroupSummaryTable extends SummaryGrain, AnswerSumColumns {
  criterion_group_id: number;
}

/**
 * How often an option was chosen, and the response sums (as in
 * response_summaries) of the respondents who chose it: the indices grouped by
 * a choice answer (migration 2026-12-05T0400).
 */
export interface ChoiceSummaryTable extends Omit<ResponseSummaryTable, keyof SummaryGrain>, SummaryGrain {
  question_id: number;
  choice_value: string;
  count: number;
}

/** The response sums by date, sector and flag over every point (day and week groupings of unfiltered points). */
export type SectorDaySummaryTable = Omit<ResponseSummaryTable, "service_point_id">;

/** A monthly twin of a daily summary table: the same sums, keyed by the Vietnam month 'YYYY-MM'. */
export type MonthSummaryOf<T extends SummaryGrain> = Omit<T, "answered_date"> & { answered_month: string };

export type Sector = Selectable<SectorTable>;
export type SectorTarget = Selectable<SectorTargetTable>;
export type Agency = Selectable<AgencyTable>;
export type ServicePoint = Selectable<ServicePointTable>;
export type CriterionGroup = Selectable<CriterionGroupTable>;
export type QuestionnaireVersion = Selectable<QuestionnaireVersionTable>;
export type Question = Selectable<QuestionTable>;
export type ResponseRow = Selectable<ResponseTable>;
export type NewResponse = Insertable<ResponseTable>;
export type Answer = Selectable<AnswerTable>;
export type NewAnswer = Insertable<AnswerTable>;
export type Ticket = Selectable<TicketTable>;
export type User = Selectable<UserTable>;
export type AuditEntry = Selectable<AuditLogTable>;
