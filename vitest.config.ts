import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

/** The integration files again on PostgreSQL, when TEST_DATABASE_URL names a server (.ci/run starts one). */
const postgres = process.env.TEST_DATABASE_URL
  ? [
      {
        extends: true as const,
        test: {
          name: "integration-pg",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/setup/global-database.ts", "tests/setup/global-postgres.ts"],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true as const,
        test: {
          // The survey, the dashboard and several processes on PostgreSQL; the whole e2e suite runs on SQLite.
          name: "e2e-pg",
          include: ["tests/e2e/survey.test.ts", "tests/e2e/dashboard.test.ts", "tests/e2e/two-processes*.test.ts", "tests/e2e/accountability-journey.test.ts", "tests/e2e/publication-journey.test.ts", "tests/e2e/hostile-input.test.ts", "tests/e2e/kiosk.test.ts"],
          environment: "node",
          globalSetup: ["tests/setup/global-database.ts", "tests/setup/global-postgres.ts", "tests/setup/global-server.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ]
  : [];

// Vitest must not load the Remix Vite plugin: aliases only.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.{ts,tsx}"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/setup/global-database.ts"],
          testTimeout: 20_000,
        },
      },
      ...postgres,
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/setup/global-database.ts", "tests/setup/global-server.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
