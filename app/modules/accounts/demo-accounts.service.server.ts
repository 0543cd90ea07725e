import type { DB } from "#db/client";
import { listAccountCredentials } from "./demo-accounts.repository.server";
import { normaliseEmail, verifyPassword } from "./sessions.service.server";

/**
 * Why a production server must not start on this database, or null: the demo
 * accounts (whose emails and password the README publishes) are present, or
 * some account still has the demo password. Checked once at start-up; every
 * hash is verified, in parallel on libuv's thread pool.
 */
export async function demoCredentialsRefusal(db: DB, demo: { emails: readonly string[]; password: string }): Promise<string | null> {
  const accounts = await listAccountCredentials(db);
  const demoEmails = new Set(demo.emails.map(normaliseEmail));
  const present = accounts.filter((a) => demoEmails.has(normaliseEmail(a.email))).map((a) => a.email);
  if (present.length > 0) return `the demo accounts are present (${present.join(", ")}): remove them before serving in production`;
  const verdicts = await Promise.all(accounts.map((a) => verifyPassword(a.passwordHash, demo.password)));
  const withDemoPassword = accounts.filter((_, i) => verdicts[i]).map((a) => a.email);
  if (withDemoPassword.length > 0) {
    return `${withDemoPassword.length} account(s) still have the public demo password (${withDemoPassword.join(", ")}): reset them before serving in production`;
  }
  return null;
}
