// Seeds store, intelligence and mapping rows directly (multi-row INSERTs) for segment tests, and a
// stand-in profile computation for when the intelligence job is not under test.
import type pg from "pg";

type Id = number | bigint | string;

export interface SeedCustomer {
  id: Id;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  emailMarketing?: string;
  smsMarketing?: string;
  tags?: string[];
  createdAt?: Date;
  redactedAt?: Date | null;
}
export interface SeedOrder {
  id: Id;
  customerId: Id | null;
  processedAt: Date;
  cancelledAt?: Date | null;
  test?: boolean;
  totalPrice?: string;
  totalRefunded?: string;
  /** One line item per entry (product id or null); ids are derived from the order id. */
  productIds: (Id | null)[];
}
export interface SeedReturnLine {
  id: Id;
  orderId: Id;
  customerId: Id | null;
  productId: Id | null;
  reasonHandle: string | null;
  createdAt: Date;
}
export interface SeedMilestone {
  customerId: Id;
  kind: string;
  threshold: string;
  reachedAt: Date;
  /** When Rapport first saw it; reachedAt when absent (found as it happened). */
  recordedAt?: Date;
}
export interface SeedMapping {
  productId: Id;
  premiumProductId?: Id | null;
  relaunchedAt?: Date | null;
}
export interface SeedProfile {
  customerId: Id;
  orderCount?: number;
  netSpend?: string;
  firstOrderAt?: Date | null;
  lastOrderAt?: Date | null;
  rScore?: number | null;
  fScore?: number | null;
  mScore?: number | null;
  usualSize?: string | null;
  lifecycleStage?: string;
  predictedClv?: number | null;
}
export interface SeedStore {
  customers?: SeedCustomer[];
  orders?: SeedOrder[];
  returns?: SeedReturnLine[];
  milestones?: SeedMilestone[];
  mappings?: SeedMapping[];
  profiles?: SeedProfile[];
}

const EPOCH = new Date("2020-01-01T00:00:00Z");

export async function insertRows(pool: pg.Pool, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const perChunk = Math.max(1, Math.floor(30_000 / columns.length));
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const values: unknown[] = [];
    const tuples = chunk.map(
      (row) =>
        `(${columns
          .map((c) => {
            values.push(row[c]);
            return `$${values.length}`;
          })
          .join(", ")})`,
    );
    await pool.query(
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${tuples.join(", ")}`,
      values,
    );
  }
}

const str = (id: Id | null | undefined): string | null => (id === null || id === undefined ? null : String(id));

export async function seedStore(pool: pg.Pool, shop: string, seed: SeedStore): Promise<void> {
  await insertRows(
    pool,
    "Customer",
    (seed.customers ?? []).map((c) => ({
      shop,
      id: str(c.id),
      firstName: c.firstName ?? null,
      lastName: c.lastName ?? null,
      email: c.email ?? null,
      emailMarketing: c.emailMarketing ?? "NOT_SUBSCRIBED",
      smsMarketing: c.smsMarketing ?? "NOT_SUBSCRIBED",
      tags: c.tags ?? [],
      createdAt: c.createdAt ?? EPOCH,
      updatedAt: c.createdAt ?? EPOCH,
      redactedAt: c.redactedAt ?? null,
    })),
  );
  const orders = seed.orders ?? [];
  await insertRows(
    pool,
    "Order",
    orders.map((o) => ({
      shop,
      id: str(o.id),
      name: `#${String(o.id)}`,
      customerId: str(o.customerId),
      processedAt: o.processedAt,
      createdAt: o.processedAt,
      updatedAt: o.processedAt,
      cancelledAt: o.cancelledAt ?? null,
      test: o.test ?? false,
      currencyCode: "USD",
      subtotalPrice: o.totalPrice ?? "10",
      totalPrice: o.totalPrice ?? "10",
      totalRefunded: o.totalRefunded ?? "0",
    })),
  );
  await insertRows(
    pool,
    "LineItem",
    orders.flatMap((o) =>
      o.productIds.map((productId, k) => ({
        shop,
        id: `${String(o.id)}${String(k).padStart(3, "0")}`,
        orderId: str(o.id),
        customerId: str(o.customerId),
        processedAt: o.processedAt,
        productId: str(productId),
        title: "Item",
        quantity: 1,
        currentQuantity: 1,
        unitPrice: "10",
        discountedTotal: "10",
      })),
    ),
  );
  const returns = seed.returns ?? [];
  await insertRows(
    pool,
    "Return",
    returns.map((r) => ({
      shop,
      id: str(r.id),
      orderId: str(r.orderId),
      customerId: str(r.customerId),
      name: `R${String(r.id)}`,
      status: "OPEN",
      createdAt: r.createdAt,
    })),
  );
  await insertRows(
    pool,
    "ReturnLineItem",
    returns.map((r) => ({
      shop,
      id: str(r.id),
      returnId: str(r.id),
      orderId: str(r.orderId),
      customerId: str(r.customerId),
      productId: str(r.productId),
      quantity: 1,
      reasonHandle: r.reasonHandle,
      createdAt: r.createdAt,
    })),
  );
  await insertRows(
    pool,
    "CustomerMilestone",
    (seed.milestones ?? []).map((m) => ({
      shop,
      customerId: str(m.customerId),
      kind: m.kind,
      threshold: m.threshold,
      reachedAt: m.reachedAt,
      recordedAt: m.recordedAt ?? m.reachedAt,
    })),
  );
  await insertRows(
    pool,
    "ProductMapping",
    (seed.mappings ?? []).map((m) => ({
      shop,
      productId: str(m.productId),
      premiumProductId: str(m.premiumProductId),
      relaunchedAt: m.relaunchedAt ?? null,
    })),
  );
  await insertRows(
    pool,
    "CustomerProfile",
    (seed.profiles ?? []).map((p) => ({
      shop,
      customerId: str(p.customerId),
      orderCount: p.orderCount ?? 0,
      netSpend: p.netSpend ?? "0",
      firstOrderAt: p.firstOrderAt ?? null,
      lastOrderAt: p.lastOrderAt ?? null,
      rScore: p.rScore ?? null,
      fScore: p.fScore ?? null,
      mScore: p.mScore ?? null,
      usualSize: p.usualSize ?? null,
      lifecycleStage: p.lifecycleStage ?? "prospect",
      predictedClv: p.predictedClv ?? null,
    })),
  );
}

