// Starts one PostgreSQL for the whole test run (embedded, or the server in DATABASE_URL),
// migrates a template database once, and lets each test file clone it (tests/support/database.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "~/db/migrate.server";
import { freePort, startEmbeddedPostgres } from "~/db/postgres.server";

export const TEMPLATE_DB = "rapport_test_template";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let adminUrl: string;
  let stop = async (): Promise<void> => undefined;
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, "postgres");
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rapport-test-pg-"));
    fs.chmodSync(dir, 0o755);
    const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port: await freePort() }).catch(
      (error: unknown) => {
        // Vitest can end a failed global setup without showing why: say it here, in one line.
        const reason = error instanceof Error ? error.message : String(error);
        process.stderr.write(
          `[rapport tests] the embedded PostgreSQL did not start (${reason}); set DATABASE_URL to a PostgreSQL you run to use that instead\n`,
        );
        throw error;
      },
    );
    adminUrl = withDatabase(server.url, "postgres");
    stop = async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  await admin.end();
  await applyMigrations(withDatabase(adminUrl, TEMPLATE_DB));
  project.provide("pgAdminUrl", adminUrl);
  project.provide("pgTemplate", TEMPLATE_DB);
  return stop;
}
