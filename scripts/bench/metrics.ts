// npm run bench:metrics — customer intelligence at scale: populate 100k- and 1M-customer stores
// with COPY (tests/support/synthetic-store.ts, ~5 orders per customer), then time the full
// recompute, the CLV model fit on the grouped summary, and one customer's refresh after a new
// order (p50/p99 over 200). Embedded PostgreSQL unless DATABASE_URL is set. Last line: JSON.
import { createDb, type Db } from "~/db.server";
import { fitClv, defaultClvFitOptions } from "~/domain/clv/fit";
import { memoryLogger } from "~/logger.server";
import { readGroups, readMonetary } from "~/intelligence/clv-stage.server";
import { defaultRecomputeOptions, recomputeShop } from "~/intelligence/recompute.server";
import { ORDERS_TEMP } from "~/intelligence/recompute-sql.server";
import { refreshCustomer } from "~/intelligence/refresh.server";
import { writeSyntheticStore } from "~tests/support/synthetic-store";
import { benchDatabase } from "./database";

const asOf = new Date("2026-06-01T00:00:00Z");
const sizes = (process.env.BENCH_SIZES ?? "100000,1000000").split(",").map(Number);
const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => Math.round(ms) / 1000;

const database = () => benchDatabase("rapport_bench_metrics");

/** The model fit alone: the per-customer summary built in SQL, grouped, read out, both fits in JS. */
async function timeFit(db: Db, shop: string): Promise<{ summaryMs: number; readMs: number; fitMs: number; groups: number; status: string }> {
  const client = await db.pool.connect();
  try {
    await client.query("BEGIN");
    let started = performance.now();
    await client.query(ORDERS_TEMP, [shop, asOf.toISOString()]);
    const summaryMs = performance.now() - started;
    started = performance.now();
    const groups = await readGroups(client);
    const monetary = await readMonetary(client, defaultRecomputeOptions.clv.maxMonetary);
    const readMs = performance.now() - started;
    started = performance.now();
    const result = fitClv(groups, monetary, defaultClvFitOptions);
    return { summaryMs, readMs, fitMs: performance.now() - started, groups: groups.x.length, status: result.status };
  } finally {
    await client.query("ROLLBACK");
    client.release();
  }
}

async function timeRefresh(db: Db, shop: string, customers: number, count: number): Promise<{ p50: number; p99: number; max: number }> {
  const deps = { db, now: () => asOf, log: memoryLogger() };
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const customerId = 1_000_000 + ((i * 7919) % customers);
    const orderId = 900_000_000 + i;
    const at = new Date(asOf.getTime() - 3_600_000).toISOString();
    // What the order webhook leaves behind before it enqueues the refresh.
    await db.pool.query(
      `INSERT INTO "Order" (shop, id, name, "customerId", "processedAt", "createdAt", "updatedAt", "currencyCode", "subtotalPrice", "totalPrice")
       VALUES ($1, $2, $3, $4, $5::timestamp, $5::timestamp, $5::timestamp, 'USD', 42, 42)`,
      [shop, orderId, `#${orderId}`, customerId, at],
    );
    await db.pool.query(
      `INSERT INTO "LineItem" (shop, id, "orderId", "customerId", "processedAt", "productId", "variantId", title, quantity, "currentQuantity", "unitPrice", "discountedTotal")
       VALUES ($1, $2, $2, $3, $4::timestamp, 7, 71, 'Product 7', 1, 1, 42, 42)`,
      [shop, orderId, customerId, at],
    );
    const started = performance.now();
    await refreshCustomer(deps, shop, BigInt(customerId));
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))] * 100) / 100;
  return { p50: q(0.5), p99: q(0.99), max: q(1) };
}

const { url, stop } = await database();
const db = createDb(url, { max: 4 });
const figures: Record<string, unknown> = {};
try {
  for (const customers of sizes) {
    const label = customers >= 1_000_000 ? `${customers / 1_000_000}M` : `${customers / 1000}k`;
    const shop = `bench-${label}.myshopify.com`;
    let started = performance.now();
    const written = await writeSyntheticStore(db.pool, { shop, customers, asOf, seed: 42 });
    await db.pool.query("ANALYZE");
    say(`${label}: populated ${customers} customers, ${written.orders} orders, ${written.lineItems} line items in ${seconds(performance.now() - started)} s`);
    const figure: Record<string, unknown> = { customers, orders: written.orders, lineItems: written.lineItems };
    figures[label] = figure;
    // Fit and refresh before the recompute, so a slow recompute cannot hide them; the refresh then
    // runs without cut points or a model (the same reads and writes, no CLV arithmetic).
    const fit = await timeFit(db, shop);
    say(`${label}: fit ${seconds(fit.fitMs)} s on ${fit.groups} groups (summary SQL ${seconds(fit.summaryMs)} s, read ${seconds(fit.readMs)} s) ${fit.status}`);
    Object.assign(figure, { fitSeconds: seconds(fit.fitMs), fitReadSeconds: seconds(fit.readMs), fitSummarySqlSeconds: seconds(fit.summaryMs), fitGroups: fit.groups, fitStatus: fit.status });
    say(JSON.stringify(figures));
    const refresh = await timeRefresh(db, shop, customers, 200);
    say(`${label}: refresh one customer p50 ${refresh.p50} ms p99 ${refresh.p99} ms`);
    Object.assign(figure, { refreshP50Ms: refresh.p50, refreshP99Ms: refresh.p99, refreshMaxMs: refresh.max });
    say(JSON.stringify(figures));
    started = performance.now();
    const first = await recomputeShop({ db, now: () => asOf, log: memoryLogger() }, shop);
    const recomputeMs = performance.now() - started;
    say(`${label}: recompute ${seconds(recomputeMs)} s ${JSON.stringify(first.timings)} clv=${first.clv.status}`);
    Object.assign(figure, { recomputeSeconds: seconds(recomputeMs), recomputeTimingsMs: first.timings, clvStatus: first.clv.status });
    say(JSON.stringify(figures));
    if (customers <= 100_000) {
      // The steady state (milestones already recorded); skipped at 1M to keep the run bounded.
      started = performance.now();
      const second = await recomputeShop({ db, now: () => asOf, log: memoryLogger() }, shop);
      const againMs = performance.now() - started;
      say(`${label}: recompute again ${seconds(againMs)} s ${JSON.stringify(second.timings)}`);
      Object.assign(figure, { recomputeAgainSeconds: seconds(againMs), recomputeAgainTimingsMs: second.timings });
    }
  }
} finally {
  await db.close();
  await stop();
}
say(JSON.stringify(figures));
