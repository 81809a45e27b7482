// The history backfill as a resumable state machine over SyncRun: start the three bulk queries
// (Shopify runs up to five at once), ingest each finished file in order, then read again the
// edited orders the orders file could not settle. The history is then in: a recompute is asked
// for at once, so the pillars that need no return details show while the return details are read
// (most useful first, return-details.server.ts); then set the sync cursors and recompute again.
import type pg from "pg";
import type { AppContext } from "~/runtime/app-context.server";
import { afterFullSync, afterHistory } from "~/ingest/followups.server";
import type { AdminGraphql } from "~/shopify/admin";
import { SHOP_INFO } from "~/shopify/queries/pages";
import { pollBulk, startBulk } from "~/ingest/bulk.server";
import { ingestBulkFile } from "~/ingest/bulk-ingest.server";
import { rereadOrders } from "~/ingest/edited-orders.server";
import { returnsPassStep } from "~/ingest/return-details.server";
import { BULK_RESOURCES, parseState, totals, type BackfillState, type BulkResource } from "~/ingest/rules/sync-state";

export type StepOutcome = "progress" | "waiting" | "done";

export interface BackfillOptions {
  fetch?: typeof fetch;
  batchRows?: number;
  /** A failed or expired bulk query is restarted this many times before the run fails. */
  maxBulkAttempts?: number;
}

const TERMINAL_FAILURES = new Set(["FAILED", "CANCELED", "CANCELLED", "EXPIRED"]);

async function saveState(
  db: pg.Pool | pg.PoolClient,
  shop: string,
  runId: string,
  state: BackfillState,
  fields: { phase?: string; status?: string; bulkOperationId?: string | null } = {},
): Promise<void> {
  const t = totals(state);
  await db.query(
    `UPDATE "SyncRun" SET state = $2, "objectsRead" = $3, "objectsWritten" = $4, phase = COALESCE($5, phase), status = COALESCE($6, status),
       "bulkOperationId" = CASE WHEN $7::boolean THEN $8 ELSE "bulkOperationId" END, "updatedAt" = now() WHERE shop = $9 AND id = $1`,
    [
      runId,
      JSON.stringify(state),
      t.read,
      t.written,
      fields.phase ?? null,
      fields.status ?? null,
      fields.bulkOperationId !== undefined,
      fields.bulkOperationId ?? null,
      shop,
    ],
  );
}

export async function createBackfillRun(ctx: AppContext, shop: string): Promise<string> {
  const run = await ctx.db.prisma.syncRun.create({
    data: { shop, kind: "backfill", status: "queued", phase: "queued", startedAt: ctx.now() },
  });
  return run.id;
}

async function refreshShop(ctx: AppContext, admin: AdminGraphql, shop: string): Promise<void> {
  const data = await admin.request<{ shop: { name: string; currencyCode: string; ianaTimezone: string } }>(SHOP_INFO);
  const fields = { name: data.shop.name, currencyCode: data.shop.currencyCode, ianaTimezone: data.shop.ianaTimezone };
  await ctx.db.prisma.shop.upsert({ where: { domain: shop }, create: { domain: shop, ...fields }, update: fields });
}

async function startMissing(
  ctx: AppContext,
  admin: AdminGraphql,
  shop: string,
  runId: string,
  state: BackfillState,
): Promise<void> {
  for (const resource of BULK_RESOURCES) {
    const r = state.resources[resource];
    if (r.done || r.bulkId) continue;
    const started = await startBulk(admin, resource);
    if ("busy" in started) {
      ctx.log.info("bulk query deferred", { resource, reason: started.busy });
      return;
    }
    Object.assign(r, {
      bulkId: started.started.id,
      status: "CREATED",
      snapshotAt: started.started.createdAt,
      lines: 0,
      attempts: r.attempts + 1,
    });
    await saveState(ctx.db.pool, shop, runId, state, { bulkOperationId: started.started.id });
  }
}

async function ingestResource(
  ctx: AppContext,
  admin: AdminGraphql,
  runId: string,
  shop: string,
  state: BackfillState,
  resource: BulkResource,
  options: BackfillOptions,
): Promise<StepOutcome> {
  const r = state.resources[resource];
  if (!r.bulkId) return "waiting";
  const op = await pollBulk(admin, r.bulkId);
  r.status = op?.status ?? "MISSING";
  if (!op || TERMINAL_FAILURES.has(op.status)) {
    if (r.attempts >= (options.maxBulkAttempts ?? 3)) {
      const error = new Error(
        `bulk query for ${resource} ended ${r.status} (${op?.errorCode ?? "no error code"}) ${r.attempts} times`,
      );
      await failBackfill(ctx, shop, runId, error);
      throw error;
    }
    ctx.log.warn("bulk query failed, restarting", { shop, resource, status: r.status, errorCode: op?.errorCode });
    Object.assign(r, { bulkId: null, lines: 0 });
    await saveState(ctx.db.pool, shop, runId, state);
    return "progress";
  }
  if (op.status !== "COMPLETED") {
    await saveState(ctx.db.pool, shop, runId, state, { phase: resource, status: "running" });
    return "waiting";
  }
  await saveState(ctx.db.pool, shop, runId, state, { phase: resource, status: "running", bulkOperationId: op.id });
  // An empty result has no file.
  if (op.url) {
    const startRead = r.read;
    const startWritten = r.written;
    await ingestBulkFile({
      pool: ctx.db.pool,
      shop,
      resource,
      url: op.url,
      skipLines: r.lines,
      snapshotAt: new Date(r.snapshotAt ?? op.createdAt),
      fetch: options.fetch,
      batchRows: options.batchRows,
      checkpoint: async (client, progress) => {
        Object.assign(r, {
          lines: progress.lines,
          read: startRead + progress.read,
          written: startWritten + progress.written,
        });
        if (progress.reread.length > 0) addEdited(state, progress.reread);
        await saveState(client, shop, runId, state);
      },
    });
  }
  r.done = true;
  await saveState(ctx.db.pool, shop, runId, state);
  return "progress";
}

