// One customer's page: profile (incl. CLV when the model has enough data), purchases per product and
// variant in rolling windows, orders, returns with reasons, messages, and which segments they belong to and why.
import type { AppContext } from "~/runtime/app-context.server";
import { parseShopifyId } from "~/shared/ids";
import { PILLARS, pillarSegment } from "~/segments/rules/pillars";
import {
  type CustomerFacts,
  explainSegment,
  explanationText,
  type ExplanationText,
  type SegmentRule,
} from "~/segments/rules";
import { customerPurchases, type CustomerPurchases } from "~/profile/purchases.server";
import { loadCustomerFacts } from "~/segments/facts.server";
import { displayName } from "~/segments/members.server";
import { listSegments } from "~/segments/saved.server";

export interface CustomerDetail {
  id: string;
  name: string;
  email: string | null;
  emailMarketing: string;
  tags: string[];
  createdAt: string;
  currency: string;
  profile: {
    orderCount: number;
    netSpend: string;
    aov: string;
    firstOrderAt: string | null;
    lastOrderAt: string | null;
    rfm: string | null;
    stage: string;
    predictedClv: number | null;
    probabilityAlive: number | null;
    usualSize: string | null;
    computedAt: string;
  } | null;
  /** Why CLV is missing, when it is. */
  clvNote: string | null;
  orders: {
    id: string;
    name: string;
    processedAt: string;
    total: string;
    refunded: string;
    cancelled: boolean;
    items: string;
  }[];
  /** Purchases per product and variant in rolling windows, computed as of this read. */
  purchases: CustomerPurchases;
  returns: {
    id: string;
    name: string;
    status: string;
    createdAt: string;
    items: { title: string; quantity: number; reason: string | null; note: string | null }[];
  }[];
  messages: {
    id: string;
    campaign: string;
    status: string;
    reason: string | null;
    subject: string;
    sentAt: string | null;
    scheduledFor: string;
  }[];
  memberships: { name: string; kind: "pillar" | "segment"; explanation: ExplanationText }[];
}

type Candidate = { name: string; kind: "pillar" | "segment"; rule: SegmentRule };

/**
 * Why the customer is in each pillar and segment, in words: money in the shop currency and products
 * by title. A first pass learns which products the words name, a second words them with titles.
 */
async function explainMemberships(
  ctx: AppContext,
  shop: string,
  facts: CustomerFacts,
  candidates: Candidate[],
  currency: string,
  now: Date,
): Promise<CustomerDetail["memberships"]> {
  const wanted = new Set<string>();
  const matched = candidates.filter(
    (c) =>
      explainSegment(c.rule, facts, now, {
        currency,
        productTitle: (id) => {
          wanted.add(id);
          return null;
        },
      }).matched,
  );
  const ids = [...wanted].filter((id) => /^\d{1,20}$/.test(id)).map(BigInt);
  const products = ids.length
    ? await ctx.db.prisma.product.findMany({ where: { shop, id: { in: ids } }, select: { id: true, title: true } })
    : [];
  const titles = new Map(products.map((p) => [p.id.toString(), p.title]));
  const vocab = { currency, productTitle: (id: string) => titles.get(id) ?? null };
  return matched.map((c) => ({
    name: c.name,
    kind: c.kind,
    explanation: explanationText(explainSegment(c.rule, facts, now, vocab)),
  }));
}

