// `npm run migrate:new -- <name>`: writes the SQL migration from the datamodel as of the last
// migration (prisma/migrations/datamodel.snapshot.prisma) to the current prisma/schema, offline.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { diffSchemas } from "./schema-sql";

const root = path.resolve(import.meta.dirname, "..");
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  process.stderr.write("usage: npm run migrate:new -- <name in snake_case>\n");
  process.exit(1);
}
const schemaDir = path.join(root, "prisma", "schema");
const snapshot = path.join(root, "prisma", "migrations", "datamodel.snapshot.prisma");
const current = fs
  .readdirSync(schemaDir)
  .filter((file) => file.endsWith(".prisma"))
  .sort()
  .map((file) => fs.readFileSync(path.join(schemaDir, file), "utf8"))
  .join("\n");

// The diff reads whole files; give it the snapshot as a file of its own.
const previous = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rapport-migrate-")), "previous.prisma");
fs.copyFileSync(snapshot, previous);
const sql = await diffSchemas(previous, schemaDir);
if (!/\S/.test(sql.replace(/^--.*$/gm, "")) || /This is an empty migration/.test(sql)) {
  process.stdout.write("No schema changes since the last migration.\n");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = path.join(root, "prisma", "migrations", `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
fs.writeFileSync(snapshot, current);
process.stdout.write(
  `wrote ${path.relative(root, dir)}/migration.sql; review it, then restart the app or run the tests to apply it\n`,
);
