import type { DB } from "#db/client";

/** Every account's email and password hash, active or not (a deactivated account can be reactivated). */
export async function listAccountCredentials(db: DB): Promise<Array<{ email: string; passwordHash: string }>> {
  const rows = await db.selectFrom("users").select(["email", "password_hash"]).orderBy("id").execute();
  return rows.map((r) => ({ email: r.email, passwordHash: r.password_hash }));
}