export async function customerDetail(
  ctx: AppContext,
  shop: string,
  customerId: string,
): Promise<CustomerDetail | null> {
  const id = parseShopifyId(customerId);
  if (id === null) return null;
  const { prisma } = ctx.db;
  const customer = await prisma.customer.findUnique({ where: { shop_id: { shop, id } } });
  if (!customer || customer.redactedAt || customer.deletedAt) return null;
  const now = ctx.now();
  const [shopRow, profile, fit, orders, returns, messages, facts, saved, purchases] = await Promise.all([
    prisma.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }),
    prisma.customerProfile.findUnique({ where: { shop_customerId: { shop, customerId: id } } }),
    prisma.clvModelFit.findUnique({ where: { shop } }),
    prisma.order.findMany({ where: { shop, customerId: id }, orderBy: { processedAt: "desc" }, take: 50 }),
    prisma.return.findMany({ where: { shop, customerId: id }, orderBy: { createdAt: "desc" }, take: 50 }),
    prisma.message.findMany({ where: { shop, customerId: id }, orderBy: { createdAt: "desc" }, take: 50 }),
    loadCustomerFacts(ctx.db, shop, id, now),
    listSegments(ctx.db, shop),
    customerPurchases(ctx.db.pool, shop, id, now),
  ]);
  const orderIds = orders.map((o) => o.id);
  const returnIds = returns.map((r) => r.id);
  const campaignIds = [...new Set(messages.map((m) => m.campaignId))];
  const [lineItems, returnItems, campaigns] = await Promise.all([
    orderIds.length
      ? prisma.lineItem.findMany({
          where: { shop, orderId: { in: orderIds } },
          select: { orderId: true, title: true, quantity: true, id: true, productId: true },
        })
      : [],
    returnIds.length ? prisma.returnLineItem.findMany({ where: { shop, returnId: { in: returnIds } } }) : [],
    campaignIds.length
      ? prisma.campaign.findMany({ where: { shop, id: { in: campaignIds } }, select: { id: true, name: true } })
      : [],
  ]);
  const titleByLine = new Map(lineItems.map((li) => [li.id.toString(), li.title]));
  const candidates: Candidate[] = [
    ...PILLARS.map((p) => ({ name: p.title, kind: "pillar" as const, rule: pillarSegment(p.id) })),
    ...saved.map((s) => ({ name: s.name, kind: "segment" as const, rule: s.definition })),
  ];
  const currency = shopRow?.currencyCode ?? "USD";
  const memberships = facts ? await explainMemberships(ctx, shop, facts, candidates, currency, now) : [];
  const clvMissing = !profile || profile.predictedClv === null;
  return {
    id: customerId,
    name: displayName({
      customerId,
      firstName: customer.firstName,
      lastName: customer.lastName,
      email: customer.email,
    }),
    email: customer.email,
    emailMarketing: customer.emailMarketing,
    tags: customer.tags,
    createdAt: customer.createdAt.toISOString(),
    currency,
    profile: profile && {
      orderCount: profile.orderCount,
      // Exact decimals: money() rounds them to the currency's own digits (KWD has three).
      netSpend: profile.netSpend.toFixed(),
      aov: profile.aov.toFixed(),
      firstOrderAt: profile.firstOrderAt?.toISOString() ?? null,
      lastOrderAt: profile.lastOrderAt?.toISOString() ?? null,
      rfm: profile.rScore === null ? null : `R ${profile.rScore} · F ${profile.fScore} · M ${profile.mScore} (of 5)`,
      stage: profile.lifecycleStage,
      predictedClv: profile.predictedClv,
      probabilityAlive: profile.probabilityAlive,
      usualSize: profile.usualSize,
      computedAt: profile.computedAt.toISOString(),
    },
    clvNote: !clvMissing
      ? null
      : fit?.status === "insufficient_data"
        ? `Not enough data yet${fit.reason ? ` (${fit.reason})` : ""}`
        : "Not enough data yet",
    orders: orders.map((o) => {
      const items = lineItems.filter((li) => li.orderId === o.id);
      return {
        id: o.id.toString(),
        name: o.name,
        processedAt: o.processedAt.toISOString(),
        total: o.totalPrice.toFixed(),
        refunded: o.totalRefunded.toFixed(),
        cancelled: o.cancelledAt !== null,
        items: items.map((li) => (li.quantity > 1 ? `${li.title} × ${li.quantity}` : li.title)).join(", "),
      };
    }),
    purchases,
    returns: returns.map((r) => ({
      id: r.id.toString(),
      name: r.name,
      status: r.status,
      createdAt: r.createdAt.toISOString(),
      items: returnItems
        .filter((i) => i.returnId === r.id)
        .map((i) => ({
          title: (i.lineItemId && titleByLine.get(i.lineItemId.toString())) || "Item",
          quantity: i.quantity,
          reason: i.reasonName ?? i.reasonHandle,
          note: i.reasonNote,
        })),
    })),
    messages: messages.map((m) => ({
      id: m.id,
      campaign: campaigns.find((c) => c.id === m.campaignId)?.name ?? "Deleted campaign",
      status: m.status,
      reason: m.reason ?? m.lastError,
      subject: m.subject,
      sentAt: m.sentAt?.toISOString() ?? null,
      scheduledFor: m.scheduledFor.toISOString(),
    })),
    memberships,
  };
}
