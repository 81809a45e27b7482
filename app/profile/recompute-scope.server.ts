// Which customers the recompute must rebuild (docs/decisions/0071). A customer is dirty when one of
// their Order, LineItem, ReturnLineItem or Customer rows — or a product or variant they bought — was
// written by a transaction the last recompute could not see (xmin at or past its snapshot's xmax,
// or among its in-progress xids), when
// they lost a row (IntelligenceDirty, kept by triggers), or when time alone moved one of their
// orders across an edge: past asOf or onto an anniversary (rolling-window affinity is computed when
// read, so its window edges make no one dirty; docs/decisions/0087). The time edges
// are the ranges (previous asOf − N days, asOf − N days]; their orders come from an index.
// Without a previous run, with a different config, with asOf moving backwards, or after too many
// transactions for 32-bit xid ages, everyone is.
import type pg from "pg";
import { DAY_MS, type MetricsConfig } from "~/profile/rules/config";

export interface XidHorizon {
  xmax: string;
  xip: string[];
}

export interface RecomputeScope {
  full: boolean;
  /** The largest age(xmin) of a row written at or after the previous run's xmax. */
  maxAge: number;
  /** The previous run's in-progress xids, 32-bit (as xmin holds them). */
  pending: string[];
  lo: string[];
  hi: string[];
  /** This run's horizon, stored for the next run. */
  horizon: XidHorizon;
}

const MAX_AGE = 1_000_000_000; // well inside the 2^31 range where age(xmin) is meaningful

export async function recomputeScope(
  client: pg.PoolClient,
  shop: string,
  asOf: Date,
  config: MetricsConfig,
  forceFull: boolean,
): Promise<RecomputeScope> {
  // Taken before anything is read: whatever commits later has an xid at or past this horizon.
  const { rows: xids } = await client.query<{ current: string; xmax: string; xip: string[] }>(
    `SELECT pg_current_xact_id()::text AS current, pg_snapshot_xmax(s)::text AS xmax, ARRAY(SELECT x::text FROM pg_snapshot_xip(s) x) AS xip
     FROM pg_current_snapshot() s`,
  );
  const { current, xmax, xip } = xids[0];
  const horizon = { xmax, xip };
  const { rows } = await client.query<{ previous: number; same: boolean; since: XidHorizon | null }>(
    `SELECT (extract(epoch FROM "asOf") * 1000)::float8 AS previous, config = $2::jsonb AS same, "xidHorizon" AS since
     FROM "ShopIntelligence" WHERE shop = $1`,
    [shop, JSON.stringify(config)],
  );
  const last = rows[0];
  const oldest = last?.since
    ? [last.since.xmax, ...last.since.xip].reduce((a, b) => (BigInt(b) < BigInt(a) ? b : a))
    : null;
  const age = last?.since && oldest ? BigInt(current) - BigInt(oldest) : null;
  const full =
    forceFull ||
    !last ||
    !last.same ||
    last.previous > asOf.getTime() ||
    age === null ||
    age < 0n ||
    age > BigInt(MAX_AGE);
  if (full || !last.since) return { full: true, maxAge: 0, pending: [], lo: [], hi: [], horizon };
  const offsets = [0, ...config.milestones.anniversaryYears.map((years) => years * 365)];
  const iso = (ms: number) => new Date(ms).toISOString();
  const since = last.since;
  return {
    full,
    maxAge: Number(BigInt(current) - BigInt(since.xmax)), // age() counts from this transaction's xid, assigned above
    pending: since.xip.map((x) => (BigInt(x) % 2n ** 32n).toString()),
    lo: offsets.map((days) => iso(last.previous - days * DAY_MS)),
    hi: offsets.map((days) => iso(asOf.getTime() - days * DAY_MS)),
    horizon,
  };
}
