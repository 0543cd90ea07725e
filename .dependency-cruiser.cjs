/**
 * The walls of the house (docs/decisions/012… and README "Layout"). Checked in
 * `npm test` by tests/unit/architecture.test.ts; `npx depcruise app db scripts`
 * prints the same report.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "routes-use-services-not-repositories",
      comment: "A route calls a module's service; only services touch repositories.",
      severity: "error",
      from: { path: "^app/routes/" },
      to: { path: "\\.repository\\.server\\.ts$" },
    },
    {
      name: "routes-get-the-database-from-the-load-context",
      comment: "Routes never open or fetch the database: they pass context.db to services.",
      severity: "error",
      from: { path: "^app/routes/" },
      to: { path: "^(app/db\\.server\\.ts|db/client\\.ts)$" },
    },
    {
      name: "routes-write-no-sql",
      comment: "SQL lives in repositories.",
      severity: "error",
      from: { path: "^app/routes/" },
      to: { path: "node_modules/kysely/" },
    },
    {
      name: "domain-is-pure",
      comment: "app/domain imports only app/domain (and pure libraries such as zod): no I/O, no app layers, no db.",
      severity: "error",
      from: { path: "^app/domain/" },
      to: { pathNot: "^app/domain/|node_modules/zod/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "domain-is-pure-even-in-types",
      comment: "Not even a type from another layer: the enums live in domain and db/ imports them.",
      severity: "error",
      from: { path: "^app/domain/" },
      to: { path: "^(app/(?!domain/)|db/|scripts/)" },
    },
    {
      name: "domain-uses-no-node-builtins",
      severity: "error",
      from: { path: "^app/domain/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "components-never-import-server-code",
      comment: "Components import domain and module view types (types.ts), never *.server code.",
      severity: "error",
      from: { path: "^app/components/" },
      to: { path: "\\.server\\.tsx?$" },
    },
    {
      name: "components-import-no-module-internals",
      severity: "error",
      from: { path: "^app/components/" },
      to: { path: "^app/(modules/[^/]+/(?!types\\.ts$)|http/|routes/)" },
    },
    {
      name: "modules-do-not-reach-up",
      comment: "Data flows route → http → module → repository/domain: a module never imports a route or the request boundary.",
      severity: "error",
      from: { path: "^app/modules/" },
      to: { path: "^app/(routes|http)/" },
    },
    {
      name: "migrations-are-frozen",
      comment: "A migration is a frozen script over Kysely<any>: it imports no app code, schema or seed.",
      severity: "error",
      from: { path: "^db/migrations/" },
      to: { path: "^(app/|db/(?!migrations/)|scripts/)" },
    },
    {
      name: "only-scripts-open-the-database",
      comment: "Services take db explicitly; app code may name the DB type but never opens or fetches a connection (no getDb).",
      severity: "error",
      from: { path: "^app/" },
      to: { path: "^(app/db\\.server\\.ts|db/client\\.ts)$", dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(build|public)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"] },
  },
};
