import { openDatabase } from "#db/client";
import { migrateToLatest } from "#db/migrate";
import { seedOrganisation, seedResponses } from "#db/seed/seed";
import { parsePublicationPeriod } from "~/domain/publication";
import { autoPublish, buildSnapshot, readPublishedResults } from "~/modules/publication/publication.service.server";
import fs from "node:fs";
const file = "/tmp/snapbench/app.db";
const fresh = !fs.existsSync(file);
fs.mkdirSync("/tmp/snapbench", { recursive: true });
const db = openDatabase(`file:${file}`);
if (fresh) {
  await migrateToLatest(db);
  await seedOrganisation(db);
  const t = Date.now();
  await seedResponses(db, { count: 200_000, days: 365, seed: 7 });
  console.log("seeded 200k in", Date.now() - t, "ms");
}
const time = async (label: string, f: () => Promise<unknown>, n = 5) => {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); await f(); ms.push(performance.now() - t); }
  ms.sort((a, b) => a - b);
  console.log(label, "p50", ms[Math.floor(n / 2)]!.toFixed(1), "ms", "min", ms[0]!.toFixed(1));
};
const month = parsePublicationPeriod("2026-10")!;
const year = parsePublicationPeriod("2025")!;
await time("snapshot month", () => buildSnapshot(db, month));
await time("snapshot quarter", () => buildSnapshot(db, parsePublicationPeriod("2026-Q3")!));
await time("snapshot year 2025", () => buildSnapshot(db, year));
await db.deleteFrom("publications").execute();
let t = performance.now();
const done = await autoPublish(db, { afterDays: 5 });
console.log("autoPublish cold", (performance.now() - t).toFixed(0), "ms for", done.length, "periods");
t = performance.now();
await autoPublish(db, { afterDays: 5 });
console.log("autoPublish warm", (performance.now() - t).toFixed(1), "ms");
await time("read published (cold cache first)", () => readPublishedResults(db, { period: null, revision: null }), 21);
const json = (await db.selectFrom("publications").select("snapshot_json").where("period", "=", "2026-10").executeTakeFirst())?.snapshot_json;
console.log("snapshot json bytes", json?.length);
await db.destroy();
