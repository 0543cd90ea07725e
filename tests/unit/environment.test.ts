import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { EnvError, parseEnv } from "~/env.server";

describe("the environment", () => {
  test("has working defaults outside production", () => {
    const env = parseEnv({ DATABASE_URL: ":memory:" });
    expect(env).toMatchObject({ port: 3000, host: "0.0.0.0", publicBaseUrl: "http://localhost:3000", demoSeed: true });
    expect(env.sessionSecret.length).toBeGreaterThanOrEqual(32);
  });
  test("requires a session secret in production and does not seed demo data there", () => {
    expect(() => parseEnv({ NODE_ENV: "production", DATABASE_URL: ":memory:" })).toThrow(/SESSION_SECRET/);
    const env = parseEnv({ NODE_ENV: "production", DATABASE_URL: ":memory:", SESSION_SECRET: "s".repeat(40) });
    expect(env.demoSeed).toBe(false);
  });
  test.each([
    ["PORT", { PORT: "eighty" }],
    ["PORT", { PORT: "70000" }],
    ["DATABASE_URL", { DATABASE_URL: "mysql://x" }],
    ["PUBLIC_BASE_URL", { PUBLIC_BASE_URL: "ftp://example" }],
    ["DEMO_SEED", { DEMO_SEED: "yes" }],
    ["SESSION_SECRET", { SESSION_SECRET: "short" }],
    ["TRUST_PROXY", { TRUST_PROXY: "true" }],
    ["TRUST_PROXY", { TRUST_PROXY: "-1" }],
    ["TRUST_PROXY", { TRUST_PROXY: "1.5" }],
    ["TRUST_PROXY", { TRUST_PROXY: "100" }],
    ["TRUST_PROXY", { TRUST_PROXY: "10.0.0.1, proxy.internal" }],
    ["TRUST_PROXY", { TRUST_PROXY: "10.0.0.0/33" }],
    ["TRUST_PROXY", { TRUST_PROXY: "10.0.0.1," }],
    ["HASH_RETENTION_DAYS", { HASH_RETENTION_DAYS: "0" }],
    ["HASH_RETENTION_DAYS", { HASH_RETENTION_DAYS: "thirty" }],
    ["HASH_RETENTION_DAYS", { HASH_RETENTION_DAYS: "7.5" }],
    ["LOG_LEVEL", { LOG_LEVEL: "verbose" }],
    ["LOG_LEVEL", { LOG_LEVEL: "INFO" }],
  ])("stops with one line naming %s when it is wrong", (name, vars) => {
    expect(() => parseEnv({ DATABASE_URL: ":memory:", ...vars })).toThrow(EnvError);
    expect(() => parseEnv({ DATABASE_URL: ":memory:", ...vars })).toThrow(new RegExp(`^Invalid environment variable ${name}:`));
  });
  test("keeps IP and device hashes 30 days unless HASH_RETENTION_DAYS says otherwise", () => {
    expect(parseEnv({ DATABASE_URL: ":memory:" }).hashRetentionDays).toBe(30);
    expect(parseEnv({ DATABASE_URL: ":memory:", HASH_RETENTION_DAYS: "7" }).hashRetentionDays).toBe(7);
  });
  test("logs at info unless LOG_LEVEL names another of pino's levels", () => {
    expect(parseEnv({ DATABASE_URL: ":memory:" }).logLevel).toBe("info");
    expect(parseEnv({ DATABASE_URL: ":memory:", LOG_LEVEL: "warn" }).logLevel).toBe("warn");
    expect(parseEnv({ DATABASE_URL: ":memory:", LOG_LEVEL: "silent" }).logLevel).toBe("silent");
  });
  test("drops a trailing slash from the public base URL", () => {
    expect(parseEnv({ DATABASE_URL: ":memory:", PUBLIC_BASE_URL: "https://hailong.nghean.gov.vn/" }).publicBaseUrl).toBe(
      "https://hailong.nghean.gov.vn",
    );
  });
  describe("TRUST_PROXY", () => {
    const trustOf = (value?: string) => parseEnv({ DATABASE_URL: ":memory:", TRUST_PROXY: value }).trustProxy;
    test("unset, empty or 0: no proxy is trusted (the socket address is the client)", () => {
      expect(trustOf(undefined)).toBe(false);
      expect(trustOf("")).toBe(false);
      expect(trustOf("0")).toBe(false);
    });
    test("a number: that many hops", () => {
      expect(trustOf("1")).toBe(1);
      expect(trustOf(" 2 ")).toBe(2);
    });
    test("a comma list: those proxies' addresses or subnets", () => {
      expect(trustOf("10.0.0.1")).toEqual(["10.0.0.1"]);
      expect(trustOf("10.0.0.1, 192.168.0.0/16,::1,fd00::/8")).toEqual(["10.0.0.1", "192.168.0.0/16", "::1", "fd00::/8"]);
    });
  });

  describe("the session secret outside production", () => {
    const postgres = "postgres://hailong:pw@127.0.0.1:5432/hailong";
    let work: string;
    const started = process.cwd();
    beforeEach(() => {
      work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "hailong-env-")));
      process.chdir(work);
    });
    afterEach(() => {
      process.chdir(started);
      fs.rmSync(work, { recursive: true, force: true });
    });

    test("with PostgreSQL is made once into data/local-session-secret, readable by the owner only, and the same at the next start", () => {
      const first = parseEnv({ DATABASE_URL: postgres }).sessionSecret;
      const file = path.join(work, "data", "local-session-secret");
      expect(fs.readFileSync(file, "utf8")).toBe(first);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(first).toMatch(/^[0-9a-f]{64}$/);
      expect(parseEnv({ DATABASE_URL: postgres.replace("postgres:", "postgresql:") }).sessionSecret).toBe(first);
      // Nothing is left beside it.
      expect(fs.readdirSync(path.join(work, "data"))).toEqual(["local-session-secret"]);
    });

    test("a secret already kept (another process started first) is the one used", () => {
      fs.mkdirSync(path.join(work, "data"));
      fs.writeFileSync(path.join(work, "data", "local-session-secret"), `${"k".repeat(40)}\n`, { mode: 0o600 });
      expect(parseEnv({ DATABASE_URL: postgres }).sessionSecret).toBe("k".repeat(40));
    });

    test("processes starting at the same moment end up with one secret", async () => {
      const envModule = pathToFileURL(path.join(started, "app", "env.server.ts")).href;
      // tsx from this checkout, since the children run in the empty directory.
      const tsx = pathToFileURL(path.join(started, "node_modules", "tsx", "dist", "loader.mjs")).href;
      // Each child loads the code, says so, and reads the environment only when told, so all four race for the file.
      const script = [
        `const { parseEnv } = await import(${JSON.stringify(envModule)});`,
        `process.stdout.write("ready\\n");`,
        `await new Promise((go) => process.stdin.once("data", go));`,
        `process.stdout.write(parseEnv({ DATABASE_URL: ${JSON.stringify(postgres)} }).sessionSecret);`,
        `process.stdin.destroy();`,
      ].join("\n");
      const children = Array.from({ length: 4 }, () => {
        const child = spawn(process.execPath, ["--import", tsx, "--input-type=module", "-e", script], { cwd: work, stdio: ["pipe", "pipe", "inherit"] });
        let out = "";
        const ready = new Promise<void>((resolve) => child.stdout.on("data", (chunk: Buffer) => ((out += chunk), out.startsWith("ready\n") && resolve())));
        const secret = new Promise<string>((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve(out.slice("ready\n".length)) : reject(new Error(`exit ${code}`)))));
        return { child, ready, secret };
      });
      await Promise.all(children.map((c) => c.ready));
      for (const c of children) c.child.stdin.write("go\n");
      const secrets = await Promise.all(children.map((c) => c.secret));
      expect(secrets[0]).toMatch(/^[0-9a-f]{64}$/);
      expect(new Set(secrets).size).toBe(1);
      expect(secrets[0]).toBe(fs.readFileSync(path.join(work, "data", "local-session-secret"), "utf8"));
      expect(fs.readdirSync(path.join(work, "data"))).toEqual(["local-session-secret"]);
    }, 30_000);

    test("a kept file with no usable secret stops the start with a line naming the file", () => {
      fs.mkdirSync(path.join(work, "data"));
      fs.writeFileSync(path.join(work, "data", "local-session-secret"), "");
      expect(() => parseEnv({ DATABASE_URL: postgres })).toThrow(EnvError);
      expect(() => parseEnv({ DATABASE_URL: postgres })).toThrow(/local-session-secret holds no usable session secret/);
    });

    test("with SQLite is kept beside the database file", () => {
      const secret = parseEnv({ DATABASE_URL: "file:db/here/app.db" }).sessionSecret;
      expect(fs.readFileSync(path.join(work, "db", "here", "session-secret"), "utf8")).toBe(secret);
      expect(parseEnv({ DATABASE_URL: "file:db/here/app.db" }).sessionSecret).toBe(secret);
      expect(fs.existsSync(path.join(work, "data"))).toBe(false);
    });

    test("with an in-memory database is new at each start and written nowhere", () => {
      const a = parseEnv({ DATABASE_URL: ":memory:" }).sessionSecret;
      const b = parseEnv({ DATABASE_URL: ":memory:" }).sessionSecret;
      expect(a).not.toBe(b);
      expect(fs.readdirSync(work)).toEqual([]);
    });

    test("SESSION_SECRET, when set, is used and nothing is written", () => {
      expect(parseEnv({ DATABASE_URL: postgres, SESSION_SECRET: "s".repeat(40) }).sessionSecret).toBe("s".repeat(40));
      expect(fs.readdirSync(work)).toEqual([]);
    });
  });
});
