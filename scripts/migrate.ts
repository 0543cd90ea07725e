import { openDatabase } from "#db/client";
import { migrateToLatest } from "#db/migrate";
import { EnvError, parseEnv } from "../app/env.server";

/** `npm run db:migrate`: applies pending migrations and prints each. */
async function main() {
  const db = openDatabase(parseEnv().databaseUrl);
  try {
    const { results = [] } = await migrateToLatest(db);
    if (results.length === 0) console.log("The database is up to date.");
    for (const r of results) console.log(`${r.migrationName}: ${r.status}`);
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error instanceof Error ? error.message : error);
  process.exit(1);
});
