// Populated synthetic stores for bench:metrics, cached as template databases on a persistent
// embedded PostgreSQL under .data/bench-metrics (git-ignored). A template is keyed by the
// generator version, size, seed and asOf, so a changed generator never serves stale rows; each
// run clones it (STRATEGY FILE_COPY: a file copy, not a WAL replay) and applies any newer
// migrations. BENCH_FRESH=1 rebuilds the templates. With DATABASE_URL set the same happens on
// that server.
import path from "node:path";
import pg from "pg";
import { createDb } from "~/db.server";
import { applyMigrations } from "~/db/migrate.server";
import { freePort, startEmbeddedPostgres } from "~/db/postgres.server";
import {
  SYNTHETIC_GENERATOR_VERSION,
  writeSyntheticStore,
  type SyntheticOptions,
} from "~tests/support/synthetic-store";

export interface BenchServer {
  adminUrl: string;
  stop: () => Promise<void>;
}

const root = path.resolve(import.meta.dirname, "..", "..");

/** `log` receives the embedded server's log lines (auto_explain plans, for one). */
export async function benchServer(log?: (line: string) => void): Promise<BenchServer> {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL, stop: async () => undefined };
  const server = await startEmbeddedPostgres({
    dataDir: path.join(root, ".data", "bench-metrics", "data"),
    port: await freePort(),
    log,
  });
  return { adminUrl: server.url, stop: server.stop };
}

const withDb = (adminUrl: string, name: string) => {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

async function admin<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export interface StoreCounts {
  orders: number;
  lineItems: number;
  /** Seconds spent populating; 0 when a cached template served the run. */
  populateSeconds: number;
}

/** The comment a cached database was marked with once complete; null when missing or unmarked. */
export async function databaseComment(server: BenchServer, name: string): Promise<string | null> {
  return admin(server.adminUrl, async (c) => {
    const { rows } = await c.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [name],
    );
    return rows[0]?.comment ?? null;
  });
}

export async function markDatabase(server: BenchServer, name: string, comment: string): Promise<void> {
  await admin(server.adminUrl, (c) => c.query(`COMMENT ON DATABASE "${name}" IS '${comment.replaceAll("'", "''")}'`));
}

/** Replaces database `name` with a file copy of `template`; its URL. */
export async function cloneDatabase(server: BenchServer, template: string, name: string): Promise<string> {
  await admin(server.adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}" STRATEGY FILE_COPY`);
  });
  return withDb(server.adminUrl, name);
}

/** A fresh database holding the synthetic store: cloned from the cached template, built on first use. */
export async function benchStore(
  server: BenchServer,
  run: string,
  o: SyntheticOptions,
): Promise<{ url: string; counts: StoreCounts }> {
  const template = `metrics_tpl_g${SYNTHETIC_GENERATOR_VERSION}_${o.customers}_s${o.seed ?? 1}_${o.asOf.getTime()}`;
  const marker = "populated";
  const comment = await databaseComment(server, template);
  const ready = comment?.startsWith(marker) ? comment : null;
  let populateSeconds = 0;
  let counts: { orders: number; lineItems: number };
  if (ready && !process.env.BENCH_FRESH) {
    counts = JSON.parse(ready.slice(marker.length + 1)) as { orders: number; lineItems: number };
  } else {
    await admin(server.adminUrl, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${template}"`);
    });
    await applyMigrations(withDb(server.adminUrl, template));
    const db = createDb(withDb(server.adminUrl, template), { max: 2 });
    const started = performance.now();
    try {
      counts = await writeSyntheticStore(db.pool, o);
      await db.pool.query("VACUUM ANALYZE");
    } finally {
      await db.close();
    }
    populateSeconds = Math.round(performance.now() - started) / 1000;
    await markDatabase(server, template, `${marker} ${JSON.stringify(counts)}`);
  }
  const url = await cloneDatabase(server, template, run);
  await applyMigrations(url);
  return { url, counts: { ...counts, populateSeconds } };
}

export async function dropBenchDatabase(server: BenchServer, name: string): Promise<void> {
  await admin(server.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
