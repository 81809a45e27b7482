// GDPR duties (docs/decisions/0043-privacy-redaction.md).
// - data_request: everything stored about the customer, as JSON for the merchant (data-requests.server.ts).
// - customers/redact: personal data erased (names, email, phone, tags, notes, messages); the
//   customer's orders stay as anonymous orders (customer link removed) so store totals hold.
// - shop/redact: every row of the shop in every table that has a shop column, sessions included.
import type pg from "pg";
import { inTransaction, type Db } from "~/db.server";

/** Store rows kept for the shop's totals, with the customer link removed instead. */
const ANONYMISED_TABLES = ["Customer", "Order", "LineItem", "Return", "ReturnLineItem"];

export async function redactCustomer(
  db: Db,
  shop: string,
  customerId: bigint,
  ordersToRedact: bigint[],
  now: Date,
): Promise<Record<string, number>> {
  const id = customerId.toString();
  const orders = ordersToRedact.map(String);
  return inTransaction(db.pool, async (client) => {
    const counts: Record<string, number> = {};
    const run = async (name: string, sql: string, params: unknown[]): Promise<void> => {
      counts[name] = (await client.query(sql, params)).rowCount ?? 0;
    };
    // The orders to cleanse: the customer's own plus any Shopify named.
    await client.query(
      `CREATE TEMP TABLE _redact_orders ON COMMIT DROP AS SELECT id FROM "Order" WHERE shop = $1 AND ("customerId" = $2 OR id = ANY($3::bigint[]))`,
      [shop, id, orders],
    );
    // What identifies the person in free text (job payloads, errors), read before it is erased.
    const known = await client.query<{ email: string | null; phone: string | null; name: string | null }>(
      `SELECT email, phone, NULLIF(concat_ws(' ', "firstName", "lastName"), '') AS name FROM "Customer" WHERE shop = $1 AND id = $2`,
      [shop, id],
    );
    const strings = [known.rows[0]?.email, known.rows[0]?.phone, known.rows[0]?.name].filter(
      (v): v is string => typeof v === "string" && v.length >= 4,
    );
    // A tombstone keeps a late, older customers/update from bringing the data back.
    await run(
      "customer",
      `INSERT INTO "Customer" (shop, id, "createdAt", "updatedAt", "redactedAt") VALUES ($1, $2, $3, $3, $3)
       ON CONFLICT (shop, id) DO UPDATE SET "firstName" = NULL, "lastName" = NULL, email = NULL, phone = NULL, tags = '{}', locale = NULL, timezone = NULL,
         "emailConsentAt" = NULL, "emailMarketing" = 'REDACTED', "smsMarketing" = 'REDACTED', "redactedAt" = $3`,
      [shop, id, now],
    );
    await run(
      "returnLineItems",
      `UPDATE "ReturnLineItem" SET "reasonNote" = NULL, "customerNote" = NULL, "customerId" = NULL WHERE shop = $1 AND ("customerId" = $2 OR "orderId" IN (SELECT id FROM _redact_orders))`,
      [shop, id],
    );
    await run(
      "returns",
      `UPDATE "Return" SET "customerId" = NULL WHERE shop = $1 AND ("customerId" = $2 OR "orderId" IN (SELECT id FROM _redact_orders))`,
      [shop, id],
    );
    await run(
      "refunds",
      `UPDATE "Refund" SET note = NULL WHERE shop = $1 AND "orderId" IN (SELECT id FROM _redact_orders)`,
      [shop],
    );
    await run(
      "lineItems",
      `UPDATE "LineItem" SET "customerId" = NULL WHERE shop = $1 AND "orderId" IN (SELECT id FROM _redact_orders)`,
      [shop],
    );
    await run(
      "orders",
      `UPDATE "Order" SET "customerId" = NULL WHERE shop = $1 AND id IN (SELECT id FROM _redact_orders)`,
      [shop],
    );
    // Webhook bodies not yet cleared (waiting, or failed) that carry the customer's id: dropped, so
    // no copy of their data outlives the redact and no waiting job re-links it (its job then skips).
    await run(
      "webhookBodies",
      `UPDATE "WebhookDelivery" SET payload = NULL WHERE shop = $1 AND payload ~ ('(^|[^0-9])' || $2 || '([^0-9]|$)')`,
      [shop, id],
    );
    await run(
      "webhookErrors",
      `UPDATE "WebhookDelivery" SET error = NULL WHERE shop = $1 AND EXISTS (SELECT 1 FROM unnest($2::text[]) s WHERE strpos(lower(error), lower(s)) > 0)`,
      [shop, strings],
    );
    counts.jobs = await dropCustomerJobs(client, shop, id, strings);
    // Every other per-customer table (messages, clicks, conversions, profiles, milestones,
    // purchase stats, data requests, and any added later) is deleted outright.
    const perCustomer = await client.query<{ table_name: string }>(
      `SELECT c.table_name FROM information_schema.columns c
        JOIN information_schema.columns s ON s.table_schema = c.table_schema AND s.table_name = c.table_name AND s.column_name = 'shop'
       WHERE c.table_schema = current_schema() AND c.column_name = 'customerId' AND c.table_name <> ALL($1::text[])`,
      [ANONYMISED_TABLES],
    );
    for (const { table_name: table } of perCustomer.rows) {
      await run(table, `DELETE FROM "${table}" WHERE shop = $1 AND "customerId" = $2`, [shop, id]);
    }
    return counts;
  });
}

