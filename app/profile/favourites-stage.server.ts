// The favourites step of the whole-shop recompute: the dirty customers' counted lines stream out by
// COPY, in customer order, through the pure rule (app/profile/rules/favourites.ts), one
// customer at a time; the results go back by COPY into the temp table _fav for _db to join.
// One rule for the recompute, the refresh and the customer page, and in a full run it is cheaper
// than three 8M-row groupings in SQL (docs/decisions/0087). Only one customer's lines are held.
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { copyInto } from "~/db.server";
import { favourites, type FavouriteLine } from "~/profile/rules/favourites";
import { escapeText, NULL } from "~/ingest/rules/copy-text";
import { readLineBatches } from "~/ingest/rules/jsonl";
import { countedOrderSql } from "~/profile/rules/counted-order";
import { inDirty } from "./recompute-sql.server";

/**
 * Counted line items of the dirty customers, in customer order, processed by asOf. LineItem carries
 * customerId and processedAt denormalised from its order, so only the (few) orders that do not count
 * need a lookup. No joins: the (shop, customerId, …) index then gives the order without sorting 8M
 * rows (product types and sizes are looked up in Node). A full run reads every customer's lines;
 * _db keeps only the rebuilt customers'. COPY takes no parameters: shop and asOf go as SQL
 * literals, escaped by the client. Times go as epoch milliseconds, rounded: the float product for
 * a millisecond instant lies within 1e-4 of the integer, which floor could miss.
 */
function countedLinesCopy(client: pg.PoolClient, args: { shop: string; asOf: string; full: boolean }): string {
  const shop = client.escapeLiteral(args.shop);
  const asOf = client.escapeLiteral(args.asOf);
  return `COPY (
SELECT li."customerId", li."orderId", li."productId", li."variantId", round(date_part('epoch', li."processedAt") * 1000)::int8, li.quantity
FROM "LineItem" li
WHERE li.shop = ${shop} AND ${args.full ? `li."customerId" IS NOT NULL` : inDirty(`li."customerId"`, false)} AND li."processedAt" <= ${asOf}::timestamp
  AND li."orderId" NOT IN (
    SELECT o.id FROM "Order" o WHERE o.shop = ${shop} AND ${args.full ? "" : `${inDirty(`o."customerId"`, false)} AND `}NOT (${countedOrderSql("o")}))
ORDER BY li."customerId") TO STDOUT`;
}

const toCopy = (cid: string, f: ReturnType<typeof favourites>) =>
  `${cid}\t${f.productId ?? NULL}\t${f.category === null ? NULL : escapeText(f.category)}\t${f.size === null ? NULL : escapeText(f.size)}\n`;

/** Product types and variant sizes of the shop, the only catalogue facts the favourites need. */
async function catalogue(
  client: pg.PoolClient,
  shop: string,
): Promise<{ types: Map<string, string>; sizes: Map<string, string> }> {
  const [types, sizes] = await Promise.all([
    client.query<{ id: string; v: string }>(
      `SELECT id::text AS id, "productType" AS v FROM "Product" WHERE shop = $1 AND "productType" <> ''`,
      [shop],
    ),
    client.query<{ id: string; v: string }>(
      `SELECT id::text AS id, size AS v FROM "ProductVariant" WHERE shop = $1 AND size <> ''`,
      [shop],
    ),
  ]);
  const map = (rows: { id: string; v: string }[]) => new Map(rows.map((r) => [r.id, r.v]));
  return { types: map(types.rows), sizes: map(sizes.rows) };
}

/** Creates _fav (cid, pid, cat, size) for the dirty customers (_d; everyone in a full run) with a counted line by `asOf`. */
export async function writeFavourites(
  client: pg.PoolClient,
  { shop, asOf, full }: { shop: string; asOf: string; full: boolean },
): Promise<number> {
  const { types, sizes } = await catalogue(client, shop);
  await client.query(`CREATE TEMP TABLE _fav (cid bigint, pid bigint, cat text, size text) ON COMMIT DROP`);
  // The index already yields customer order; a sort would be planned only from row estimates.
  await client.query("SET LOCAL enable_sort = off");
  const read = client.query(copyTo(countedLinesCopy(client, { shop, asOf, full })));
  // COPY text in pieces of 2,000 customers: one write per row would cost more than the rows. Each
  // piece is kept as bytes: as a string built by += it is a chain of small strings that, for 1M
  // customers, outgrew the app's 128 MB heap (decision 0223); bytes live outside V8's heap.
  const pieces: Buffer[] = [];
  let piece = "";
  let customers = 0;
  let cid: string | null = null;
  let lines: FavouriteLine[] = [];
  const flush = () => {
    if (cid === null) return;
    piece += toCopy(cid, favourites(lines));
    lines = [];
    if (++customers % 2000 === 0) {
      pieces.push(Buffer.from(piece));
      piece = "";
    }
  };
  for await (const batch of readLineBatches(read)) {
    for (const row of batch) {
      const [c, oid, pid, vid, at, q] = row.split("\t");
      if (c !== cid) {
        flush();
        cid = c;
      }
      const productId = pid === NULL ? null : pid;
      lines.push({
        orderId: oid,
        productId,
        at: Number(at),
        quantity: Number(q),
        productType: productId && (types.get(productId) ?? null),
        size: sizes.get(vid) ?? null,
      });
    }
  }
  flush();
  if (piece) pieces.push(Buffer.from(piece));
  await client.query("SET LOCAL enable_sort = on");
  await copyInto(client, `COPY _fav FROM STDIN`, pieces);
  await client.query("ANALYZE _fav");
  return customers;
}
