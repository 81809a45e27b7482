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
import { nextReturnsStage, type ReturnsState, type ReturnsStage } from "~/ingest/rules/sync-state";
import { allReturnLines, type Page } from "~/ingest/returns.server";
import { writeBatch, type WriteResult } from "~/ingest/writers.server";

/** Requests in flight at once: enough that the round trip never leaves the bucket full. */
export const RETURN_REQUESTS_IN_FLIGHT = 4;
/** Batches started per backfill step before it yields (a resumable unit of work). */
const BATCHES_PER_STEP = 24;
/** Answered batches waiting for their write, at most (bounds what an answer-fast, write-slow pass holds). */
const MAX_UNWRITTEN = 3 * RETURN_REQUESTS_IN_FLIGHT;

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

/** The next returns of a stage after the cursor, newest first: the ids of several requests at once. */
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
    [
      shop,
      new Date(state.asOf!),
      before ? new Date(before.at) : null,
      before?.id ?? null,
      RETURNS_PER_DETAILS_REQUEST * RETURN_REQUESTS_IN_FLIGHT,
    ],
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
 *
 * Requests and writes are decoupled (decision 0220): up to RETURN_REQUESTS_IN_FLIGHT requests are
 * out at once, and a request's slot frees when its answer arrives, not when its rows are
 * committed, so a busy database (the first recompute runs beside this pass) does not hold the
 * next request back. Answers are written one batch after another in cursor order, so the stored
 * cursor is always a prefix; at most MAX_UNWRITTEN answered batches wait for their write.
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
  const inFlight = new Set<Promise<unknown>>();
  // Batches requested but not yet committed, oldest first; `writes` is the newest.
  const unwritten: Promise<void>[] = [];
  let writes: Promise<void> = Promise.resolve();
  // A failed request or write stops the step: later batches must not commit past it.
  let failed: unknown = null;
  let cursor = state.before;
  let page: ReturnRow[] = [];
  for (let started = 0; started < BATCHES_PER_STEP; started++) {
    if (page.length === 0) page = await nextReturns(pool, shop, state, cursor);
    const rows = page.splice(0, RETURNS_PER_DETAILS_REQUEST);
    if (rows.length === 0) {
      // A stage ends only once every batch of it has committed, and a step ends with it.
      await writes;
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
    while ((inFlight.size >= RETURN_REQUESTS_IN_FLIGHT || unwritten.length >= MAX_UNWRITTEN) && failed === null)
      await Promise.race([...inFlight, unwritten[0]]).catch(() => undefined);
    if (failed !== null) break;
    const answer = fetchReturnDetails(admin, rows);
    // Awaited by its write, which never runs if an earlier batch failed.
    answer.catch(() => undefined);
    const tracked = answer.finally(() => inFlight.delete(tracked));
    tracked.catch(() => undefined);
    inFlight.add(tracked);
    writes = writes.then(async () => {
      const returns = await answer;
      await writeReturnDetails(pool, shop, returns, deps.now(), async (client, result) => {
        state.before = batchCursor;
        state.read += rows.length;
        state.written += Object.values(result.written).reduce((a, b) => a + b, 0);
        await deps.save(client);
      });
    });
    const link = writes;
    unwritten.push(link);
    link.then(
      () => unwritten.splice(unwritten.indexOf(link), 1),
      (error: unknown) => {
        failed ??= error;
      },
    );
  }
  await writes;
  return false;
}
