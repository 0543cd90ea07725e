type Named = { vi: string; en: string };

export type TicketBatchSummary = {
  id: number;
  point: { code: string; name: Named };
  sector: { code: string; name: Named } | null;
  count: number;
  used: number;
  createdAt: string;
  createdBy: string | null;
  /** The tickets' expiry (all of a batch share it), null when they never expire. */
  expiresAt: string | null;
};

export type TicketBatch = TicketBatchSummary & { tickets: Array<{ token: string; used: boolean }> };
