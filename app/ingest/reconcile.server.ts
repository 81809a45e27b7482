// Catches what webhooks missed: everything updated since the resource's sync cursor, read page
// by page (oldest change first) and written through the same writers as the backfill.
import type { AppContext } from "~/runtime/app-context.server";
import type { AdminGraphql } from "~/shopify/admin";
import { CUSTOMERS_PAGE, ORDERS_PAGE, PRODUCTS_PAGE } from "~/shopify/queries/pages";
import { afterOrderChange } from "~/ingest/followups.server";
import { allLineItems, editedOrderRefunds, type Page, type PagedOrder } from "~/ingest/edited-orders.server";
import type { GqlCustomer, GqlProduct, GqlVariant } from "~/ingest/rules/graphql-types";
import { gidId } from "~/ingest/rules/ids";
import { addCustomer, addOrder, addProduct } from "~/ingest/rules/map-graphql";
import { pruneOrderLines } from "~/ingest/order-lines.server";
import { syncReturns } from "~/ingest/returns.server";
import { emptyBatch, type RowBatch } from "~/ingest/rules/rows";
import { BULK_RESOURCES, type BulkResource } from "~/ingest/rules/sync-state";
import { writeBatch } from "~/ingest/writers.server";

type PagedProduct = Omit<GqlProduct, "variants"> & { variants: { nodes: GqlVariant[] } };

export interface ReconcileOptions {
  pageSize?: Partial<Record<BulkResource, number>>;
  /** Looks back this far before the cursor, for clock skew between Shopify and us. */
  overlapMs?: number;
}

const documents: Record<BulkResource, { doc: string; root: string }> = {
  products: { doc: PRODUCTS_PAGE, root: "products" },
  customers: { doc: CUSTOMERS_PAGE, root: "customers" },
  orders: { doc: ORDERS_PAGE, root: "orders" },
};
// Requested cost per page stays under 1,000 (checked in reconcile.test.ts against the simulator's cost model).
export const defaultPageSize: Record<BulkResource, number> = { products: 9, customers: 200, orders: 10 };

async function toBatch(
  admin: AdminGraphql,
  shop: string,
  resource: BulkResource,
  nodes: unknown[],
  now: Date,
): Promise<{ batch: RowBatch; ordersWithReturns: bigint[] }> {
  const batch = emptyBatch();
  const ordersWithReturns: bigint[] = [];
  for (const node of nodes) {
    if (resource === "customers") addCustomer(batch, shop, node as GqlCustomer);
    else if (resource === "products") {
      const p = node as PagedProduct;
      addProduct(batch, shop, { ...p, variants: p.variants.nodes });
    } else {
      const o = node as PagedOrder;
      const lines = await allLineItems(admin, o);
      addOrder(
        batch,
        shop,
        { ...o, lineItems: lines, returns: o.returns.nodes },
        now,
        await editedOrderRefunds(admin, o, lines),
      );
      if (o.returns.nodes.length > 0) ordersWithReturns.push(gidId(o.id));
    }
  }
  return { batch, ordersWithReturns };
}

export async function reconcileResource(
  ctx: AppContext,
  admin: AdminGraphql,
  shop: string,
  resource: BulkResource,
  options: ReconcileOptions = {},
): Promise<{ read: number; written: number }> {
  const cursor = await ctx.db.prisma.syncCursor.findUnique({ where: { shop_resource: { shop, resource } } });
  if (!cursor) return { read: 0, written: 0 };
  const startedAt = ctx.now();
  // The new cursor is the newest updatedAt Shopify showed us: its clock, not ours.
  let newest = cursor.syncedTo.getTime();
  const since = new Date(cursor.syncedTo.getTime() - (options.overlapMs ?? 5 * 60_000));
  const { doc, root } = documents[resource];
  let after: string | null = null;
  let read = 0;
  let written = 0;
  for (;;) {
    const data: Record<string, Page<unknown>> = await admin.request(doc, {
      first: options.pageSize?.[resource] ?? defaultPageSize[resource],
      after,
      query: `updated_at:>'${since.toISOString()}'`,
    });
    const page = data[root];
    for (const node of page.nodes as { updatedAt?: string }[])
      if (node.updatedAt) newest = Math.max(newest, Date.parse(node.updatedAt));
    const { batch, ordersWithReturns } = await toBatch(admin, shop, resource, page.nodes, startedAt);
    const result = await writeBatch(ctx.db.pool, batch, {
      returning: resource === "orders",
      after: async (client, w) =>
        void (await pruneOrderLines(
          client,
          shop,
          batch,
          (w.accepted.orders ?? []).map((o) => o.id),
        )),
    });
    read += page.nodes.length;
    written += Object.values(result.written).reduce((a, b) => a + b, 0);
    if (ordersWithReturns.length > 0) await syncReturns(ctx.db.pool, admin, shop, ordersWithReturns, startedAt);
    if (resource === "orders") await afterOrderChange(ctx, shop, result.accepted.orders ?? []);
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
    after = page.pageInfo.endCursor;
  }
  await ctx.db.prisma.syncCursor.update({
    where: { shop_resource: { shop, resource } },
    data: { syncedTo: new Date(newest) },
  });
  return { read, written };
}

export async function reconcileShop(ctx: AppContext, shop: string, options: ReconcileOptions = {}): Promise<void> {
  const shopRow = await ctx.db.prisma.shop.findUnique({ where: { domain: shop } });
  if (!shopRow || shopRow.uninstalledAt) return;
  const run = await ctx.db.prisma.syncRun.create({
    data: { shop, kind: "reconcile", status: "running", phase: "products", startedAt: ctx.now() },
  });
  try {
    const admin = await ctx.admin(shop);
    let read = 0;
    let written = 0;
    for (const resource of BULK_RESOURCES) {
      await ctx.db.prisma.syncRun.update({ where: { shop_id: { shop, id: run.id } }, data: { phase: resource } });
      const counts = await reconcileResource(ctx, admin, shop, resource, options);
      read += counts.read;
      written += counts.written;
      await ctx.db.prisma.syncRun.update({
        where: { shop_id: { shop, id: run.id } },
        data: { objectsRead: read, objectsWritten: written },
      });
    }
    await ctx.db.prisma.syncRun.update({
      where: { shop_id: { shop, id: run.id } },
      data: { status: "completed", phase: "done", finishedAt: ctx.now() },
    });
  } catch (error) {
    await ctx.db.prisma.syncRun.update({
      where: { shop_id: { shop, id: run.id } },
      data: { status: "failed", error: error instanceof Error ? error.message : String(error), finishedAt: ctx.now() },
    });
    throw error;
  }
}
