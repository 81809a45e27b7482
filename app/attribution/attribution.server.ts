// Set-based attribution (decision 0060): the Conversion table is rebuilt for a whole shop or for
// one order, idempotently, under a per-shop advisory lock so the two never interleave.
import type pg from "pg";
import { inTransaction, type Db } from "~/db.server";
import { SqlParams } from "~/db/params";
import { IN_WINDOW, qualifyingOrders, touches } from "./sql.server";

/**
 * Last touch: per order (all of the shop's, or only `orderIds`), the latest sent message whose
 * window contains it (ties: larger id). Returns how many orders are attributed.
 */
async function insertConversions(
  client: pg.PoolClient,
  args: { shop: string; orderIds?: readonly string[] },
): Promise<number> {
  const p = new SqlParams();
  const shop = p.add(args.shop);
  const where = args.orderIds === undefined ? "" : `AND o.id = ANY(${p.add(args.orderIds, "bigint[]")})`;
  const inserted = await client.query(
    `
  INSERT INTO "Conversion" ("orderId", shop, "messageId", "campaignId", "customerId", revenue, "orderAt")
  SELECT DISTINCT ON (o.id) o.id, ${shop}, t."messageId", t."campaignId", o."customerId", o.net, o."processedAt"
  FROM (${qualifyingOrders({ shop, where })}) o
  JOIN (${touches({ shop })}) t ON t."customerId" = o."customerId" AND NOT t."heldOut" AND ${IN_WINDOW}
  ORDER BY o.id, t.at DESC, t."messageId" DESC`,
    p.values,
  );
  return inserted.rowCount ?? 0;
}

async function locked<T>(db: Db, shop: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(db.pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('rapport.results:' || $1))", [shop]);
    return work(client);
  });
}

/** Rebuilds every conversion of the shop; returns how many orders are attributed. */
export async function attributeShop(db: Db, shop: string): Promise<number> {
  return locked(db, shop, async (client) => {
    await client.query(`DELETE FROM "Conversion" WHERE shop = $1`, [shop]);
    return insertConversions(client, { shop });
  });
}

/**
 * Re-attributes the given orders after they were created, edited, cancelled or refunded.
 * Returns how many of them are attributed now.
 */
export async function attributeOrders(db: Db, shop: string, orderIds: readonly bigint[]): Promise<number> {
  if (orderIds.length === 0) return 0;
  const ids = orderIds.map(String);
  return locked(db, shop, async (client) => {
    await client.query(`DELETE FROM "Conversion" WHERE shop = $1 AND "orderId" = ANY($2::bigint[])`, [shop, ids]);
    return insertConversions(client, { shop, orderIds: ids });
  });
}
