// Loads what a message template may say about one customer (MessageFacts) for the editor's
// preview. The campaign engine owns sending; when app/campaigns exports its own facts loader
// or preview, the preview switches to it.
import type { AppContext } from "~/context.server";
import type { MessageFacts, ProductRef } from "~/domain/messages";

type Db = AppContext["db"];

async function productRef(db: Db, shop: string, shopUrl: string, id: bigint | null | undefined): Promise<ProductRef | null> {
  if (id === null || id === undefined) return null;
  const p = await db.prisma.product.findUnique({ where: { shop_id: { shop, id } }, select: { title: true, handle: true } });
  return p && { name: p.title, url: `${shopUrl}/products/${p.handle}` };
}

export async function loadMessageFacts(ctx: Pick<AppContext, "db">, shop: string, customerId: bigint, campaignName: string): Promise<MessageFacts | null> {
  const { prisma } = ctx.db;
  const [shopRow, customer, profile, lastOrder, milestone, returned] = await Promise.all([
    prisma.shop.findUnique({ where: { domain: shop } }),
    prisma.customer.findUnique({ where: { shop_id: { shop, id: customerId } } }),
    prisma.customerProfile.findUnique({ where: { shop_customerId: { shop, customerId } } }),
    prisma.order.findFirst({ where: { shop, customerId, cancelledAt: null, test: false }, orderBy: { processedAt: "desc" } }),
    prisma.customerMilestone.findFirst({ where: { shop, customerId }, orderBy: { reachedAt: "desc" } }),
    prisma.returnLineItem.findMany({ where: { shop, customerId, productId: { not: null } }, select: { productId: true }, orderBy: { createdAt: "desc" }, take: 20 }),
  ]);
  if (!customer || customer.redactedAt) return null;
  const shopUrl = `https://${shop}`;
  const boughtLine = lastOrder ? await prisma.lineItem.findFirst({ where: { shop, orderId: lastOrder.id, productId: { not: null } }, orderBy: { id: "asc" } }) : null;
  const favouriteId = profile?.favouriteProductId ?? null;
  const [premiumMap, relaunchMap] = await Promise.all([
    favouriteId ? prisma.productMapping.findUnique({ where: { shop_productId: { shop, productId: favouriteId } } }) : null,
    returned.length ? prisma.productMapping.findFirst({ where: { shop, productId: { in: returned.map((r) => r.productId!) }, relaunchedAt: { not: null } }, orderBy: { relaunchedAt: "desc" } }) : null,
  ]);
  const [productJustBought, favouriteProduct, premiumProduct, relaunched] = await Promise.all([
    productRef(ctx.db, shop, shopUrl, boughtLine?.productId),
    productRef(ctx.db, shop, shopUrl, favouriteId),
    productRef(ctx.db, shop, shopUrl, premiumMap?.premiumProductId),
    productRef(ctx.db, shop, shopUrl, relaunchMap?.productId),
  ]);
  return {
    shop: { name: shopRow?.name || shop, url: shopUrl, currencyCode: shopRow?.currencyCode ?? "USD" },
    customer: { firstName: customer.firstName, lastName: customer.lastName },
    lastOrder: lastOrder && { name: lastOrder.name, processedAt: lastOrder.processedAt, total: lastOrder.totalPrice.toFixed(2) },
    productJustBought,
    favouriteProduct,
    usualSize: profile?.usualSize ?? null,
    milestone: milestone && { kind: milestone.kind, threshold: milestone.threshold.toFixed(), reachedAt: milestone.reachedAt },
    premiumProduct,
    relaunchedProduct: relaunched && { ...relaunched, whatChanged: relaunchMap?.relaunchNote ?? null },
    campaign: { name: campaignName },
    unsubscribeUrl: `${shopUrl}/account`,
  };
}
