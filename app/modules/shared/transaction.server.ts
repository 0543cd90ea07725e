import type { DB } from "#db/client";
import { isUniqueViolation } from "#db/unique-violation";
import type { Outcome, Problem } from "~/domain/problem";

/** Carries a refusal out of the transaction callback, so that Kysely rolls back. */
class Refusal extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

/**
 * Runs a use case in one transaction: committed when it succeeds, rolled
 * back when it refuses (a rule checked after a write, such as "an active
 * administrator must remain", undoes that write). `onUniqueViolation` names
 * the problem when the database's unique index, not our check, decided a
 * race between two writers.
 */
export async function inTransaction<T>(
  db: DB,
  work: (trx: DB) => Promise<Outcome<T>>,
  onUniqueViolation?: () => Problem,
): Promise<Outcome<T>> {
  try {
    return await db.transaction().execute(async (trx) => {
      const outcome = await work(trx);
      if (!outcome.ok) throw new Refusal(outcome.problem);
      return outcome;
    });
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, problem: error.problem };
    if (onUniqueViolation && isUniqueViolation(error)) return { ok: false, problem: onUniqueViolation() };
    throw error;
  }
}
