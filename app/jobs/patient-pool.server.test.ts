// The worker's pool waits out a PostgreSQL restart instead of failing the checkout (decision 0211).
import type pg from "pg";
import { describe, expect, it } from "vitest";
import { isConnectionError, patientPool } from "~/jobs/patient-pool.server";

const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

function fakePool(failures: Error[]) {
  const client = { release: () => undefined } as unknown as pg.PoolClient;
  let calls = 0;
  const pool = {
    totalCount: 3,
    connect: async () => {
      calls++;
      const failure = failures.shift();
      if (failure) throw failure;
      return client;
    },
  } as unknown as pg.Pool;
  return { pool, client, calls: () => calls };
}

describe("patientPool", () => {
  it("tries a refused or terminated checkout again until the server is back", async () => {
    const terminated = Object.assign(new Error("terminating connection due to administrator command"), {
      code: "57P01",
    });
    const fake = fakePool([refused(), terminated, refused()]);
    const retries: number[] = [];
    const pool = patientPool(fake.pool, { firstDelayMs: 1, onRetry: (_e, attempt) => retries.push(attempt) });
    const client = await pool.connect();
    expect(client.release).toBeTypeOf("function");
    expect(fake.calls()).toBe(4);
    expect(retries).toEqual([1, 2, 3]);
    // Everything else is the pool itself.
    expect(pool.totalCount).toBe(3);
  });

  it("answers the callback form of connect, as graphile-worker takes its LISTEN client, and releases through it", async () => {
    const fake = fakePool([refused()]);
    let released = 0;
    (fake.client as unknown as { release: () => void }).release = () => void released++;
    const pool = patientPool(fake.pool, { firstDelayMs: 1 });
    const got = await new Promise<{ error: Error | undefined; release?: () => void }>((resolve) => {
      const returned = pool.connect((error, _client, release) => resolve({ error, release }));
      expect(returned).toBeUndefined();
    });
    expect(got.error).toBeUndefined();
    got.release?.();
    expect(released).toBe(1);
  });

  it("fails at once on any other error, and gives up on a server that stays away", async () => {
    const wrong = Object.assign(new Error("password authentication failed"), { code: "28P01" });
    await expect(patientPool(fakePool([wrong]).pool, { firstDelayMs: 1 }).connect()).rejects.toBe(wrong);
    const away = fakePool(Array.from({ length: 50 }, refused));
    await expect(patientPool(away.pool, { firstDelayMs: 1, maxDelayMs: 1, giveUpMs: 0 }).connect()).rejects.toThrow(
      "ECONNREFUSED",
    );
    expect(away.calls()).toBe(1);
  });

  it("runs a statement the server cut off again on a fresh connection, unless inside a transaction", async () => {
    const cutOff = () =>
      Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    const ran: string[] = [];
    /** A connection whose statement number `cutAt` (from 0) the server cuts off. */
    const client = (name: string, cutAt: number) => {
      let n = 0;
      return {
        release: () => undefined,
        query: async (text: string) => {
          if (n++ === cutAt) throw cutOff();
          ran.push(`${name}: ${text}`);
          return { rows: [] };
        },
      };
    };
    // The first fresh connection is cut too (a shutdown ends every session): the next one holds.
    const clients = [client("first", 0), client("also cut", 0), client("fresh", -1), client("third", 1)];
    const pool = patientPool({ connect: async () => clients.shift() } as unknown as pg.Pool, { firstDelayMs: 1 });
    const c = await pool.connect();
    await c.query("SELECT complete_jobs($1)", [1]);
    expect(ran).toEqual(["fresh: SELECT complete_jobs($1)"]);
    const t = await pool.connect();
    await t.query("BEGIN");
    await expect(t.query("UPDATE jobs SET x = 1")).rejects.toThrow("administrator command");
  });

  it("runs graphile-worker's job-end statements again after a lost connection, and nothing else", async () => {
    // Their text as graphile-worker 0.17 sends it (sql/failJobs, sql/completeJobs, sql/getJob).
    const fail = `update "graphile_worker"._private_jobs as jobs
set
last_error = (el->>'message'),
run_at = now()
where id = (el->>'jobId')::bigint and locked_by = $1::text;`;
    const failQueued = `with j as (\nupdate "graphile_worker"._private_jobs as jobs\nset\nlast_error = (el->>'message')`;
    const complete = `delete from "graphile_worker"._private_jobs as jobs\nwhere id = $1::bigint`;
    const lock = `with j as (\nselect jobs.id from "graphile_worker"._private_jobs as jobs for update skip locked)\nupdate "graphile_worker"._private_jobs as jobs set locked_by = $1`;
    const ran: string[] = [];
    const cut = {
      release: () => undefined,
      query: async () => {
        throw new Error("Connection terminated unexpectedly");
      },
    };
    const fresh = {
      release: () => undefined,
      query: async (q: { text: string }) => {
        ran.push(q.text);
        return { rows: [] };
      },
    };
    // Each checkout: first the connection that is cut, then (for a rerun) a fresh one.
    const pool = () => {
      const clients = [cut, fresh];
      return patientPool({ connect: async () => clients.shift() } as unknown as pg.Pool, { firstDelayMs: 1 });
    };
    for (const text of [fail, failQueued, complete]) await (await pool().connect()).query({ text });
    expect(ran).toEqual([fail, failQueued, complete]);
    await expect((await pool().connect()).query({ text: lock })).rejects.toThrow("Connection terminated unexpectedly");
    expect(ran).toHaveLength(3);
  });

  it("tells connection errors from others", () => {
    expect(isConnectionError(refused())).toBe(true);
    expect(isConnectionError(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isConnectionError(Object.assign(new Error("deadlock detected"), { code: "40P01" }))).toBe(false);
    expect(isConnectionError("ECONNREFUSED")).toBe(false);
  });
});
