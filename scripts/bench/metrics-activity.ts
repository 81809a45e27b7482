// Store activity for bench:metrics and the recompute profile: a webhook-like new order, and a
// day of orders, refunds and cancellations scaled to the store.
import type pg from "pg";
import type { Db } from "~/db.server";
import { memoryLogger } from "~/logger.server";
import { refreshCustomer } from "~/profile/refresh.server";

const DAY = 86_400_000;

export async function placeOrder(
  pool: pg.Pool,
  shop: string,
  orderId: number,
  customerId: number,
  at: Date,
  product: number,
): Promise<void> {
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
export async function simulateDay(
  pool: pg.Pool,
  shop: string,
  customers: number,
  dayStart: Date,
): Promise<{ orders: number; refunds: number; cancels: number }> {
  const orders = Math.round(customers / 200);
  for (let i = 0; i < orders; i++) {
    await placeOrder(
      pool,
      shop,
      910_000_000 + i,
      1_000_000 + ((i * 104_729) % customers),
      new Date(dayStart.getTime() + ((i * 7_777_777) % DAY)),
      1 + (i % 400),
    );
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

/** One customer's refresh after a new order, `count` times; order ids from 900,000,000 + `offset`. */
export async function timeRefresh(
  db: Db,
  shop: string,
  customers: number,
  count: number,
  now: Date,
  offset: number,
): Promise<{ p50: number; p99: number; max: number }> {
  const deps = { db, now: () => now, log: memoryLogger() };
  // Warm-up, untimed: the pool opens its connections here (a pooled worker holds them already;
  // opening two took ~40 ms and was the largest sample of every run).
  await refreshCustomer(deps, shop, BigInt(1_000_000 + (offset % customers)));
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const customerId = 1_000_000 + ((i * 7919) % customers);
    // What the order webhook leaves behind before it enqueues the refresh.
    await placeOrder(db.pool, shop, 900_000_000 + offset + i, customerId, new Date(now.getTime() - 3_600_000), 7);
    const started = performance.now();
    await refreshCustomer(deps, shop, BigInt(customerId));
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))] * 100) / 100;
  return { p50: q(0.5), p99: q(0.99), max: q(1) };
}
