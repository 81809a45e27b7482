// Loads, for a batch of customers, what the guardrails and the templates need: consent, timezone
// and the message facts. Set-based (a handful of queries per batch, whatever its size).
import type { Db } from "~/db.server";
import type { MessageFacts, MilestoneFact, ProductRef } from "~/campaigns/rules/messages";
import type { ShopInfo } from "./store.server";
import { countedOrderSql } from "~/profile/rules/counted-order";

/** What the trigger knows about this particular event. */
export interface TriggerContext {
  orderId?: string;
  milestone?: MilestoneFact;
  relaunchedProductId?: string;
}

export interface Recipient {
  customerId: string;
  email: string | null;
  emailMarketing: string;
  timeZone: string | null;
  facts: MessageFacts;
}

const AFFINITY_DAYS = 90;

async function rows<T>(db: Db, text: string, values: unknown[]): Promise<T[]> {
  return (await db.pool.query(text, values)).rows as T[];
}

export async function loadRecipients(
  db: Db,
  shop: ShopInfo,
  campaignName: string,
  items: { customerId: string; context: TriggerContext }[],
  now: Date,
): Promise<Map<string, Recipient>> {
  const ids = [...new Set(items.map((i) => i.customerId))];
  if (ids.length === 0) return new Map();
  const s = shop.domain;
  const [customers, profiles, lastOrders, milestones, premiums, relaunches] = await Promise.all([
    rows<{
      id: string;
      firstName: string | null;
      lastName: string | null;
      email: string | null;
      emailMarketing: string;
      timezone: string | null;
      locale: string | null;
    }>(
      db,
      `SELECT id::text, "firstName", "lastName", email, "emailMarketing", timezone, locale FROM "Customer" WHERE shop = $1 AND id = ANY($2::int8[]) AND "redactedAt" IS NULL AND "deletedAt" IS NULL`,
      [s, ids],
    ),
    rows<{ id: string; fav: string | null; size: string | null }>(
      db,
      `SELECT "customerId"::text AS id, "favouriteProductId"::text AS fav, "usualSize" AS size FROM "CustomerProfile" WHERE shop = $1 AND "customerId" = ANY($2::int8[])`,
      [s, ids],
    ),
    rows<{ id: string; orderId: string; name: string; processedAt: Date; total: string }>(
      db,
      `SELECT DISTINCT ON ("customerId") "customerId"::text AS id, id::text AS "orderId", name, "processedAt", "totalPrice"::text AS total
         FROM "Order" WHERE shop = $1 AND "customerId" = ANY($2::int8[]) AND ${countedOrderSql()} AND "processedAt" <= $3
        ORDER BY "customerId", "processedAt" DESC`,
      [s, ids, now],
    ),
    rows<{ id: string; kind: string; threshold: string; reachedAt: Date }>(
      db,
      `SELECT DISTINCT ON ("customerId") "customerId"::text AS id, kind, threshold::text, "reachedAt" FROM "CustomerMilestone"
        WHERE shop = $1 AND "customerId" = ANY($2::int8[]) AND "reachedAt" <= $3 ORDER BY "customerId", "reachedAt" DESC, threshold DESC`,
      [s, ids, now],
    ),
    // The premium version of the mapped product the customer bought in the most orders lately.
    rows<{ id: string; premium: string }>(
      db,
      `SELECT DISTINCT ON (li."customerId") li."customerId"::text AS id, m."premiumProductId"::text AS premium
         FROM "LineItem" li JOIN "ProductMapping" m ON m.shop = li.shop AND m."productId" = li."productId" AND m."premiumProductId" IS NOT NULL
        WHERE li.shop = $1 AND li."customerId" = ANY($2::int8[]) AND li."processedAt" > $3 AND li."processedAt" <= $4
        GROUP BY li."customerId", m."premiumProductId" ORDER BY li."customerId", count(DISTINCT li."orderId") DESC, m."premiumProductId"`,
      [s, ids, new Date(now.getTime() - AFFINITY_DAYS * 86_400_000), now],
    ),
    rows<{ id: string; productId: string }>(
      db,
      `SELECT DISTINCT ON (r."customerId") r."customerId"::text AS id, m."productId"::text AS "productId"
         FROM "ReturnLineItem" r JOIN "ProductMapping" m ON m.shop = r.shop AND m."productId" = r."productId"
        WHERE r.shop = $1 AND r."customerId" = ANY($2::int8[]) AND m."relaunchedAt" > r."createdAt" AND m."relaunchedAt" <= $3
        ORDER BY r."customerId", m."relaunchedAt" DESC`,
      [s, ids, now],
    ),
  ]);
  const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((r) => [r.id, r]));
  const profile = byId(profiles);
  const lastOrder = byId(lastOrders);
  const milestone = byId(milestones);
  const premium = byId(premiums);
  const relaunch = byId(relaunches);

  const orderIds = [
    ...new Set([
      ...items.flatMap((i) => (i.context.orderId ? [i.context.orderId] : [])),
      ...lastOrders.map((o) => o.orderId),
    ]),
  ];
  const bought = await rows<{ orderId: string; productId: string }>(
    db,
    `SELECT DISTINCT ON ("orderId") "orderId"::text AS "orderId", "productId"::text AS "productId" FROM "LineItem"
      WHERE shop = $1 AND "orderId" = ANY($2::int8[]) AND "productId" IS NOT NULL ORDER BY "orderId", "discountedTotal" DESC, id`,
    [s, orderIds],
  );
  const boughtByOrder = new Map(bought.map((b) => [b.orderId, b.productId]));

  const productIds = new Set<string>();
  for (const list of [
    profiles.map((p) => p.fav),
    premiums.map((p) => p.premium),
    relaunches.map((r) => r.productId),
    bought.map((b) => b.productId),
    items.map((i) => i.context.relaunchedProductId),
  ]) {
    for (const id of list) if (id) productIds.add(id);
  }
  const [products, notes] = await Promise.all([
    rows<{ id: string; title: string; handle: string }>(
      db,
      `SELECT id::text, title, handle FROM "Product" WHERE shop = $1 AND id = ANY($2::int8[])`,
      [s, [...productIds]],
    ),
    rows<{ id: string; note: string | null }>(
      db,
      `SELECT "productId"::text AS id, "relaunchNote" AS note FROM "ProductMapping" WHERE shop = $1 AND "productId" = ANY($2::int8[])`,
      [s, [...productIds]],
    ),
  ]);
  const shopUrl = `https://${shop.domain}`;
  const productById = new Map(products.map((p) => [p.id, { name: p.title, url: `${shopUrl}/products/${p.handle}` }]));
  const noteById = new Map(notes.map((n) => [n.id, n.note]));
  const product = (id: string | null | undefined): ProductRef | null => (id ? (productById.get(id) ?? null) : null);

  const out = new Map<string, Recipient>();
  const customerById = byId(customers);
  for (const item of items) {
    const c = customerById.get(item.customerId);
    if (!c || out.has(item.customerId)) continue;
    const last = lastOrder.get(c.id);
    const m = item.context.milestone ?? milestone.get(c.id);
    const relaunchedId = item.context.relaunchedProductId ?? relaunch.get(c.id)?.productId;
    const relaunched = product(relaunchedId);
    out.set(c.id, {
      customerId: c.id,
      email: c.email,
      emailMarketing: c.emailMarketing,
      timeZone: c.timezone,
      facts: {
        shop: { name: shop.name, url: shopUrl, currencyCode: shop.currencyCode },
        customer: { firstName: c.firstName, lastName: c.lastName, locale: c.locale },
        lastOrder: last ? { name: last.name, processedAt: last.processedAt, total: last.total } : null,
        productJustBought: product(boughtByOrder.get(item.context.orderId ?? last?.orderId ?? "")),
        favouriteProduct: product(profile.get(c.id)?.fav),
        usualSize: profile.get(c.id)?.size ?? null,
        milestone: m ? { kind: m.kind, threshold: String(Number(m.threshold)), reachedAt: m.reachedAt } : null,
        premiumProduct: product(premium.get(c.id)?.premium),
        relaunchedProduct: relaunched ? { ...relaunched, whatChanged: noteById.get(relaunchedId!) ?? null } : null,
        campaign: { name: campaignName },
        unsubscribeUrl: `${shopUrl}/account`,
      },
    });
  }
  return out;
}
