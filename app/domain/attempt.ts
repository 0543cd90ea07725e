/**
 * One guarded try at a secret (a password), as a rate-limit policy hands it
 * out: refused when the limit is used up; otherwise the caller reports how it
 * went (a failure keeps its count, a success gives it back).
 */
export type Attempt =
  | { allowed: false; retryAfterSeconds: number }
  | { allowed: true; failed: () => Promise<void>; succeeded: () => Promise<void> };
