// The one database handle: a Prisma client for row-at-a-time work and a pg pool for
// set-based SQL and COPY. Both share the same pool of connections.
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
export async function copyInto(client: pg.ClientBase, sql: string, data: string | Iterable<string | Buffer> | AsyncIterable<string | Buffer>): Promise<number> {
  const stream = client.query(copyFrom(sql));
  await pipeline(typeof data === "string" ? Readable.from([data]) : Readable.from(data), stream);
  return stream.rowCount;
}

export function createDb(url: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
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

const globalForDb = globalThis as unknown as { rapportDb?: Db };

/** The process-wide handle, on DATABASE_URL (set by the launcher before the app loads). */
export function db(): Db {
  if (!globalForDb.rapportDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the app through scripts/start.ts or scripts/dev.ts");
    globalForDb.rapportDb = createDb(url);
  }
  return globalForDb.rapportDb;
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
