import { parseArgs } from "node:util";
import { openDatabase } from "#db/client";
import type { TokenRole } from "#db/schema";
import { migrateToLatest } from "#db/migrate";
import { findSectorIdsByCodes } from "../app/modules/accounts/users.repository.server";
import { issueApiToken } from "../app/modules/accounts/staff-accounts.service.server";
import { EnvError, parseEnv } from "../app/env.server";

const ROLES: readonly TokenRole[] = ["administrator", "manager", "viewer", "integration", "kiosk"];

/**
 * `npm run token:create -- --role R [--sector S]... [--name N]`: prints a new API
 * bearer token once; only its hash is stored.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      role: { type: "string" },
      sector: { type: "string", multiple: true, default: [] },
      name: { type: "string" },
    },
  });
  const role = values.role as TokenRole | undefined;
  if (!role || !ROLES.includes(role)) throw new Error(`--role must be one of ${ROLES.join(", ")}`);
  if (role === "manager" && values.sector.length === 0) throw new Error("a manager token needs at least one --sector");

  const db = openDatabase(parseEnv().databaseUrl);
  try {
    await migrateToLatest(db);
    const sectors = await findSectorIdsByCodes(db, values.sector);
    const unknown = values.sector.filter((code) => !sectors.has(code));
    if (unknown.length > 0) throw new Error(`unknown sector: ${unknown.join(", ")}`);
    const issued = await issueApiToken(db, { userId: null, name: "npm run token:create" }, {
      name: (values.name ?? `${role} token ${new Date().toISOString().slice(0, 10)}`).slice(0, 120),
      role,
      sectors: [...sectors.keys()],
      createdBy: null,
    });
    if (!issued.ok) throw new Error(`the token could not be stored: ${issued.problem.message}`);
    console.log(issued.value.secret);
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError || error instanceof Error ? error.message : error);
  process.exit(1);
});
