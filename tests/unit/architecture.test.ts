import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { cruise, type IConfiguration, type ICruiseResult } from "dependency-cruiser";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { afterAll, describe, expect, test } from "vitest";

// The walls are the project's own config, so `npx depcruise app db scripts` and this test agree.
const config = (await import(path.resolve(".dependency-cruiser.cjs"))).default as IConfiguration;
const RULES = (config.forbidden ?? []).map((r) => r.name!);

async function violationsIn(dirs: string[], baseDir: string, tsConfigFile?: string) {
  const options = { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden }, baseDir };
  if (tsConfigFile) options.tsConfig = { fileName: tsConfigFile };
  else delete options.tsConfig;
  const transpile = tsConfigFile ? { tsConfig: extractTSConfig(path.join(baseDir, tsConfigFile)) } : undefined;
  const { output } = await cruise(dirs, options, undefined, transpile);
  const result = output as ICruiseResult;
  return (result.summary.violations ?? []).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe("the house's walls", () => {
  test("no route, component, domain file, module or migration crosses a wall", async () => {
    expect(await violationsIn(["app", "db", "scripts"], process.cwd(), "tsconfig.json")).toEqual([]);
  }, 60_000);

  // A small tree with one breach of every wall, so a rule that stopped matching (a typo in a path) fails here.
  const fixture = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-walls-"));
  afterAll(() => fs.rmSync(fixture, { recursive: true, force: true }));
  const files: Record<string, string> = {
    "app/modules/x/x.repository.server.ts": "export const rows = 1;\n",
    "app/modules/x/x.service.server.ts":
      'import { openDatabase } from "../../../db/client";\nimport type { Row } from "../../../db/schema";\nimport { page } from "../../routes/page";\nexport const s = (r: Row) => [openDatabase, page, r];\n',
    "app/modules/x/types.ts": "export type View = { n: number };\n",
    "app/db.server.ts": "export const getDb = () => 1;\n",
    "db/client.ts": "export const openDatabase = () => 1;\n",
    "db/schema.ts": "export type Row = { id: number };\n",
    "db/migrations/0001.ts": 'import { rows } from "../../app/modules/x/x.repository.server";\nexport const m = rows;\n',
    "app/routes/page.ts":
      'import { rows } from "../modules/x/x.repository.server";\nimport { getDb } from "../db.server";\nimport { openDatabase } from "../../db/client";\nimport { sql } from "kysely";\nexport const page = [rows, getDb, openDatabase, sql];\n',
    "app/components/card.tsx": 'import { s } from "../modules/x/x.service.server";\nimport type { View } from "../modules/x/types";\nexport const card = (v: View) => [s, v];\n',
    "app/domain/rule.ts": 'import fs from "node:fs";\nimport type { Row } from "../../db/schema";\nimport type { View } from "../modules/x/types";\nexport const rule = (r: Row, v: View) => [fs, r, v];\n',
  };
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(fixture, file)), { recursive: true });
    fs.writeFileSync(path.join(fixture, file), text);
  }
  fs.symlinkSync(path.resolve("node_modules"), path.join(fixture, "node_modules"));

  test("every wall stops the breach it is there for", async () => {
    const found = await violationsIn(["app", "db"], fixture);
    const broken = new Set(found.map((v) => v.split(":")[0]));
    expect([...broken].sort()).toEqual([...RULES].sort());
    // …and a component may still import a module's view types.
    expect(found.some((v) => v.includes("card.tsx → app/modules/x/types.ts"))).toBe(false);
  }, 60_000);
});
