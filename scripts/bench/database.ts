import crypto from "node:crypto";
import { hash } from "@node-rs/argon2";
import SQLite from "better-sqlite3";
import { openDatabase } from "#db/client";
import { migrateToLatest } from "#db/migrate";
import { seedOrganisation } from "#db/seed/seed";

/** A database at the latest schema with the demo organisation and no responses. */
export async function prepareEmptyDatabase(file: string): Promise<void> {
  const db = openDatabase(`file:${file}`);
  try {
    await migrateToLatest(db);
    await seedOrganisation(db);
  } finally {
    await db.destroy();
  }
}

/**
 * The app is measured as a province runs it, with NODE_ENV=production, which
 * refuses demo credentials: the bench's copy renames the demo accounts and
 * gives them an unknown password first, as a deployment would.
 */
export async function retireDemoAccounts(file: string): Promise<void> {
  const passwordHash = await hash(crypto.randomBytes(24).toString("base64url"));
  const db = new SQLite(file);
  try {
    db.prepare("update users set email = 'bench-' || id || '@bench.invalid', password_hash = ?").run(passwordHash);
  } finally {
    db.close();
  }
}

export type StoredResponses = {
  clientIds: Set<string>;
  answers: number;
  /** How many stored responses carry each flag reason (`too_fast`, `ip_burst`…). */
  flags: Record<string, number>;
};

/** What a server stored, read once it has stopped. */
export function readStoredResponses(file: string): StoredResponses {
  const db = new SQLite(file);
  try {
    const ids = db.prepare("select client_id from responses").pluck().all() as string[];
    const answers = db.prepare("select count(*) from answers").pluck().get() as number;
    const reasons = db.prepare("select flag_reason from responses where flag_reason is not null").pluck().all() as string[];
    const flags: Record<string, number> = {};
    for (const reason of reasons.flatMap((r) => r.split(","))) flags[reason] = (flags[reason] ?? 0) + 1;
    return { clientIds: new Set(ids), answers, flags };
  } finally {
    db.close();
  }
}
