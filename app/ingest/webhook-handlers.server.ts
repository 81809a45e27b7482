// What each webhook topic does to the store. Topics arrive as "orders/create" or, from
// authenticate.webhook, as "ORDERS_CREATE"; both normalise to the first form.
import type { AppContext } from "~/runtime/app-context.server";
import { afterOrderChange } from "~/ingest/followups.server";
import { gidId, optionalId, restId, type RestRef } from "~/ingest/rules/ids";
import { customerHandlers } from "~/ingest/customer-webhooks.server";
import { recordDataRequest } from "~/ingest/data-requests.server";
import { addRestOrder, addRestProduct, addRestRefund } from "~/ingest/rules/map-rest";
import { redactCustomer, redactShop } from "~/ingest/privacy.server";
import type { RestOrder, RestProduct, RestRefund } from "~/ingest/rules/rest-types";
import { syncReturns } from "~/ingest/returns.server";
import { pruneOrderLines } from "~/ingest/order-lines.server";
import { emptyBatch } from "~/ingest/rules/rows";
import { writeBatch } from "~/ingest/writers.server";
import type { WebhookJob } from "~/ingest/webhooks.server";

type Handler = (ctx: AppContext, job: WebhookJob) => Promise<void>;

const known = [
  "orders/create",
  "orders/updated",
  "orders/paid",
  "orders/cancelled",
  "orders/edited",
  "orders/fulfilled",
  "orders/partially_fulfilled",
  "refunds/create",
  "returns/request",
  "returns/approve",
  "returns/decline",
  "returns/reopen",
  "returns/cancel",
  "returns/close",
  "returns/process",
  "returns/update",
  ...Object.keys(customerHandlers),
  "products/create",
  "products/update",
  "app/uninstalled",
  "app/scopes_update",
  "bulk_operations/finish",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
];
const byEnum = new Map(known.map((t) => [t.toUpperCase().replace(/[/.]/g, "_"), t]));

export function normaliseTopic(topic: string): string {
  return byEnum.get(topic.toUpperCase().replace(/[/.]/g, "_")) ?? topic.toLowerCase();
}

/** Handled even after uninstall: the privacy duties outlive the installation. */
export const ALWAYS_HANDLED = new Set(["app/uninstalled", "customers/data_request", "customers/redact", "shop/redact"]);

const order: Handler = async (ctx, job) => {
  const batch = emptyBatch();
  addRestOrder(batch, job.shop, job.payload as RestOrder);
  const result = await writeBatch(ctx.db.pool, batch, {
    returning: true,
    after: async (client, written) =>
      void (await pruneOrderLines(
        client,
        job.shop,
        batch,
        (written.accepted.orders ?? []).map((o) => o.id),
      )),
  });
  await afterOrderChange(ctx, job.shop, result.accepted.orders ?? []);
};

// orders/edited carries the edit, not the order ({order_edit: {order_id, line_items: {additions,
// removals}}}): the order as it now stands comes with the orders/updated Shopify sends for the same
// edit. Applying the deltas here would count a removal twice on a redelivery (docs/decisions/0139).
const orderEdited: Handler = async (ctx, job) => {
  const edit = (job.payload as { order_edit?: { order_id?: number | string } }).order_edit;
  ctx.log.info("order edited; its lines arrive with orders/updated", {
    orderId: edit?.order_id === undefined ? null : String(edit.order_id),
  });
};

const refund: Handler = async (ctx, job) => {
  const payload = job.payload as RestRefund;
  const orderId = BigInt(String(payload.order_id));
  const batch = emptyBatch();
  addRestRefund(batch, job.shop, payload, orderId, null);
  let owner: { id: bigint; customerId: bigint | null }[] = [];
  await writeBatch(ctx.db.pool, batch, {
    // orders/updated for the same order (Shopify sends both) writes the order, then its refunds:
    // taking the order first here too keeps the two from deadlocking.
    before: async (client) =>
      void (await client.query(`SELECT 1 FROM "Order" WHERE shop = $1 AND id = $2 FOR UPDATE`, [
        job.shop,
        orderId.toString(),
      ])),
    after: async (client) => {
      const updated = await client.query<{ customerId: string | null }>(
        `UPDATE "Order" o SET "totalRefunded" = GREATEST(o."totalRefunded", (SELECT COALESCE(sum(amount), 0) FROM "Refund" r WHERE r.shop = o.shop AND r."orderId" = o.id))
         WHERE o.shop = $1 AND o.id = $2 RETURNING o."customerId"::text`,
        [job.shop, orderId.toString()],
      );
      owner = updated.rows.map((r) => ({
        id: orderId,
        customerId: r.customerId === null ? null : BigInt(r.customerId),
      }));
    },
  });
  await afterOrderChange(ctx, job.shop, owner);
};

