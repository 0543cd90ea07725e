import { Migrator, type MigrationResultSet } from "kysely";
import type { DB } from "./client";
import { migrationProvider } from "./migrations";

/** Applies pending migrations; throws (with the failing migration's name) on failure. */
export async function migrateToLatest(db: DB): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error");
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`migration ${failed?.migrationName ?? "(unknown)"} failed: ${reason}`);
  }
  return result;
}
