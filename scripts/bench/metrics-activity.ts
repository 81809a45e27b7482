// Store activity for bench:metrics and the recompute profile: a webhook-like new order, and a
// day of orders, refunds and cancellations scaled to the store.
import type pg from "pg";

const DAY = 86_400_000;

export async function placeOrder(pool: pg.Pool, shop: string, orderId: number, customerId: number, at: Date, product: number): Promise<void> {
  const t = at.toISOString();
  await pool.query(
    `WITH o AS (INSERT INTO "Order" (shop, id, name, "customerId", "processedAt", "createdAt", "updatedAt", "currencyCode", "subtotalPrice", "totalPrice")
       VALUES ($1, $2, $3, $4, $5::timestamp, $5::timestamp, $5::timestamp, 'USD', 42, 42))
     INSERT INTO "LineItem" (shop, id, "orderId", "customerId", "processedAt", "productId", "variantId", title, quantity, "currentQuantity", "unitPrice", "discountedTotal")
     VALUES ($1, $2, $2, $4, $5::timestamp, $6::bigint, $6::bigint * 10 + 1, 'Product', 1, 1, 42, 42)`,
    [shop, orderId, `#${orderId}`, customerId, t, product],
  );
}

/** A day of activity, scaled to the store: ~1/1000 of customers order, some refunds and cancellations. */
export async function simulateDay(pool: pg.Pool, shop: string, customers: number, dayStart: Date): Promise<{ orders: number; refunds: number; cancels: number }> {
  const orders = Math.round(customers / 200);
  for (let i = 0; i < orders; i++) {
    await placeOrder(pool, shop, 910_000_000 + i, 1_000_000 + ((i * 104_729) % customers), new Date(dayStart.getTime() + ((i * 7_777_777) % DAY)), 1 + (i % 400));
  }
  const refunds = await pool.query(
    `UPDATE "Order" SET "totalRefunded" = round("totalPrice" / 2, 2), "updatedAt" = $2::timestamp
     WHERE shop = $1 AND id IN (SELECT id FROM "Order" WHERE shop = $1 AND "totalRefunded" = 0 AND "processedAt" > $2::timestamp - interval '30 days' ORDER BY id LIMIT $3)`,
    [shop, dayStart.toISOString(), Math.round(customers / 2000)],
  );
  const cancels = await pool.query(
    `UPDATE "Order" SET "cancelledAt" = $2::timestamp, "updatedAt" = $2::timestamp
     WHERE shop = $1 AND id IN (SELECT id FROM "Order" WHERE shop = $1 AND "cancelledAt" IS NULL AND "processedAt" > $2::timestamp - interval '7 days' ORDER BY id DESC LIMIT $3)`,
    [shop, dayStart.toISOString(), Math.round(customers / 10_000)],
  );
  return { orders, refunds: refunds.rowCount ?? 0, cancels: cancels.rowCount ?? 0 };
}
