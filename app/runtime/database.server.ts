// DATABASE_URL set: that server, checked at start. Unset: the embedded server in EMBEDDED_PG_DIR.
import type { Env } from "~/env.server";
import { applyMigrations } from "~/migrate.server";
import { checkReachable, startEmbeddedPostgres, type RunningPostgres } from "~/postgres.server";

export async function resolveDatabase(config: Env, log: (line: string) => void): Promise<RunningPostgres> {
  if (config.DATABASE_URL) {
    await checkReachable(config.DATABASE_URL);
    return { url: config.DATABASE_URL, stop: async () => undefined };
  }
  log(`starting embedded PostgreSQL in ${config.EMBEDDED_PG_DIR} on port ${config.EMBEDDED_PG_PORT}`);
  try {
    return await startEmbeddedPostgres({ dataDir: config.EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`EMBEDDED_PG_PORT/EMBEDDED_PG_DIR: the embedded PostgreSQL did not start (${reason})`, { cause: error });
  }
}

export async function prepareDatabase(config: Env, log: (line: string) => void): Promise<RunningPostgres> {
  const database = await resolveDatabase(config, log);
  process.env.DATABASE_URL = database.url;
  await applyMigrations(database.url);
  return database;
}
