// The per-shop email rate across every worker process (decision 0171). Each send reserves the next
// free slot in the shop's SendPace row with one atomic UPDATE, using the database's clock (one
// clock for all processes), then waits until its slot. Slots are 1/rate apart and an idle shop
// earns no burst: N processes and M lanes together never exceed the rate.
import type { Db } from "~/db.server";

export type Pacer = (shop: string, ratePerSecond: number) => Promise<void>;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

export function databasePacer(db: Db, signal?: AbortSignal): Pacer {
  return async (shop, ratePerSecond) => {
    const intervalMs = 1000 / ratePerSecond;
    const { rows } = await db.pool.query<{ wait_ms: number }>(
      `INSERT INTO "SendPace" (shop, "nextAt") VALUES ($1, clock_timestamp() + make_interval(secs => $2 / 1000.0))
       ON CONFLICT (shop) DO UPDATE
         SET "nextAt" = GREATEST("SendPace"."nextAt", clock_timestamp()) + make_interval(secs => $2 / 1000.0)
       RETURNING GREATEST(0, EXTRACT(EPOCH FROM ("nextAt" - make_interval(secs => $2 / 1000.0) - clock_timestamp())) * 1000)::float8 AS wait_ms`,
      [shop, intervalMs],
    );
    const wait = rows[0]?.wait_ms ?? 0;
    if (wait > 0) await sleep(wait, signal);
  };
}

/** No pacing (the bench's "rate limit off"). */
export const unpaced: Pacer = async () => {};
