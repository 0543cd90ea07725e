import { parseArgs } from "node:util";
import { openDatabase } from "#db/client";
import { migrateToLatest } from "#db/migrate";
import { seedDossiers } from "#db/seed/dossiers";
import { DEMO_POINTS, isEmpty, seedOrganisation, seedResponses } from "#db/seed/seed";
import { EnvError, parseEnv } from "../app/env.server";

/**
 * `npm run db:seed -- [--responses N] [--dossiers M] [--days D] [--seed S] [--points P]`:
 * the demo organisation (when the database has none), with P service points
 * (the demo's ten by default; more are generated, for benchmarks), N
 * synthetic responses spread over its points, and M dossiers of the one-stop
 * software at its administrative points (some answered with their tickets by
 * those responses, so seed the responses in the same run).
 */
async function main() {
  const { values } = parseArgs({
    options: {
      responses: { type: "string", default: "0" },
      dossiers: { type: "string", default: "0" },
      days: { type: "string", default: "183" },
      seed: { type: "string", default: "1" },
      points: { type: "string" },
    },
  });
  const count = Number(values.responses);
  const dossiers = Number(values.dossiers);
  const days = Number(values.days);
  const seed = Number(values.seed);
  const points = values.points === undefined ? DEMO_POINTS : Number(values.points);
  for (const [name, value, min] of [["--responses", count, 0], ["--dossiers", dossiers, 0], ["--days", days, 1], ["--seed", seed, 0], ["--points", points, 1]] as const) {
    if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}`);
  }

  const db = openDatabase(parseEnv().databaseUrl);
  try {
    await migrateToLatest(db);
    if (await isEmpty(db)) {
      await seedOrganisation(db, { points });
      console.log(`Seeded the demo organisation (${points} service points), questionnaires and accounts.`);
    } else if (values.points !== undefined) {
      throw new Error("--points applies to an empty database only: this one has its organisation already");
    } else {
      console.log("The organisation is already there; adding responses only.");
    }
    const started = Date.now();
    const n = await seedResponses(db, { count, days, seed });
    if (n > 0) console.log(`Added ${n} synthetic responses over ${days} days (seed ${seed}) in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    const d = await seedDossiers(db, { count: dossiers, days, seed });
    if (d > 0) console.log(`Added ${d} dossiers over ${days} days (seed ${seed}), with their apologies and tickets.`);
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error instanceof Error ? error.message : error);
  process.exit(1);
});
