// Database handles: a Prisma client for row-at-a-time work and a pg pool for set-based SQL and
// COPY, sharing one pool of connections. The process keeps three (docs/decisions/0120): web
// requests and webhook intake, exports and previews, and the worker, each bounded on its own.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { PrismaClient } from "~/generated/prisma/client";

export interface Db {
  prisma: PrismaClient;
  pool: pg.Pool;
  close: () => Promise<void>;
}

/** `COPY … FROM STDIN` on `client` from COPY text (one string, or chunks); the rows PostgreSQL took. */
export async function copyInto(
  client: pg.ClientBase,
  sql: string,
  data: string | Iterable<string | Buffer> | AsyncIterable<string | Buffer>,
): Promise<number> {
  const stream = client.query(copyFrom(sql));
  await pipeline(typeof data === "string" ? Readable.from([data]) : Readable.from(data), stream);
  return stream.rowCount;
}

export interface PoolOptions {
  max?: number;
  /** How long a checkout may wait for a free connection (and a connect may take) before failing. */
  connectionTimeoutMs?: number;
  /** PostgreSQL cancels any statement running longer (statement_timeout); none when unset. */
  statementTimeoutMs?: number;
}

export function createDb(url: string, options: PoolOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs,
    // Sent as a start-up parameter, so the server enforces it for Prisma's queries too.
    statement_timeout: options.statementTimeoutMs,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    close: async () => {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}

export type PoolRole = "web" | "reports" | "worker";

/**
 * Web requests and webhook intake answer in seconds; exports and previews may scan a whole shop
 * but get few connections, so they cannot starve intake; the worker's set-based recompute and
 * bulk writes run single statements of tens of seconds at 1M customers (BENCHMARKS.md).
 */
export const POOLS: Record<PoolRole, Required<PoolOptions>> = {
  web: { max: 10, connectionTimeoutMs: 10_000, statementTimeoutMs: 30_000 },
  reports: { max: 3, connectionTimeoutMs: 10_000, statementTimeoutMs: 300_000 },
  // Jobs can wait longer for a connection: nobody is waiting on an answer, and a failed job retries.
  worker: { max: 10, connectionTimeoutMs: 120_000, statementTimeoutMs: 1_800_000 },
};

const globalForDb = globalThis as unknown as { rapportDbs?: Partial<Record<PoolRole, Db>> };

/** The process-wide handle of `role` (web by default), on DATABASE_URL, opened on first use. */
export function db(role: PoolRole = "web"): Db {
  const handles = (globalForDb.rapportDbs ??= {});
  let handle = handles[role];
  if (!handle) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the app through scripts/start.ts or scripts/dev.ts");
    handle = handles[role] = createDb(url, POOLS[role]);
  }
  return handle;
}

/** Closes every process-wide handle opened so far. */
export async function closeDatabases(): Promise<void> {
  const handles = globalForDb.rapportDbs ?? {};
  globalForDb.rapportDbs = {};
  await Promise.all(Object.values(handles).map((handle) => handle.close()));
}

/** Runs `work` on one pooled connection inside BEGIN … COMMIT, rolling back if it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
