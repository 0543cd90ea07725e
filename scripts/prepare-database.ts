import { openDatabase } from "#db/client";
import { migrateToLatest } from "#db/migrate";
import { seedCases } from "#db/seed/cases";
import { seedDossiers } from "#db/seed/dossiers";
import { isEmpty, seedOrganisation, seedResponses } from "#db/seed/seed";
import { rebuildSummaries, summariesMissing } from "../app/modules/indices/summaries.repository.server";

/**
 * Brings the database to the latest schema and, when asked, seeds the demo
 * organisation, `demoResponses` synthetic responses, `demoDossiers`
 * dossiers of the one-stop software and `demoCases` follow-up cases of
 * dissatisfied respondents into an empty database.
 */
export async function prepareDatabase({
  databaseUrl,
  seedDemo,
  demoResponses = 5000,
  demoDossiers = 1200,
  demoCases = 40,
  log = console.log,
}: {
  databaseUrl: string;
  seedDemo: boolean;
  demoResponses?: number;
  demoDossiers?: number;
  demoCases?: number;
  log?: (line: string) => void;
}): Promise<{ seeded: boolean }> {
  const db = openDatabase(databaseUrl);
  try {
    const { results = [] } = await migrateToLatest(db);
    for (const r of results) log(`migration ${r.migrationName}: ${r.status}`);
    if (await summariesMissing(db)) {
      // Responses stored before the summary tables existed: fill them once from the raw answers.
      await rebuildSummaries(db);
      log("rebuilt the summaries from the stored responses");
    }
    if (!seedDemo || !(await isEmpty(db))) return { seeded: false };
    await seedOrganisation(db);
    const n = await seedResponses(db, { count: demoResponses, days: 183, seed: 1 });
    const d = await seedDossiers(db, { count: demoDossiers, days: 183, seed: 1 });
    const c = await seedCases(db, { count: demoCases, seed: 1 });
    log(`seeded the demo organisation, ${n} synthetic responses, ${d} dossiers and ${c} follow-up cases`);
    return { seeded: true };
  } finally {
    await db.destroy();
  }
}
