// Pre-release only: rewrites the single initial migration from prisma/schema and regenerates
// the client. Once a release has shipped, use `npm run migrate:new -- NAME` instead.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { diffSchemas } from "./schema-sql";

const root = path.resolve(import.meta.dirname, "..");
const sql = await diffSchemas("empty", path.join(root, "prisma/schema"));
const target = path.join(root, "prisma/migrations/20261129000000_init/migration.sql");
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, sql);
const generate = spawnSync(
  process.execPath,
  [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "scripts/prisma.ts"), "generate"],
  { stdio: "inherit", cwd: root },
);
process.stdout.write(`wrote ${path.relative(root, target)} (${sql.split("\n").length} lines)\n`);
process.exit(generate.status ?? 1);
