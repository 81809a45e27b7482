// Applies prisma/migrations with `prisma migrate deploy` (offline engine settings in scripts/prisma.ts).
import { spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { isConnectionError } from "~/jobs/patient-pool.server";

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

/** The server went away while migrating (restart, shutdown): worth trying again once it is back. */
class ServerGone extends Error {}

/** How long a starting process waits out a database restart before it gives up (and exits). */
export const MIGRATE_RESTART_PATIENCE_MS = 3 * 60_000;

async function applyOnce(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  // The server ending this session while it only holds the lock (a restart during the deploy)
  // emits 'error' on an idle client: unheard, that ended the process (the soak saw a starting
  // worker exit at its PostgreSQL restart). Noted here, it makes the attempt count as lost.
  let lost: Error | null = null;
  client.on("error", (error) => (lost = error));
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw isConnectionError(error) ? new ServerGone(String(error), { cause: error }) : error;
  }
  try {
    await client.query(`SET lock_timeout = ${MIGRATE_QUEUE_TIMEOUT_MS}`);
    await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [QUEUE_LOCK]);
    await prismaDeploy(databaseUrl);
  } catch (error) {
    // Prisma's "can't reach the server" (P1001) and "server closed the connection" (P1017).
    const gone = lost !== null || isConnectionError(error) || /\bP10(01|17)\b/.test(String(error));
    throw gone ? new ServerGone(String(error), { cause: error }) : error;
  } finally {
    // Closing the session releases the lock, whatever happened above.
    await client.end().catch(() => undefined);
  }
}

/** Applies the migrations, waiting out a database that restarts meanwhile (up to `patienceMs`). */
export async function applyMigrations(databaseUrl: string, patienceMs = MIGRATE_RESTART_PATIENCE_MS): Promise<void> {
  const started = Date.now();
  for (let delay = 250; ; delay = Math.min(5_000, delay * 2)) {
    try {
      return await applyOnce(databaseUrl);
    } catch (error) {
      if (!(error instanceof ServerGone) || Date.now() - started + delay > patienceMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
