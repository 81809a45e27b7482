// The backfill's return-details pass (decision 0208). The orders bulk file already holds every
// return's id, order, customer, status and dates; what it cannot hold (three connection levels)
// is the return's lines and reasons. Those are read here by return id, most useful first:
//  1. "relaunched": returns on an order with a product the merchant relaunched after the return
//     and by now — the only returns that can put a customer in the re-engagement pillar today;
//  2. "rest": every other return.
// Newest first within each. Several requests are in flight at once (the bucket, not the round
// trip, sets the pace) and commit strictly in order, so the stored cursor is always a prefix.
import type pg from "pg";
import type { AdminGraphql } from "~/shopify/admin";
import { RETURN_DETAILS_BY_IDS, RETURNS_PER_DETAILS_REQUEST } from "~/shopify/queries/returns";
import type { GqlReturn, GqlReturnLineItem, GqlReturnSummary } from "~/ingest/rules/graphql-types";
import { toGid } from "~/ingest/rules/ids";
import { addReturn } from "~/ingest/rules/map-graphql";
import { emptyBatch } from "~/ingest/rules/rows";
import { OrderedCommits } from "~/ingest/rules/ordered-commits";
import { nextReturnsStage, type ReturnsState, type ReturnsStage } from "~/ingest/rules/sync-state";
import { allReturnLines, type Page } from "~/ingest/returns.server";
import { writeBatch, type WriteResult } from "~/ingest/writers.server";

/** Requests in flight at once: enough that the round trip never leaves the bucket full. */
export const RETURN_REQUESTS_IN_FLIGHT = 4;
/** Batches started per backfill step before it yields (a resumable unit of work). */
const BATCHES_PER_STEP = 24;

interface ReturnRow {
  id: string;
  orderId: string;
  customerId: string | null;
  createdAt: Date;
}

const RELAUNCHED_SINCE = `EXISTS (SELECT 1 FROM "LineItem" l JOIN "ProductMapping" pm ON pm.shop = l.shop AND pm."productId" = l."productId"
  WHERE l.shop = r.shop AND l."orderId" = r."orderId" AND pm."relaunchedAt" > r."createdAt" AND pm."relaunchedAt" <= $2)`;

function stageFilter(stage: ReturnsStage): string {
  return stage === "relaunched" ? RELAUNCHED_SINCE : `NOT ${RELAUNCHED_SINCE}`;
}

/** The next returns of a stage after the cursor, newest first. */
async function nextReturns(
  pool: pg.Pool,
  shop: string,
  state: ReturnsState,
  before: { at: string; id: string } | null,
): Promise<ReturnRow[]> {
  const { rows } = await pool.query<ReturnRow>(
    `SELECT r.id::text AS id, r."orderId"::text AS "orderId", r."customerId"::text AS "customerId", r."createdAt"
       FROM "Return" r
      WHERE r.shop = $1 AND ${stageFilter(state.stage)}
        AND ($3::timestamp IS NULL OR (r."createdAt", r.id) < ($3::timestamp, $4::bigint))
      ORDER BY r."createdAt" DESC, r.id DESC LIMIT $5`,
    [shop, new Date(state.asOf!), before ? new Date(before.at) : null, before?.id ?? null, RETURNS_PER_DETAILS_REQUEST],
  );
  return rows;
}

/** How many returns each stage holds, for the progress line. */
export async function countReturns(
  pool: pg.Pool,
  shop: string,
  asOf: Date,
): Promise<{ relaunched: number; total: number }> {
  const { rows } = await pool.query<{ relaunched: string; total: string }>(
    `SELECT count(*) FILTER (WHERE ${RELAUNCHED_SINCE})::text AS relaunched, count(*)::text AS total FROM "Return" r WHERE r.shop = $1`,
    [shop, asOf],
  );
  return { relaunched: Number(rows[0].relaunched), total: Number(rows[0].total) };
}

type DetailNode = GqlReturnSummary & { returnLineItems?: Page<GqlReturnLineItem> };

