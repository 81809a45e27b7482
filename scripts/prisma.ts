// Runs the Prisma CLI offline: Prisma must never try to download its Rust engines here
// (docs/decisions/0002-prisma-offline.md).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const env = {
  ...process.env,
  PRISMA_QUERY_ENGINE_LIBRARY: "/nonexistent/prisma-query-engine",
  PRISMA_SCHEMA_ENGINE_BINARY: "/nonexistent/prisma-schema-engine",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
  DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://unset@localhost:1/unset",
};
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: "inherit", env });
process.exit(result.status ?? 1);
