// Loads one customer's facts for in-memory evaluation and explanation (app/segments/rules).
import { type Db } from "~/db.server";
import {
  type CustomerFacts,
  evaluateSegment,
  type FieldValue,
  parseTopCuts,
  SEGMENT_FIELDS,
  type SegmentRule,
} from "~/segments/rules";

interface DecimalLike {
  toFixed(): string;
}

function factValue(kind: string, raw: unknown): FieldValue {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof Date) return raw;
  if (kind === "decimal") return (raw as DecimalLike).toFixed();
  if (kind === "id") return String(raw);
  if (typeof raw === "number" || typeof raw === "string") return raw;
  return String(raw);
}

function fieldsFrom(
  customer: Record<string, unknown>,
  profile: Record<string, unknown> | null,
): CustomerFacts["fields"] {
  const fields: Record<string, FieldValue> = {};
  for (const [name, spec] of Object.entries(SEGMENT_FIELDS)) {
    const row = spec.source === "customer" ? customer : profile;
    fields[name] = row ? factValue(spec.kind, row[name]) : null;
  }
  return fields;
}

/** null when the customer is unknown, redacted or deleted (never a member). `now` is kept for symmetry with SQL. */
export async function loadCustomerFacts(
  db: Db,
  shop: string,
  customerId: string | bigint,
  _now: Date,
): Promise<CustomerFacts | null> {
  const id = BigInt(customerId);
  const { prisma } = db;
  const customer = await prisma.customer.findUnique({ where: { shop_id: { shop, id } } });
  if (!customer || customer.redactedAt || customer.deletedAt) return null;
  const [profile, orders, returns, milestones, intelligence] = await Promise.all([
    prisma.customerProfile.findUnique({ where: { shop_customerId: { shop, customerId: id } } }),
    prisma.order.findMany({
      where: { shop, customerId: id },
      select: { id: true, processedAt: true, cancelledAt: true, test: true },
    }),
    prisma.returnLineItem.findMany({
      where: { shop, customerId: id },
      select: { productId: true, reasonHandle: true, createdAt: true },
    }),
    prisma.customerMilestone.findMany({ where: { shop, customerId: id } }),
    prisma.shopIntelligence.findUnique({ where: { shop }, select: { topCuts: true } }),
  ]);
  const lineItems =
    orders.length === 0
      ? []
      : await prisma.lineItem.findMany({
          where: { shop, orderId: { in: orders.map((o) => o.id) }, productId: { not: null } },
          select: { orderId: true, productId: true },
        });
  const productsByOrder = new Map<string, Set<string>>();
  for (const li of lineItems) {
    const key = li.orderId.toString();
    if (!productsByOrder.has(key)) productsByOrder.set(key, new Set());
    productsByOrder.get(key)!.add(li.productId!.toString());
  }
  const productIds = new Set<bigint>([
    ...lineItems.map((li) => li.productId!),
    ...returns.flatMap((r) => (r.productId === null ? [] : [r.productId])),
  ]);
  const mappings =
    productIds.size === 0
      ? []
      : await prisma.productMapping.findMany({ where: { shop, productId: { in: [...productIds] } } });
  return {
    customerId: id.toString(),
    fields: fieldsFrom(
      customer as unknown as Record<string, unknown>,
      profile as unknown as Record<string, unknown> | null,
    ),
    tags: customer.tags,
    orders: orders.map((o) => ({
      id: o.id.toString(),
      processedAt: o.processedAt,
      cancelled: o.cancelledAt !== null,
      test: o.test,
      productIds: [...(productsByOrder.get(o.id.toString()) ?? [])],
    })),
    returns: returns.map((r) => ({
      productId: r.productId?.toString() ?? null,
      reasonHandle: r.reasonHandle,
      createdAt: r.createdAt,
    })),
    milestones: milestones.map((m) => ({ kind: m.kind, threshold: m.threshold.toFixed(), reachedAt: m.reachedAt })),
    mappings: Object.fromEntries(
      mappings.map((m) => [
        m.productId.toString(),
        { premiumProductId: m.premiumProductId?.toString() ?? null, relaunchedAt: m.relaunchedAt },
      ]),
    ),
    topCuts: intelligence ? parseTopCuts(intelligence.topCuts) : null,
  };
}

export async function isMember(
  db: Db,
  shop: string,
  rule: SegmentRule,
  customerId: string | bigint,
  now: Date,
): Promise<boolean> {
  const facts = await loadCustomerFacts(db, shop, customerId, now);
  return facts !== null && evaluateSegment(rule, facts, now);
}
