/** One point to take from a counter that allows `limit` points per window of `windowSeconds`. */
export interface Charge {
  key: string;
  limit: number;
  windowSeconds: number;
}

/** What taking a point found: within the limit, or over it until the window ends. */
export interface Count {
  key: string;
  points: number;
  allowed: boolean;
  /** Seconds until the window ends (at least 1). */
  retryAfterSeconds: number;
}
