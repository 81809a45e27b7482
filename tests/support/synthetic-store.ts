// A large synthetic store written with COPY, for the metrics benchmark and the CLV integration
// test. Customers follow a BG/NBD-like process (gamma purchase rates, beta dropout after each
// purchase) over three years before asOf, so the fitted model is meaningful. Deterministic: the
// same seed gives the same rows. Each table is streamed by re-running the simulation, so memory
// stays flat whatever the size.
import { Readable } from "node:stream";
import type pg from "pg";
import { copyInto } from "~/db.server";
import { mulberry32 } from "~sim/util/rng";

/** Bump whenever the generated rows change: cached benchmark templates are keyed by it. */
export const SYNTHETIC_GENERATOR_VERSION = 1;

export interface SyntheticOptions {
  shop: string;
  customers: number;
  asOf: Date;
  seed?: number;
  products?: number;
  /** First Shopify-like id; customers, orders and line items are numbered from here. */
  firstId?: number;
}

const DAY = 86_400_000;
const SIZES = ["S", "M", "L"];
const REASONS = ["size-too-small", "size-too-large", "defective", "unwanted"];

function gamma(random: () => number, shape: number): number {
  // Marsaglia–Tsang for shape >= 1.
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const u1 = random() || 1e-12;
    const u2 = random();
    const n = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    const v = (1 + c * n) ** 3;
    if (v > 0 && Math.log(random() || 1e-12) < 0.5 * n * n + d - d * v + d * Math.log(v)) return d * v;
  }
}

interface SimOrder {
  id: number;
  at: number;
  cents: number;
  refundCents: number;
  lines: { id: number; product: number; variant: number; quantity: number }[];
  returnLine: { returnId: number; lineId: number; reason: string } | null;
}

function* simulate(o: SyntheticOptions): Generator<{ id: number; orders: SimOrder[] }> {
  const random = mulberry32(o.seed ?? 1);
  const products = o.products ?? 500;
  const end = o.asOf.getTime();
  const start = end - 3 * 365 * DAY;
  let nextId = (o.firstId ?? 1_000_000) + o.customers;
  for (let c = 0; c < o.customers; c++) {
    const rate = gamma(random, 2) / 120; // purchases per day, mean 1/60
    const churn = 1 - random() ** (1 / 6); // Beta(1, 6): mean 1/7
    const meanValue = 30 + gamma(random, 2) * 30;
    let at = start + random() * (end - start);
    const orders: SimOrder[] = [];
    for (;;) {
      const cents = Math.max(100, Math.round(meanValue * (0.5 + random()) * 100));
      const lineCount = random() < 0.5 ? 1 : 2;
      const lines = Array.from({ length: lineCount }, () => {
        const product = 1 + Math.floor(random() * random() * products);
        return {
          id: nextId++,
          product,
          variant: product * 10 + Math.floor(random() * 3),
          quantity: random() < 0.9 ? 1 : 2,
        };
      });
      const refundCents = random() < 0.03 ? Math.round(cents * 0.3) : 0;
      const returnLine =
        random() < 0.02
          ? { returnId: nextId++, lineId: lines[0].id, reason: REASONS[Math.floor(random() * REASONS.length)] }
          : null;
      orders.push({ id: nextId++, at: Math.floor(at), cents, refundCents, lines, returnLine });
      if (random() < churn) break;
      at += (-Math.log(random() || 1e-12) / rate) * DAY;
      if (at > end) break;
    }
    yield { id: (o.firstId ?? 1_000_000) + c, orders };
  }
}

const money = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
const ts = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");

function rows(o: SyntheticOptions, emit: (customer: { id: number; orders: SimOrder[] }) => string): Readable {
  const it = simulate(o);
  return Readable.from(
    (function* () {
      let buffer = "";
      for (const customer of it) {
        buffer += emit(customer);
        if (buffer.length > 1 << 20) {
          yield buffer;
          buffer = "";
        }
      }
      if (buffer) yield buffer;
    })(),
  );
}

async function copy(pool: pg.Pool, sql: string, source: Readable): Promise<void> {
  const client = await pool.connect();
  try {
    await copyInto(client, sql, source);
  } finally {
    client.release();
  }
}

