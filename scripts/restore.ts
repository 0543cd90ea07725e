import { parseArgs } from "node:util";
import { BackupRefusal, restoreDatabase } from "#db/backup";
import { EnvError, parseEnv } from "../app/env.server";

/**
 * `npm run restore -- --from FILE [--force]`: puts a backup in place of an empty
 * database (any database with --force), then applies pending migrations. Stop the app first.
 */
async function main() {
  const { values } = parseArgs({ options: { from: { type: "string" }, force: { type: "boolean", default: false } } });
  if (!values.from) throw new BackupRefusal("usage: npm run restore -- --from FILE [--force]");
  const report = await restoreDatabase(parseEnv().databaseUrl, values.from, { force: values.force });
  const migrations = report.migrationsApplied.length === 0 ? "no pending migrations" : `applied ${report.migrationsApplied.join(", ")}`;
  console.log(`Restored ${values.from}: ${report.responses} responses; ${migrations}.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError || error instanceof BackupRefusal ? error.message : error);
  process.exit(1);
});
