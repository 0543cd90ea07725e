/**
 * Whether a database error is a unique-constraint violation: two writers
 * raced for one code, address or year, the checks before the insert passed
 * for both, and the database stopped the second. SQLite (better-sqlite3)
 * says `SQLITE_CONSTRAINT_UNIQUE` (or `_PRIMARYKEY`); PostgreSQL's SQLSTATE
 * for it is `23505`. The one place the app recognises it.
 */
const UNIQUE_VIOLATION_CODES = new Set(["SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY", "23505"]);

export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("code" in error)) return false;
  return UNIQUE_VIOLATION_CODES.has(String((error as { code: unknown }).code));
}
