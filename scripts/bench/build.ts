import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const BUILD_DIR = "build";
const SERVER_BUILD = "build/server/index.js";
/** What the production build is made from. */
const SOURCES = ["app", "public", "locales", "vite.config.ts", "package.json"];
const ATTEMPTS = 3;

function newestModification(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(entry)
    .reduce((newest, name) => Math.max(newest, newestModification(path.join(entry, name))), stat.mtimeMs);
}

/** Why the build must be (re)made, or null when the one on disk is current. */
function reasonToBuild(): string | null {
  const built = fs.statSync(SERVER_BUILD, { throwIfNoEntry: false });
  if (!built) return "there is no build yet";
  const newest = Math.max(...SOURCES.map(newestModification));
  return newest > built.mtimeMs ? "the sources changed since the last build" : null;
}

function build(): void {
  const result = spawnSync("npx", ["remix", "vite:build"], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`the build failed:\n${result.stdout}\n${result.stderr}`);
}

/** A build is whole when its server exists and every asset it names is on disk. */
function isComplete(buildDir: string): boolean {
  const server = path.join(buildDir, "server/index.js");
  if (!fs.existsSync(server) || !fs.existsSync(path.join(buildDir, "client/survey.js"))) return false;
  const assets = fs.readFileSync(server, "utf8").matchAll(/"\/(assets\/[^"]+)"/g);
  return [...assets].every(([, asset]) => fs.existsSync(path.join(buildDir, "client", asset!)));
}

/**
 * Copies a current, complete production build into `dir`/build and returns
 * how it was obtained. Built when missing or older than its sources, so the
 * figures are those of the code on disk. The copy is served, because other
 * tools (the end-to-end tests) rebuild build/ in place at any moment, and a
 * server reading its static files from there would then answer 404.
 */
export function snapshotFreshBuild(dir: string, log: (line: string) => void): "built" | "reused" {
  let how: "built" | "reused" = "reused";
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const reason = reasonToBuild() ?? (isComplete(BUILD_DIR) ? null : "the build on disk is incomplete");
    if (reason) {
      log(`Production build: building with \`npx remix vite:build\` because ${reason}…`);
      build();
      how = "built";
    } else {
      log(`Production build: reusing ${BUILD_DIR}/ (newer than every source file).`);
    }
    const copy = path.join(dir, BUILD_DIR);
    fs.rmSync(copy, { recursive: true, force: true });
    fs.cpSync(BUILD_DIR, copy, { recursive: true });
    if (isComplete(copy)) return how;
    log("Production build: the copy is incomplete (another process is rebuilding build/); trying again.");
  }
  throw new Error(`could not get a complete copy of ${BUILD_DIR}/ in ${ATTEMPTS} attempts`);
}
