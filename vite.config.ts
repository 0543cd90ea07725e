import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
    tsconfigPaths(),
  ],
  build: {
    // better-sqlite3 and argon2 are native: keep them out of the bundle.
    rollupOptions: { external: ["better-sqlite3", "@node-rs/argon2"] },
  },
  ssr: {
    noExternal: ["remix-i18next"],
  },
  // The dev server's dependency scan reaches server-only modules; a native
  // addon cannot be pre-bundled for the browser (and is never sent there).
  optimizeDeps: {
    exclude: ["@node-rs/argon2", "better-sqlite3", "@remix-run/node", "rate-limiter-flexible", "kysely"],
    // Everything the browser needs, optimised in one pass: a late re-optimisation
    // would load a second copy of React next to the first.
    include: [
      "react",
      "react-dom",
      "react-dom/client",
      "react/jsx-runtime",
      "react/jsx-dev-runtime",
      "i18next",
      "react-i18next",
      "remix-i18next/client",
      "remix-i18next/react",
      "chart.js",
      "react-chartjs-2",
      "zod",
    ],
  },
});
