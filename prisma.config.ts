// Prisma CLI configuration. The JS schema engine (driver adapter) is used because
// Prisma's Rust engines cannot be downloaded on these machines; see
// docs/decisions/0002-prisma-offline.md.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "prisma-adapter-pg-7";

export default defineConfig({
  experimental: { adapter: true },
  schema: path.join("prisma", "schema"),
  migrations: { path: path.join("prisma", "migrations") },
  engine: "js",
  adapter: async () =>
    // allowExitOnIdle: without it the idle pool keeps every CLI call alive for 10 s.
    new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "", allowExitOnIdle: true }),
});