/** Lines and reasons of these returns (a return with more than three lines is followed by cursor). */
export async function fetchReturnDetails(admin: AdminGraphql, rows: ReturnRow[]): Promise<GqlReturn[]> {
  const data = await admin.request<{ nodes: (DetailNode | null)[] }>(RETURN_DETAILS_BY_IDS, {
    ids: rows.map((r) => toGid("Return", BigInt(r.id))),
  });
  const out: GqlReturn[] = [];
  for (const [i, node] of data.nodes.entries()) {
    // A return deleted since the bulk file: its row stays as the file left it.
    if (!node?.returnLineItems) continue;
    const row = rows[i];
    const nodes = await allReturnLines(admin, { ...node, returnLineItems: node.returnLineItems });
    out.push({
      ...node,
      returnLineItems: { nodes },
      order: {
        id: toGid("Order", BigInt(row.orderId)),
        customer: row.customerId === null ? null : { id: toGid("Customer", BigInt(row.customerId)) },
      },
    });
  }
  return out;
}

async function writeReturnDetails(
  pool: pg.Pool,
  shop: string,
  returns: GqlReturn[],
  now: Date,
  after: (client: pg.PoolClient, result: WriteResult) => Promise<void>,
): Promise<void> {
  const batch = emptyBatch();
  for (const r of returns) addReturn(batch, shop, r, now);
  const ids = batch.returns.map((r) => String(r.id));
  await writeBatch(pool, batch, {
    after: async (client, written) => {
      // Product and variant come from our own LineItem rows (no extra objects to pay for).
      await client.query(
        `UPDATE "ReturnLineItem" r SET "productId" = l."productId", "variantId" = l."variantId" FROM "LineItem" l
         WHERE r.shop = $1 AND r."returnId" = ANY($2::bigint[]) AND l.shop = r.shop AND l.id = r."lineItemId" AND r."productId" IS NULL`,
        [shop, ids],
      );
      await after(client, written);
    },
  });
}

export interface ReturnsPassDeps {
  pool: pg.Pool;
  admin: AdminGraphql;
  shop: string;
  now: () => Date;
  /** Persists the state inside the batch's transaction (the checkpoint). */
  save: (client: pg.Pool | pg.PoolClient) => Promise<void>;
}

/**
 * Reads up to BATCHES_PER_STEP batches of return details and commits each with its cursor.
 * Resolves true when the pass is done.
 */
export async function returnsPassStep(deps: ReturnsPassDeps, state: ReturnsState): Promise<boolean> {
  const { pool, admin, shop } = deps;
  if (!state.asOf) {
    // One instant for the whole pass: a relaunch passing mid-run must not move a return between stages.
    const asOf = deps.now();
    const counts = await countReturns(pool, shop, asOf);
    Object.assign(state, { asOf: asOf.toISOString(), before: null, stage: "relaunched", ...counts });
    await deps.save(pool);
  }
  const commits = new OrderedCommits<void>(undefined, RETURN_REQUESTS_IN_FLIGHT);
  let cursor = state.before;
  for (let started = 0; started < BATCHES_PER_STEP;) {
    const rows = await nextReturns(pool, shop, state, cursor);
    if (rows.length === 0) {
      // A stage ends only once every batch of it has committed, and a step ends with it.
      await commits.finish();
      const next = nextReturnsStage(state.stage);
      if (state.stage === "relaunched") state.relaunchedDoneAt = deps.now().toISOString();
      if (next) Object.assign(state, { stage: next, before: null });
      else state.done = true;
      await deps.save(pool);
      return state.done;
    }
    const last = rows[rows.length - 1];
    cursor = { at: last.createdAt.toISOString(), id: last.id };
    const batchCursor = cursor;
    started++;
    await commits.submit(async (previous) => {
      const returns = await fetchReturnDetails(admin, rows);
      // Batches write at once (their returns are disjoint); each checkpoints after the one before.
      await writeReturnDetails(pool, shop, returns, deps.now(), async (client, result) => {
        await previous;
        state.before = batchCursor;
        state.read += rows.length;
        state.written += Object.values(result.written).reduce((a, b) => a + b, 0);
        await deps.save(client);
      });
    });
  }
  await commits.finish();
  return false;
}
