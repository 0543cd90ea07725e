/** Who made a change: a signed-in administrator, or an API token (no user). */
export type Actor = { userId: number | null; name: string };

/** One change as the log shows it; `before` and `after` are the JSON texts recorded. */
export type AuditRecord = {
  id: number;
  at: string;
  actorUserId: number | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: number | null;
  label: string;
  beforeJson: string | null;
  afterJson: string | null;
};

export type AuditFilter = {
  entityType?: string;
  action?: string;
  actor?: string;
  /** Text anywhere in the label, before or after. */
  q?: string;
  /** ISO instants, inclusive from, exclusive to. */
  from?: string;
  to?: string;
};

export type AuditPage = { entries: AuditRecord[]; total: number };
