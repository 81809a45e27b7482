// DATABASE_URL set: that server, checked at start. Unset: the embedded server in EMBEDDED_PG_DIR.
import path from "node:path";
import type { Env } from "~/env.server";
import { applyMigrations } from "~/db/migrate.server";
import { checkReachable, startEmbeddedPostgres, type RunningPostgres } from "~/db/postgres.server";

export async function resolveDatabase(config: Env, log: (line: string) => void): Promise<RunningPostgres> {
  if (config.DATABASE_URL) {
    await checkReachable(config.DATABASE_URL);
    return { url: config.DATABASE_URL, stop: async () => undefined };
  }
  log(`starting embedded PostgreSQL in ${config.EMBEDDED_PG_DIR} on port ${config.EMBEDDED_PG_PORT}`);
  try {
    const running = await startEmbeddedPostgres({ dataDir: config.EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT });
    if (running.dataDir && running.dataDir !== path.resolve(config.EMBEDDED_PG_DIR)) {
      log(
        `the postgres user cannot reach ${config.EMBEDDED_PG_DIR}: its data is kept in ${running.dataDir} instead (set EMBEDDED_PG_DIR to a folder it can reach to choose)`,
      );
    }
    return running;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `EMBEDDED_PG_PORT/EMBEDDED_PG_DIR: the embedded PostgreSQL did not start (${reason}); free the port or set EMBEDDED_PG_PORT, or set DATABASE_URL to a PostgreSQL of your own`,
      { cause: error },
    );
  }
}

export async function prepareDatabase(config: Env, log: (line: string) => void): Promise<RunningPostgres> {
  const database = await resolveDatabase(config, log);
  process.env.DATABASE_URL = database.url;
  await applyMigrations(database.url);
  return database;
}
