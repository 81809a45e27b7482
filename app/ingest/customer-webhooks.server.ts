// Customer webhook topics (docs/decisions/0130–0132). Since API 2025-01 customers/create|update
// carry the profile only; consent, tags and the purchase summary arrive on their own topics, and
// a topic that does not carry a value never changes it.
import type { AppContext } from "~/runtime/app-context.server";
import type { GqlCustomer } from "~/ingest/rules/graphql-types";
import { gidId, optionalId, restId, toGid } from "~/ingest/rules/ids";
import { addCustomer, amount } from "~/ingest/rules/map-graphql";
import { restCustomerRow } from "~/ingest/rules/map-rest";
import type { RestCustomer } from "~/ingest/rules/rest-types";
import { emptyBatch } from "~/ingest/rules/rows";
import { writeBatch } from "~/ingest/writers.server";
import type { WebhookJob } from "~/ingest/webhooks.server";
import { CUSTOMER_BY_ID } from "~/shopify/queries/pages";

type Handler = (ctx: AppContext, job: WebhookJob) => Promise<void>;

const LIVE = `shop = $1 AND id = $2 AND "redactedAt" IS NULL`;
const ref = (value: unknown): bigint | null =>
  typeof value === "string" || typeof value === "number" ? optionalId(value) : null;

/** A payload without the id it must carry: a clear error, and the delivery stays failed with its body. */
function required(id: bigint | null, topic: string): bigint {
  if (id === null) throw new Error(`${topic} payload without a customer id`);
  return id;
}

// A customer we do not hold yet: the webhook cannot tell its consent, so read it from the Admin API
// before writing. Until that read succeeds nothing is stored (the job retries), so no row ever
// holds a guessed consent; a customer Shopify no longer has is stored as not sendable.
export const customerProfile: Handler = async (ctx, job) => {
  const payload = job.payload as RestCustomer;
  const id = restId(payload);
  const known = await ctx.db.pool.query(`SELECT 1 FROM "Customer" WHERE shop = $1 AND id = $2`, [
    job.shop,
    id.toString(),
  ]);
  if (known.rowCount === 0) {
    const admin = await ctx.admin(job.shop);
    const data = await admin.request<{ customer: GqlCustomer | null }>(CUSTOMER_BY_ID, { id: toGid("Customer", id) });
    if (data.customer) {
      const read = emptyBatch();
      addCustomer(read, job.shop, data.customer);
      await writeBatch(ctx.db.pool, read);
    }
  }
  const batch = emptyBatch();
  batch.customers.push(restCustomerRow(job.shop, payload, job.triggeredAt ? new Date(job.triggeredAt) : ctx.now()));
  await writeBatch(ctx.db.pool, batch, { customerProfileOnly: true });
};

// A tombstone, not a delete: orders keep their customer, and a late customers/update cannot bring
// the customer back into segments or sends (every customer selection excludes "deletedAt").
export const customerDelete: Handler = async (ctx, job) => {
  const id = restId(job.payload as RestCustomer);
  const at = job.triggeredAt ? new Date(job.triggeredAt) : ctx.now();
  await ctx.db.pool.query(
    `INSERT INTO "Customer" (shop, id, "createdAt", "updatedAt", "deletedAt") VALUES ($1, $2, $3, $3, $3)
     ON CONFLICT (shop, id) DO UPDATE SET "deletedAt" = COALESCE("Customer"."deletedAt", EXCLUDED."deletedAt")`,
    [job.shop, id.toString(), at],
  );
  // Drops the customer's profile now rather than at the next recompute.
  await ctx.queue.enqueue(
    "intelligence.refreshCustomer",
    { shop: job.shop, customerId: id.toString() },
    { jobKey: `refresh:${job.shop}:${id}` },
  );
};

interface ConsentPayload {
  state?: string | null;
  consent_updated_at?: string | null;
}

