import fs from "node:fs";
import path from "node:path";

export type RouteFile = {
  file: string;
  /** The URL pattern Remix's flat routes give the file: `/admin/posters/:code.svg`. */
  pattern: string;
  /** Whether the module exports an action (takes POSTs). */
  hasAction: boolean;
};

/**
 * Turns a flat-routes file name into its URL pattern: dots are slashes, `$x`
 * is a parameter, `[…]` literal text (`[.]`, `[.svg]`), `_index` the parent's own page, and a
 * segment ending in `_` leaves the parent's layout without changing the URL.
 */
export function patternOf(file: string): string {
  const name = path.basename(file).replace(/\.(tsx?|jsx?)$/, "");
  const segments = name
    .replace(/\[([^\]]*)\]/g, (_m, literal: string) => literal.replace(/\./g, "\u0000"))
    .split(".")
    .filter((s) => s !== "_index" && !/^_[^_]/.test(s))
    .map((s) => s.replace(/_$/, "").replace(/^\$(\w+)/, ":$1").replace(/\u0000/g, "."));
  return `/${segments.join("/")}`;
}

/** Every route file whose URL starts with `prefix`, read from app/routes. */
export function routeFiles(prefix: string): RouteFile[] {
  const dir = path.resolve("app/routes");
  return fs
    .readdirSync(dir)
    .filter((f) => /\.(tsx?|jsx?)$/.test(f))
    .map((f) => {
      const source = fs.readFileSync(path.join(dir, f), "utf8");
      return { file: f, pattern: patternOf(f), hasAction: /export (async function|const|function) action\b/.test(source) };
    })
    .filter((r) => r.pattern === prefix || r.pattern.startsWith(`${prefix}/`));
}

/** A concrete URL for a pattern, each parameter filled from `values` (or "1"). */
export function fill(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(values[name] ?? "1"));
}
