// Applies prisma/migrations with `prisma migrate deploy` (offline engine settings in scripts/prisma.ts).
import { spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";

const root = path.resolve(import.meta.dirname, "..", "..");

// Every app and worker process applies the migrations as it starts. Prisma serialises them with an
// advisory lock but gives up after 10 s (P1002), so processes started together on a loaded machine
// failed to start while another held it. They queue on a lock of ours first, with no such limit
// but this one, and each finds Prisma's lock free.
const QUEUE_LOCK = "rapport:migrate";
export const MIGRATE_QUEUE_TIMEOUT_MS = 5 * 60_000;

async function prismaDeploy(databaseUrl: string): Promise<void> {
  const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
  const script = path.join(root, "scripts", "prisma.ts");
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [tsx, script, "migrate", "deploy"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) throw new Error(`prisma migrate deploy failed:\n${output.join("")}`);
}

export async function applyMigrations(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`SET lock_timeout = ${MIGRATE_QUEUE_TIMEOUT_MS}`);
    await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [QUEUE_LOCK]);
    await prismaDeploy(databaseUrl);
  } finally {
    // Closing the session releases the lock, whatever happened above.
    await client.end();
  }
}