// Consent for a customer we do not hold yet is skipped: customers/create reads it fresh.
export const emailConsent: Handler = async (ctx, job) => {
  const p = job.payload as { customer_id?: number | string; email_marketing_consent?: ConsentPayload | null };
  const id = required(ref(p.customer_id), job.topic);
  const state = p.email_marketing_consent?.state;
  if (!state) return;
  const at = p.email_marketing_consent?.consent_updated_at ?? null;
  // Out-of-order deliveries: an older consent change never overwrites a newer one.
  await ctx.db.pool.query(
    `UPDATE "Customer" SET "emailMarketing" = $3, "emailConsentAt" = $4::timestamptz AT TIME ZONE 'UTC'
      WHERE ${LIVE} AND ($4::timestamptz IS NULL OR "emailConsentAt" IS NULL OR "emailConsentAt" <= $4::timestamptz AT TIME ZONE 'UTC')`,
    [job.shop, id.toString(), state.toUpperCase(), at],
  );
};

export const smsConsent: Handler = async (ctx, job) => {
  const p = job.payload as {
    id?: number | string;
    admin_graphql_api_id?: string;
    sms_marketing_consent?: ConsentPayload | null;
  };
  const id = restId(p);
  const state = p.sms_marketing_consent?.state;
  if (!state) return;
  await ctx.db.pool.query(`UPDATE "Customer" SET "smsMarketing" = $3 WHERE ${LIVE}`, [
    job.shop,
    id.toString(),
    state.toUpperCase(),
  ]);
};

interface TagsPayload {
  customerId?: string;
  tags?: string[];
}

function tagChange(add: boolean): Handler {
  return async (ctx, job) => {
    const p = job.payload as TagsPayload;
    const id = required(p.customerId ? gidId(p.customerId) : null, job.topic);
    const tags = (p.tags ?? []).filter((t) => typeof t === "string" && t.trim() !== "").map((t) => t.trim());
    if (tags.length === 0) return;
    const set = add
      ? `tags || ARRAY(SELECT DISTINCT t FROM unnest($3::text[]) t WHERE t <> ALL(tags))`
      : `ARRAY(SELECT t FROM unnest(tags) t WHERE t <> ALL($3::text[]))`;
    await ctx.db.pool.query(`UPDATE "Customer" SET tags = ${set} WHERE ${LIVE}`, [job.shop, id.toString(), tags]);
  };
}
export const tagsAdded = tagChange(true);
export const tagsRemoved = tagChange(false);

export const purchasingSummary: Handler = async (ctx, job) => {
  const p = job.payload as {
    customerId?: string;
    numberOfOrders?: number | string;
    amountSpent?: { amount?: string } | null;
    occurredAt?: string | null;
  };
  const id = required(p.customerId ? gidId(p.customerId) : null, job.topic);
  const orders = Number(p.numberOfOrders);
  if (!Number.isInteger(orders) || orders < 0)
    throw new Error(`${job.topic}: numberOfOrders is not a count: ${String(p.numberOfOrders)}`);
  const at = p.occurredAt ?? job.triggeredAt ?? ctx.now().toISOString();
  await ctx.db.pool.query(
    `UPDATE "Customer" SET "numberOfOrders" = $3, "amountSpent" = $4::numeric, "summaryAt" = $5::timestamptz AT TIME ZONE 'UTC'
      WHERE ${LIVE} AND ("summaryAt" IS NULL OR "summaryAt" <= $5::timestamptz AT TIME ZONE 'UTC')`,
    [job.shop, id.toString(), orders, amount(p.amountSpent?.amount), at],
  );
};

export const customerHandlers: Record<string, Handler> = {
  "customers/create": customerProfile,
  "customers/update": customerProfile,
  "customers/delete": customerDelete,
  "customers_email_marketing_consent/update": emailConsent,
  "customers_marketing_consent/update": smsConsent,
  "customer.tags_added": tagsAdded,
  "customer.tags_removed": tagsRemoved,
  "customers/purchasing_summary": purchasingSummary,
};
