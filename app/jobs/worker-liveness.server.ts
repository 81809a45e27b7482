// A worker process that dies without stopping (SIGKILL, out of memory, a lost machine) leaves
// its jobs and its job queues locked, and graphile-worker frees such locks only after 4 hours:
// a webhook waits 4 hours to be processed, and a shop's serial queue (campaigns-send:<shop>)
// sends nothing for as long. Found by the soak (decision 0211). Liveness through PostgreSQL:
// each process holds a session advisory lock per graphile worker and pool id on a connection of its own,
// which PostgreSQL drops when the process dies; a sweep releases (force_unlock_workers) the locks
// of worker ids whose advisory lock anyone can take.
import { EventEmitter } from "node:events";
import pg from "pg";
import type { WorkerEvents } from "graphile-worker";
import type { Logger } from "~/logger.server";

/** A job or queue locked more recently than this is left alone: its worker may be starting up. */
export const SWEEP_GRACE_SECONDS = 30;
export const SWEEP_EVERY_MS = 15_000;

/** The advisory lock a living worker holds (the soak reads it to say who holds a job). */
export const livenessKey = (workerId: string) => `rapport:graphile-worker:${workerId}`;
const key = livenessKey;
const LOCK = "SELECT pg_advisory_lock(hashtextextended($1, 0))";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Releases the locks of workers that are gone; returns their ids. */
export async function sweepDeadWorkers(pool: pg.Pool, graceSeconds = SWEEP_GRACE_SECONDS): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ id: string }>(
      `SELECT DISTINCT locked_by AS id FROM (
         SELECT locked_by, locked_at FROM graphile_worker._private_jobs
         UNION ALL SELECT locked_by, locked_at FROM graphile_worker._private_job_queues) l
        WHERE locked_by IS NOT NULL AND locked_at < now() - make_interval(secs => $1)`,
      [graceSeconds],
    );
    const dead: string[] = [];
    for (const { id } of rows) {
      // Held until COMMIT: a worker cannot take its liveness lock back while we release its jobs.
      const free = await client.query<{ free: boolean }>(
        "SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS free",
        [key(id)],
      );
      if (free.rows[0].free) dead.push(id);
    }
    if (dead.length > 0) await client.query("SELECT graphile_worker.force_unlock_workers($1::text[])", [dead]);
    await client.query("COMMIT");
    return dead;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export interface Liveness {
  /** Pass to graphile-worker's run({ events }). */
  events: WorkerEvents;
  stop: () => Promise<void>;
}

/** Holds the liveness locks of this process's workers and sweeps for dead ones until stopped. */
export function workerLiveness(pool: pg.Pool, log: Logger): Liveness {
  const events = new EventEmitter() as WorkerEvents;
  const ids = new Set<string>();
  let client: pg.Client | null = null;
  let stopped = false;
  // Lock and unlock calls run one at a time on the one connection, once it is there.
  let chain: Promise<unknown> = Promise.resolve();
  const onClient = (sql: string, id: string) => {
    chain = chain.then(() => client?.query(sql, [key(id)])).catch(() => undefined);
  };

  const connect = async (): Promise<void> => {
    while (!stopped) {
      const next = new pg.Client(pool.options);
      next.on("error", () => undefined);
      try {
        await next.connect();
        for (const id of ids) await next.query(LOCK, [key(id)]);
        client = next;
        next.once("end", () => {
          if (client !== next) return;
          client = null;
          // The database restarted or the connection broke: take the locks again at once.
          if (!stopped) void connect();
        });
        return;
      } catch {
        await next.end().catch(() => undefined);
        await sleep(500);
      }
    }
  };

  const hold = (id: string) => {
    ids.add(id);
    onClient(LOCK, id);
  };
  // Jobs are locked in the pool's name (locked_by = the pool id), job queues in a worker's or
  // the pool's depending on the graphile-worker version: hold both.
  events.on("pool:create", ({ workerPool }) => hold(workerPool.id));
  events.on("worker:create", ({ worker }) => hold(worker.workerId));

  const connected = connect();
  chain = connected;
  const sweep = async () => {
    const dead = await sweepDeadWorkers(pool).catch(() => []);
    if (dead.length > 0) log.warn("released the jobs of stopped workers", { workers: dead });
  };
  const timer = setInterval(() => void sweep(), SWEEP_EVERY_MS);
  timer.unref();
  void connected.then(sweep);

  return {
    events,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await chain;
      await client?.end().catch(() => undefined);
    },
  };
}