const queueExists = async (client: pg.PoolClient): Promise<boolean> =>
  (await client.query<{ ok: boolean }>(`SELECT to_regclass('graphile_worker._private_jobs') IS NOT NULL AS ok`)).rows[0]
    .ok;

/**
 * The job queue's copies (docs/decisions/0117): the shop's jobs whose payload or last error holds
 * the customer's email, phone or name (bodies queued before 0080, errors quoting input), and its
 * permanently failed jobs naming the customer's id, are deleted. Waiting jobs that carry only the
 * id stay: they hold nothing personal and their tasks skip a redacted customer.
 */
async function dropCustomerJobs(client: pg.PoolClient, shop: string, id: string, strings: string[]): Promise<number> {
  if (!(await queueExists(client))) return 0;
  const dropped = await client.query(
    `DELETE FROM graphile_worker._private_jobs
      WHERE payload->>'shop' = $1
        AND (EXISTS (SELECT 1 FROM unnest($3::text[]) s WHERE strpos(lower(payload::text || ' ' || coalesce(last_error, '')), lower(s)) > 0)
             OR (attempts >= max_attempts AND payload::text ~ ('(^|[^0-9])' || $2 || '([^0-9]|$)')))`,
    [shop, id, strings],
  );
  return dropped.rowCount ?? 0;
}

/** Deletes the shop's rows from every table with a shop column (found in the catalog, so new tables are covered). */
export async function redactShop(db: Db, shop: string): Promise<Record<string, number>> {
  return inTransaction(db.pool, async (client) => {
    const counts: Record<string, number> = {};
    const tables = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'shop' ORDER BY table_name`,
    );
    // Deleting orders and line items marks their customers in IntelligenceDirty (its triggers,
    // docs/decisions/0071), so that table is emptied last.
    const names = tables.rows
      .map((t) => t.table_name)
      .sort((a, b) => Number(a === "IntelligenceDirty") - Number(b === "IntelligenceDirty"));
    for (const table of names) {
      counts[table] = (await client.query(`DELETE FROM "${table}" WHERE shop = $1`, [shop])).rowCount ?? 0;
    }
    counts.Shop = (await client.query(`DELETE FROM "Shop" WHERE domain = $1`, [shop])).rowCount ?? 0;
    // Its queued, retrying and failed jobs: the work has no shop left to act on, and their payloads
    // and errors may quote the store's customers.
    if (await queueExists(client))
      counts.jobs =
        (await client.query(`DELETE FROM graphile_worker._private_jobs WHERE payload->>'shop' = $1`, [shop]))
          .rowCount ?? 0;
    return counts;
  });
}
