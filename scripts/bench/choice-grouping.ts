/**
 * How long `groupBy=choice` takes beside the other unit groupings, in process
 * (no HTTP), over the last year of a seeded database:
 * `DATABASE_URL=file:… npx tsx scripts/bench/choice-grouping.ts`.
 * Seed one with `npm run db:seed -- --responses N --days 365 --points 300`.
 */
import { openDatabase } from "#db/client";
import { parseIndexQuery } from "~/domain/index-query";
import { addDays } from "~/domain/periods";
import { computeIndexRows } from "~/modules/indices/indices.service.server";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL names the seeded database");
const db = openDatabase(url);
const latest = await db.selectFrom("responses").select((eb) => eb.fn.max("answered_date").as("d")).executeTakeFirstOrThrow();
const to = String(latest.d);
const from = addDays(to, -364);
const cases: Array<Record<string, string>> = [
  { groupBy: "servicePoint" },
  { groupBy: "question" },
  { groupBy: "choice", question: "submission_channel" },
  { groupBy: "choice", question: "visits" },
  { groupBy: "choice", question: "visits", sector: "land" },
];
for (const params of cases) {
  const parsed = parseIndexQuery(new URLSearchParams({ ...params, from, to }), new Date());
  if (!parsed.ok) throw new Error(parsed.problem.message);
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < 25; i++) {
    const started = performance.now();
    const result = await computeIndexRows(db, parsed.value, { sectorIds: null });
    times.push(performance.now() - started);
    if (!result.ok) throw new Error(result.problem.message);
    rows = result.value.rows.length;
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  console.log(`${new URLSearchParams(params)}: ${rows} rows, p50 ${p(0.5)} ms, p95 ${p(0.95)} ms`);
}
await db.destroy();