// Return payloads may lack line items and reasons: read the order's returns from the Admin API.
// The snapshot is as of now, so a late, older event still stores the current state.
const returnChange: Handler = async (ctx, job) => {
  const payload = job.payload as {
    id?: number;
    admin_graphql_api_id?: string;
    order_id?: number | string;
    order?: RestRef | null;
  };
  let orderId: bigint | null = payload.order ? restId(payload.order) : optionalId(payload.order_id);
  if (orderId === null && (payload.admin_graphql_api_id || payload.id !== undefined)) {
    // returns/update names only the return: find its order among what we hold.
    const known = await ctx.db.pool.query<{ orderId: string }>(
      `SELECT "orderId"::text AS "orderId" FROM "Return" WHERE shop = $1 AND id = $2`,
      [job.shop, restId(payload).toString()],
    );
    orderId = known.rows[0] ? BigInt(known.rows[0].orderId) : null;
  }
  if (orderId === null) return;
  const admin = await ctx.admin(job.shop);
  const { result } = await syncReturns(ctx.db.pool, admin, job.shop, [orderId], ctx.now());
  const returns = result.accepted.returns ?? [];
  if (returns.length === 0) return;
  const owner = await ctx.db.pool.query<{ customerId: string | null }>(
    `SELECT "customerId"::text AS "customerId" FROM "Order" WHERE shop = $1 AND id = $2`,
    [job.shop, orderId.toString()],
  );
  const customerId = owner.rows[0]?.customerId ?? returns[0].customerId?.toString() ?? null;
  await afterOrderChange(ctx, job.shop, [{ id: orderId, customerId: customerId === null ? null : BigInt(customerId) }]);
};

const product: Handler = async (ctx, job) => {
  const batch = emptyBatch();
  addRestProduct(batch, job.shop, job.payload as RestProduct);
  await writeBatch(ctx.db.pool, batch);
};

const uninstalled: Handler = async (ctx, job) => {
  const at = ctx.now();
  await ctx.db.prisma.shop.upsert({
    where: { domain: job.shop },
    create: { domain: job.shop, uninstalledAt: at },
    update: { uninstalledAt: at },
  });
  await ctx.db.prisma.session.deleteMany({ where: { shop: job.shop } });
  await ctx.db.prisma.syncRun.updateMany({
    where: { shop: job.shop, status: { in: ["queued", "running"] } },
    data: { status: "cancelled", error: "shop uninstalled", finishedAt: at },
  });
  ctx.log.info("shop uninstalled");
};

const scopesUpdate: Handler = async (ctx, job) => {
  const current = (job.payload as { current?: string[] }).current;
  if (!Array.isArray(current)) return;
  await ctx.db.prisma.session.updateMany({ where: { shop: job.shop }, data: { scope: current.join(",") } });
};

const bulkFinish: Handler = async (ctx, job) => {
  const payload = job.payload as { admin_graphql_api_id?: string; status?: string };
  const runs = await ctx.db.prisma.syncRun.findMany({
    where: { shop: job.shop, kind: "backfill", status: { in: ["queued", "running"] } },
    select: { id: true },
  });
  for (const run of runs) {
    // Replaces the pending poll job: the backfill advances now instead of at its next poll.
    await ctx.queue.enqueue("ingest.backfill", { shop: job.shop, runId: run.id }, { jobKey: `backfill:${job.shop}` });
  }
  ctx.log.info("bulk operation finished", {
    id: payload.admin_graphql_api_id,
    status: payload.status,
    runs: runs.length,
  });
};

interface PrivacyPayload {
  customer?: { id?: number | string; email?: string | null; phone?: string | null };
  orders_requested?: (number | string)[];
  orders_to_redact?: (number | string)[];
  data_request?: { id?: number | string };
}

const customerId = (p: PrivacyPayload): bigint | null => {
  const id = p.customer?.id;
  if (id === undefined || id === null) return null;
  return typeof id === "string" && id.startsWith("gid://") ? gidId(id) : BigInt(id);
};

const dataRequest: Handler = async (ctx, job) => {
  const p = job.payload as PrivacyPayload;
  const id = customerId(p);
  if (id === null) return;
  const requestId = p.data_request?.id === undefined || p.data_request.id === null ? null : String(p.data_request.id);
  const row = await recordDataRequest(ctx.db, job.shop, id, requestId, ctx.now());
  ctx.log.info("customer data request assembled", { dataRequestId: row.id, requestId, rows: row.tables });
};

const customerRedact: Handler = async (ctx, job) => {
  const p = job.payload as PrivacyPayload;
  const id = customerId(p);
  if (id === null) return;
  const orders = (p.orders_to_redact ?? []).map((o) => BigInt(o));
  const counts = await redactCustomer(ctx.db, job.shop, id, orders, ctx.now());
  ctx.log.info("customer redacted", { ...counts });
};

const shopRedact: Handler = async (ctx, job) => {
  const counts = await redactShop(ctx.db, job.shop);
  ctx.log.info("shop redacted", { tables: counts });
};

const handlers: Record<string, Handler> = {
  "refunds/create": refund,
  "orders/edited": orderEdited,
  ...customerHandlers,
  "products/create": product,
  "products/update": product,
  "app/uninstalled": uninstalled,
  "app/scopes_update": scopesUpdate,
  "bulk_operations/finish": bulkFinish,
  "customers/data_request": dataRequest,
  "customers/redact": customerRedact,
  "shop/redact": shopRedact,
};
for (const t of known) {
  if (t.startsWith("orders/")) handlers[t] ??= order;
  if (t.startsWith("returns/")) handlers[t] = returnChange;
}

export function handlerFor(topic: string): Handler | undefined {
  return handlers[normaliseTopic(topic)];
}