/** Writes the catalogue, customers, orders, line items, refunds and returns of a synthetic shop. */
export async function writeSyntheticStore(
  pool: pg.Pool,
  o: SyntheticOptions,
): Promise<{ orders: number; lineItems: number }> {
  const shop = o.shop;
  const products = o.products ?? 500;
  const created = ts(o.asOf.getTime() - 4 * 365 * DAY);
  await pool.query(`INSERT INTO "Shop" (domain, "updatedAt") VALUES ($1, now()) ON CONFLICT DO NOTHING`, [shop]);
  let catalogue = "";
  let variants = "";
  for (let p = 1; p <= products; p++) {
    catalogue += `${shop}\t${p}\tProduct ${p}\tproduct-${p}\tType ${p % 12}\t${created}\t${created}\n`;
    for (let v = 0; v < 3; v++)
      variants += `${shop}\t${p * 10 + v}\t${p}\t${SIZES[v]}\t19.9900\t${SIZES[v]}\t{"Size":"${SIZES[v]}"}\n`;
  }
  await copy(
    pool,
    `COPY "Product" (shop, id, title, handle, "productType", "createdAt", "updatedAt") FROM STDIN`,
    Readable.from([catalogue]),
  );
  await copy(
    pool,
    `COPY "ProductVariant" (shop, id, "productId", title, price, size, options) FROM STDIN`,
    Readable.from([variants]),
  );
  const consent = (id: number) => (id % 3 === 0 ? "SUBSCRIBED" : "NOT_SUBSCRIBED");
  await copy(
    pool,
    `COPY "Customer" (shop, id, email, "emailMarketing", "smsMarketing", "createdAt", "updatedAt") FROM STDIN`,
    rows(
      o,
      (c) => `${shop}\t${c.id}\tc${c.id}@example.com\t${consent(c.id)}\t${consent(c.id + 1)}\t${created}\t${created}\n`,
    ),
  );
  let orders = 0;
  let lineItems = 0;
  await copy(
    pool,
    `COPY "Order" (shop, id, name, "customerId", "processedAt", "createdAt", "updatedAt", "currencyCode", "subtotalPrice", "totalPrice", "totalRefunded") FROM STDIN`,
    rows(o, (c) =>
      c.orders
        .map((x) => {
          orders++;
          const t = ts(x.at);
          return `${shop}\t${x.id}\t#${x.id}\t${c.id}\t${t}\t${t}\t${t}\tUSD\t${money(x.cents)}\t${money(x.cents)}\t${money(x.refundCents)}\n`;
        })
        .join(""),
    ),
  );
  await copy(
    pool,
    `COPY "LineItem" (shop, id, "orderId", "customerId", "processedAt", "productId", "variantId", title, quantity, "currentQuantity", "unitPrice", "discountedTotal") FROM STDIN`,
    rows(o, (c) =>
      c.orders
        .flatMap((x) =>
          x.lines.map((l) => {
            lineItems++;
            return `${shop}\t${l.id}\t${x.id}\t${c.id}\t${ts(x.at)}\t${l.product}\t${l.variant}\tProduct ${l.product}\t${l.quantity}\t${l.quantity}\t19.9900\t${money(1999 * l.quantity)}\n`;
          }),
        )
        .join(""),
    ),
  );
  await copy(
    pool,
    `COPY "Refund" (shop, id, "orderId", "createdAt", amount) FROM STDIN`,
    rows(o, (c) =>
      c.orders
        .filter((x) => x.refundCents > 0)
        .map((x) => `${shop}\t${x.id}\t${x.id}\t${ts(x.at + DAY)}\t${money(x.refundCents)}\n`)
        .join(""),
    ),
  );
  await copy(
    pool,
    `COPY "Return" (shop, id, "orderId", "customerId", name, status, "createdAt") FROM STDIN`,
    rows(o, (c) =>
      c.orders
        .filter((x) => x.returnLine)
        .map(
          (x) =>
            `${shop}\t${x.returnLine!.returnId}\t${x.id}\t${c.id}\tR${x.returnLine!.returnId}\tCLOSED\t${ts(x.at + 7 * DAY)}\n`,
        )
        .join(""),
    ),
  );
  await copy(
    pool,
    `COPY "ReturnLineItem" (shop, id, "returnId", "orderId", "customerId", "lineItemId", "productId", "variantId", quantity, "reasonHandle", "createdAt") FROM STDIN`,
    rows(o, (c) =>
      c.orders
        .filter((x) => x.returnLine)
        .map((x) => {
          const r = x.returnLine!;
          const l = x.lines[0];
          return `${shop}\t${r.lineId}\t${r.returnId}\t${x.id}\t${c.id}\t${l.id}\t${l.product}\t${l.variant}\t1\t${r.reason}\t${ts(x.at + 7 * DAY)}\n`;
        })
        .join(""),
    ),
  );
  return { orders, lineItems };
}
