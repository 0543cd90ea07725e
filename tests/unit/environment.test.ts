import { describe, expect, test } from "vitest";
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
});
