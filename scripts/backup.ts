import { parseArgs } from "node:util";
import { BackupRefusal, backupDatabase } from "#db/backup";
import { EnvError, parseEnv } from "../app/env.server";

/** `npm run backup -- --out FILE`: a consistent copy of the database, taken while the app runs. */
async function main() {
  const { values } = parseArgs({ options: { out: { type: "string" } } });
  if (!values.out) throw new BackupRefusal("usage: npm run backup -- --out FILE");
  const report = await backupDatabase(parseEnv().databaseUrl, values.out);
  const responses = report.responses === null ? "" : `, ${report.responses} responses`;
  console.log(`Backup written to ${report.file} (${megabytes(report.bytes)}${responses}; verified).`);
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError || error instanceof BackupRefusal ? error.message : error);
  process.exit(1);
});
