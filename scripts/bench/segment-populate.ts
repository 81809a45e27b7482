// Builds a synthetic store of N customers with set-based SQL inside PostgreSQL (generate_series):
// customers, ~3 orders each over 3 years, 1-2 line items per order (half on the customer's
// favourite product), 4% returned, product mappings, profiles with RFM quintiles and a stand-in
// predicted CLV, milestones (spend, 10th order, anniversaries), the top-percent cuts.
import { type Db } from "~/db.server";
import { utcTimestamp } from "~/db/params";
import { writeTopCuts } from "~/profile/top-cuts-sql.server";

const REASONS = `ARRAY['size-too-small','size-too-large','defective','not-as-described','wrong-item','unwanted','style','color','other']`;

export interface PopulateFigures {
  customers: number;
  orders: number;
  lineItems: number;
  returnLines: number;
  seconds: Record<string, number>;
}

async function timed(seconds: Record<string, number>, name: string, run: () => Promise<unknown>): Promise<void> {
  const start = performance.now();
  await run();
  seconds[name] = Number(((performance.now() - start) / 1000).toFixed(1));
}

export async function populateSegmentStore(
  db: Db,
  shop: string,
  customers: number,
  now: Date,
  log: (line: string) => void = () => undefined,
): Promise<PopulateFigures> {
  const client = await db.pool.connect();
  const seconds: Record<string, number> = {};
  const params = [shop, utcTimestamp(now), customers];
  // Each statement gets the parameters it references ($1 shop, $2 now, $3 customers).
  const q = (sql: string): Promise<unknown> =>
    client.query(sql, params.slice(0, Math.max(...[...sql.matchAll(/\$(\d)/g)].map((m) => Number(m[1])))));
  try {
    await client.query("SET synchronous_commit = off");
    await client.query("SELECT setseed(0.20261129)");
    await timed(seconds, "customers", () =>
      q(`
      INSERT INTO "Customer" (shop, id, "firstName", "lastName", email, "emailMarketing", "smsMarketing", tags, "createdAt", "updatedAt")
      SELECT $1, g, 'First' || g, 'Last' || g, 'c' || g || '@example.com',
             CASE WHEN random() < 0.6 THEN 'SUBSCRIBED' ELSE 'NOT_SUBSCRIBED' END, 'NOT_SUBSCRIBED',
             CASE WHEN random() < 0.05 THEN ARRAY['vip'] ELSE ARRAY[]::text[] END,
             $2::timestamp - interval '1200 days', $2::timestamp - interval '1 day'
        FROM generate_series(1, $3::int) g`),
    );
    log(`customers ${seconds.customers}s`);
    await timed(seconds, "orders", () =>
      q(`
      INSERT INTO "Order" (shop, id, name, "customerId", "processedAt", "createdAt", "updatedAt", "cancelledAt", test, "currencyCode", "subtotalPrice", "totalPrice", "totalRefunded")
      SELECT $1, x.c * 32 + x.k, '#' || (x.c * 32 + x.k), x.c, x.t, x.t, x.t,
             CASE WHEN x.r < 0.02 THEN x.t + interval '2 hours' END, x.r > 0.995, 'USD', x.p, x.p,
             CASE WHEN x.r BETWEEN 0.02 AND 0.07 THEN round(x.p * 0.3, 2) ELSE 0 END
        FROM (SELECT c, k, $2::timestamp - random() * interval '1095 days' AS t, round(((20 + random() * 180) * CASE WHEN c % 50 = 0 THEN 12 ELSE 1 END)::numeric, 2) AS p, random() AS r
                FROM generate_series(1, $3::int) c,
                     LATERAL generate_series(1, LEAST(30, 1 + floor(-ln(1 - random()) * 2.2)::int + (c % 97 = 0)::int * 12)) k) x`),
    );
    log(`orders ${seconds.orders}s`);
    await timed(seconds, "lineItems", () =>
      q(`
      INSERT INTO "LineItem" (shop, id, "orderId", "customerId", "processedAt", "productId", title, quantity, "currentQuantity", "unitPrice", "discountedTotal")
      SELECT o.shop, o.id * 4 + j, o.id, o."customerId", o."processedAt",
             CASE WHEN random() < 0.5 THEN 1 + (o."customerId" % 200) ELSE 1 + floor(random() * 200)::int END,
             'Item', 1, 1, 10, 10
        FROM "Order" o, LATERAL generate_series(1, 1 + (random() < 0.4 AND o.id > 0)::int) j
       WHERE o.shop = $1`),
    );
    log(`line items ${seconds.lineItems}s`);
    await timed(seconds, "returns", async () => {
      await q(`
        INSERT INTO "ReturnLineItem" (shop, id, "returnId", "orderId", "customerId", "lineItemId", "productId", quantity, "reasonHandle", "createdAt")
        SELECT li.shop, li.id, li.id, li."orderId", li."customerId", li.id, li."productId", 1,
               (${REASONS})[1 + floor(random() * 9)::int], li."processedAt" + interval '10 days'
          FROM "LineItem" li WHERE li.shop = $1 AND random() < 0.04 AND li."processedAt" + interval '10 days' <= $2::timestamp`);
      await q(`INSERT INTO "Return" (shop, id, "orderId", "customerId", name, status, "createdAt")
               SELECT shop, id, "orderId", "customerId", 'R' || id, 'CLOSED', "createdAt" FROM "ReturnLineItem" WHERE shop = $1`);
      await q(`INSERT INTO "ProductMapping" (shop, "productId", "premiumProductId", "relaunchedAt")
               SELECT $1, p, CASE WHEN p <= 20 THEN 1000 + p END,
                      CASE WHEN p BETWEEN 21 AND 40 THEN $2::timestamp - (p - 20) * interval '10 days' END
                 FROM generate_series(1, 40) p`);
    });
    log(`returns and mappings ${seconds.returns}s`);
    await timed(seconds, "profiles", async () => {
      await q(`
        INSERT INTO "CustomerProfile" (shop, "customerId", "orderCount", "grossSpend", "netSpend", aov, "firstOrderAt", "lastOrderAt", "rScore", "fScore", "mScore", "lifecycleStage", "predictedClv")
        SELECT shop, "customerId", n, gross, net, round(net / n, 4), first, last,
               ntile(5) OVER (ORDER BY last), ntile(5) OVER (ORDER BY n), ntile(5) OVER (ORDER BY net), 'active',
               (net / n)::float8 * (0.2 + random() * n)
          FROM (SELECT shop, "customerId", count(*)::int AS n, sum("totalPrice") AS gross, sum("totalPrice" - "totalRefunded") AS net,
                       min("processedAt") AS first, max("processedAt") AS last
                  FROM "Order" WHERE shop = $1 AND "cancelledAt" IS NULL AND NOT test GROUP BY shop, "customerId") a`);
      await q(`
        INSERT INTO "CustomerMilestone" (shop, "customerId", kind, threshold, "reachedAt")
        SELECT shop, "customerId", 'order_count', 10, "lastOrderAt" FROM "CustomerProfile" WHERE shop = $1 AND "orderCount" >= 10
        UNION ALL
        SELECT shop, "customerId", 'lifetime_spend', 1000, "lastOrderAt" FROM "CustomerProfile" WHERE shop = $1 AND "netSpend" >= 1000
        UNION ALL
        SELECT shop, "customerId", 'lifetime_spend', 5000, "lastOrderAt" FROM "CustomerProfile" WHERE shop = $1 AND "netSpend" >= 5000
        UNION ALL
        SELECT shop, "customerId", 'anniversary_years', y, "firstOrderAt" + make_interval(days => 365 * y)
          FROM "CustomerProfile", generate_series(1, 2) y WHERE shop = $1 AND "firstOrderAt" + make_interval(days => 365 * y) <= $2::timestamp`);
    });
    log(`profiles and milestones ${seconds.profiles}s`);
    // The top-percent cuts, with the statement the recompute runs (its cost at this size).
    await q(`INSERT INTO "ShopIntelligence" (shop, "asOf") VALUES ($1, $2::timestamp)`);
    await timed(seconds, "topCuts", () => writeTopCuts(client, shop));
    log(`top-percent cuts ${seconds.topCuts}s`);
    const counts = await client.query<{ orders: string; lines: string; returns: string }>(
      `SELECT (SELECT count(*) FROM "Order" WHERE shop = $1) AS orders, (SELECT count(*) FROM "LineItem" WHERE shop = $1) AS lines,
              (SELECT count(*) FROM "ReturnLineItem" WHERE shop = $1) AS returns`,
      [shop],
    );
    const row = counts.rows[0];
    return {
      customers,
      orders: Number(row.orders),
      lineItems: Number(row.lines),
      returnLines: Number(row.returns),
      seconds,
    };
  } finally {
    client.release();
  }
}
