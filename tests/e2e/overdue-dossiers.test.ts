import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { openDatabase, type DB } from "#db/client";
import { parseDossierPost } from "~/domain/dossiers";
import { recordDossier } from "~/modules/dossiers/dossiers.service.server";
import { startApp, type AppProcess } from "../setup/app-process";
import { createToken } from "./support/callers";

/**
 * A dossier that passes its due time while no request arrives becomes late:
 * the app process checks at start-up (before it listens) and every minute.
 * Two processes starting together on one database check at once.
 */

const DAY = 24 * 60 * 60 * 1000;
const OVERDUE = 8;

let dir: string;
let db: DB;
let apps: AppProcess[] = [];
const codes = Array.from({ length: OVERDUE }, (_, i) => `OVERDUE-${i + 1}`);
const dueAt = new Date(Date.now() - 2 * DAY).toISOString();

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-overdue-"));
  const file = path.join(dir, "app.db");
  fs.copyFileSync(inject("templateDatabase"), file);
  db = openDatabase(`file:${file}`);
  // Posted while they were still on time, then nothing more was heard of them.
  const postedAt = new Date(Date.now() - 5 * DAY);
  for (const code of [...codes, "RETURNED-1"]) {
    const parsed = parseDossierPost(
      {
        code,
        servicePoint: "HN-01",
        sector: "construction",
        receivedAt: new Date(Date.now() - 6 * DAY).toISOString(),
        dueAt,
        returnedAt: code.startsWith("RETURNED") ? postedAt.toISOString() : null,
      },
      postedAt,
    );
    if (!parsed.ok) throw new Error(parsed.message);
    const stored = await recordDossier(db, { userId: null, name: "test" }, { sectorIds: null }, parsed.value, { now: postedAt, apologyDueHours: 24 });
    if (!stored.ok) throw new Error(stored.problem.message);
  }
  const env = { APOLOGY_DUE_HOURS: "6" };
  apps = await Promise.all([startApp(`file:${file}`, { env }), startApp(`file:${file}`, { env })]);
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  await db?.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("overdue dossiers", () => {
  test("are marked late with one apology each, due APOLOGY_DUE_HOURS after their due time, by two processes starting at once", async () => {
    const rows = await db
      .selectFrom("dossiers as d")
      .leftJoin("apologies as a", "a.dossier_id", "d.id")
      .select(["d.code", "d.late_at", "a.status", "a.due_by"])
      .where("d.code", "in", codes)
      .orderBy("d.code")
      .execute();
    const dueBy = new Date(Date.parse(dueAt) + 6 * 60 * 60 * 1000).toISOString();
    expect(rows).toEqual([...codes].sort().map((code) => ({ code, late_at: dueAt, status: "required", due_by: dueBy })));

    const marked = apps
      .flatMap((a) => a.output().split("\n"))
      .filter((line) => line.includes("marked overdue dossiers late"))
      .map((line) => (JSON.parse(line) as { marked: number }).marked);
    expect(marked.reduce((a, b) => a + b, 0)).toBe(OVERDUE);
  });

  test("a returned dossier is left alone, and the API shows the overdue one late with its apology", async () => {
    const returned = await db.selectFrom("dossiers").select("late_at").where("code", "=", "RETURNED-1").executeTakeFirstOrThrow();
    expect(returned.late_at).toBeNull();
    const token = await createToken(db, "integration");
    const response = await fetch(`${apps[0]!.baseUrl}/api/v1/dossiers/OVERDUE-1`, { headers: { Authorization: `Bearer ${token}` } });
    expect(await response.json()).toMatchObject({ code: "OVERDUE-1", status: "in_progress", late: true, onTime: null, apology: { status: "required" } });
  });
});
