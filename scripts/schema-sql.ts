// Prints the SQL that takes one Prisma datamodel to another, using a throwaway embedded
// PostgreSQL (Prisma's JS schema engine needs a live connection even for a diff).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedPostgres } from "~/db/postgres.server";

const root = path.resolve(import.meta.dirname, "..");

export async function diffSchemas(from: string | "empty", to: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rapport-schema-"));
  fs.chmodSync(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port: await freePort() });
  try {
    const fromArgs = from === "empty" ? ["--from-empty"] : ["--from-schema-datamodel", from];
    const result = spawnSync(
      process.execPath,
      [
        path.join(root, "node_modules/tsx/dist/cli.mjs"),
        path.join(root, "scripts/prisma.ts"),
        "migrate",
        "diff",
        ...fromArgs,
        "--to-schema-datamodel",
        to,
        "--script",
      ],
      { cwd: root, env: { ...process.env, DATABASE_URL: server.url }, encoding: "utf8" },
    );
    if (result.status !== 0) throw new Error(`prisma migrate diff failed:\n${result.stderr}${result.stdout}`);
    return result.stdout
      .split("\n")
      .filter((line) => !line.startsWith("Loaded Prisma config"))
      .join("\n");
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