// Ids only, and only of edited orders with refunds and a short line (rare). A
// file read again after a failed bulk query (or a batch retried on the upsert path) lists them
// again, hence the set.
function addEdited(state: BackfillState, ids: readonly string[]): void {
  const known = new Set(state.edits.orderIds);
  for (const id of ids) if (!known.has(id)) state.edits.orderIds.push(id);
}

const EDITED_ORDERS_PER_WRITE = 10;

async function rereadEditedOrders(
  ctx: AppContext,
  admin: AdminGraphql,
  runId: string,
  shop: string,
  state: BackfillState,
): Promise<void> {
  await saveState(ctx.db.pool, shop, runId, state, { phase: "edited orders" });
  const edits = state.edits;
  while (edits.next < edits.orderIds.length) {
    const ids = edits.orderIds.slice(edits.next, edits.next + EDITED_ORDERS_PER_WRITE);
    await rereadOrders(ctx.db.pool, admin, shop, ids.map(BigInt), ctx.now(), async (client, result) => {
      edits.next += ids.length;
      edits.read += ids.length;
      edits.written += Object.values(result.written).reduce((a, b) => a + b, 0);
      await saveState(client, shop, runId, state);
    });
  }
  edits.done = true;
  await saveState(ctx.db.pool, shop, runId, state);
}

async function finish(ctx: AppContext, runId: string, shop: string, state: BackfillState): Promise<void> {
  for (const resource of BULK_RESOURCES) {
    const at = state.resources[resource].snapshotAt;
    if (!at) continue;
    await ctx.db.pool.query(
      `INSERT INTO "SyncCursor" (shop, resource, "syncedTo", "updatedAt") VALUES ($1, $2, $3, now())
       ON CONFLICT (shop, resource) DO UPDATE SET "syncedTo" = GREATEST("SyncCursor"."syncedTo", EXCLUDED."syncedTo"), "updatedAt" = now()`,
      [shop, resource, new Date(at)],
    );
  }
  await saveState(ctx.db.pool, shop, runId, state, { phase: "done", status: "completed" });
  await ctx.db.prisma.syncRun.update({ where: { shop_id: { shop, id: runId } }, data: { finishedAt: ctx.now() } });
  await afterFullSync(ctx, shop);
}

/** Advances the run as far as it can without waiting on Shopify. */
export async function backfillStep(
  ctx: AppContext,
  shop: string,
  runId: string,
  options: BackfillOptions = {},
): Promise<StepOutcome> {
  const run = await ctx.db.prisma.syncRun.findUniqueOrThrow({ where: { shop_id: { shop, id: runId } } });
  if (run.status === "completed" || run.status === "failed" || run.status === "cancelled") return "done";
  const shopRow = await ctx.db.prisma.shop.findUnique({ where: { domain: run.shop } });
  if (shopRow?.uninstalledAt) {
    await ctx.db.prisma.syncRun.update({
      where: { shop_id: { shop, id: runId } },
      data: { status: "cancelled", error: "shop uninstalled", finishedAt: ctx.now() },
    });
    return "done";
  }
  const state = parseState(run.state);
  const admin = await ctx.admin(run.shop);
  if (run.status === "queued") {
    await refreshShop(ctx, admin, run.shop);
    await saveState(ctx.db.pool, shop, runId, state, { status: "running", phase: "bulk" });
  }
  await startMissing(ctx, admin, shop, runId, state);
  for (const resource of BULK_RESOURCES) {
    if (state.resources[resource].done) continue;
    const outcome = await ingestResource(ctx, admin, runId, run.shop, state, resource, options);
    if (outcome === "waiting") return "waiting";
    return "progress";
  }
  if (!state.edits.done) await rereadEditedOrders(ctx, admin, runId, run.shop, state);
  if (!state.historyAt) {
    // Freshly bulk-loaded tables have no planner statistics until autovacuum gets to them; the
    // recompute asked for next would plan its joins blind (minutes instead of seconds).
    await ctx.db.pool.query(`ANALYZE "Customer", "Product", "ProductVariant", "Order", "LineItem", "Refund", "Return"`);
    state.historyAt = ctx.now().toISOString();
    await saveState(ctx.db.pool, run.shop, runId, state, { phase: "returns" });
    await afterHistory(ctx, run.shop);
  }
  if (!state.returns.done) {
    const done = await returnsPassStep(
      {
        pool: ctx.db.pool,
        admin,
        shop: run.shop,
        now: ctx.now,
        save: (db) => saveState(db, run.shop, runId, state, { phase: "returns" }),
      },
      state.returns,
    );
    if (!done) return "progress";
  }
  await finish(ctx, runId, run.shop, state);
  return "done";
}

export async function failBackfill(ctx: AppContext, shop: string, runId: string, error: unknown): Promise<void> {
  await ctx.db.prisma.syncRun.update({
    where: { shop_id: { shop, id: runId } },
    data: { status: "failed", error: error instanceof Error ? error.message : String(error), finishedAt: ctx.now() },
  });
}