/**
 * Stand-in for the intelligence recompute: orderCount, spend, first/last order per customer from counted
 * orders as of `asOf` (docs/pillars.md: placed by asOf, not cancelled by asOf, not test).
 */
export async function computeTestProfiles(pool: pg.Pool, shop: string, asOf: Date): Promise<void> {
  const at = asOf.toISOString().replace("T", " ").replace("Z", "");
  await pool.query(
    `INSERT INTO "CustomerProfile" (shop, "customerId", "orderCount", "grossSpend", "netSpend", "firstOrderAt", "lastOrderAt")
     SELECT o.shop, o."customerId", count(*), sum(o."totalPrice"), sum(o."totalPrice" - o."totalRefunded"), min(o."processedAt"), max(o."processedAt")
       FROM "Order" o
      WHERE o.shop = $1 AND o."customerId" IS NOT NULL AND o."processedAt" <= $2::timestamp AND NOT o.test
        AND (o."cancelledAt" IS NULL OR o."cancelledAt" > $2::timestamp)
      GROUP BY o.shop, o."customerId"
     ON CONFLICT (shop, "customerId") DO UPDATE SET "orderCount" = excluded."orderCount", "grossSpend" = excluded."grossSpend",
       "netSpend" = excluded."netSpend", "firstOrderAt" = excluded."firstOrderAt", "lastOrderAt" = excluded."lastOrderAt"`,
    [shop, at],
  );
}

/** One customer's purchase-stat rows (product, orders), by product: what a refresh or rebuild wrote. */
export async function purchaseStatsOf(
  pool: pg.Pool,
  shop: string,
  customerId: bigint,
): Promise<{ productId: string; orderCount: number }[]> {
  const { rows } = await pool.query<{ productId: string; orderCount: number }>(
    `SELECT "productId"::text AS "productId", "orderCount" FROM "SegmentPurchaseStat"
      WHERE shop = $1 AND "customerId" = $2 ORDER BY "productId"`,
    [shop, customerId.toString()],
  );
  return rows;
}
