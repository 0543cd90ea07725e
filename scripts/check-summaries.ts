import { openDatabase } from "#db/client";
import { compareDossierSummariesWithRaw, rebuildDossierSummaries } from "../app/modules/dossiers/dossier-summaries.repository.server";
import { compareSummariesWithRaw, rebuildSummaries } from "../app/modules/indices/summaries.repository.server";
import { EnvError, parseEnv } from "../app/env.server";

/**
 * `npm run db:check-summaries [-- --rebuild]`: recomputes every summary, daily and monthly, from the
 * raw answers, and the timeliness roll-up from the dossiers, and compares; exits 1 on any difference. `--rebuild` replaces
 * the summaries by the recomputed sums first.
 */
async function main() {
  const db = openDatabase(parseEnv().databaseUrl);
  try {
    if (process.argv.includes("--rebuild")) {
      await rebuildSummaries(db);
      await rebuildDossierSummaries(db);
      console.log("Rebuilt the summaries from the raw answers and the timeliness roll-up from the dossiers.");
    }
    const started = Date.now();
    const mismatches = [...(await compareSummariesWithRaw(db)), ...(await compareDossierSummariesWithRaw(db))];
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (mismatches.length === 0) {
      console.log(`The summaries equal the sums of the raw answers, and the timeliness roll-up a recount of the dossiers (checked in ${seconds} s).`);
      return;
    }
    console.error(`${mismatches.length} summary rows differ from the raw answers:`);
    for (const m of mismatches.slice(0, 20)) console.error(JSON.stringify(m));
    process.exitCode = 1;
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
