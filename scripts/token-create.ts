import { parseArgs } from "node:util";
import { openDatabase } from "#db/client";
import { migrateToLatest } from "#db/migrate";
import { TOKEN_ROLES, type TokenRole } from "../app/domain/enums";
import { issueApiToken } from "../app/modules/accounts/staff-accounts.service.server";
import { EnvError, parseEnv } from "../app/env.server";

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
  if (!role || !TOKEN_ROLES.includes(role)) throw new Error(`--role must be one of ${TOKEN_ROLES.join(", ")}`);
  if (role === "manager" && values.sector.length === 0) throw new Error("a manager token needs at least one --sector");

  const db = openDatabase(parseEnv().databaseUrl);
  try {
    await migrateToLatest(db);
    const issued = await issueApiToken(db, { userId: null, name: "npm run token:create" }, {
      name: (values.name ?? `${role} token ${new Date().toISOString().slice(0, 10)}`).slice(0, 120),
      role,
      sectors: [...new Set(values.sector)],
      createdBy: null,
    });
    if (!issued.ok) throw new Error(issued.problem.message);
    console.log(issued.value.secret);
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError || error instanceof Error ? error.message : error);
  process.exit(1);
});
