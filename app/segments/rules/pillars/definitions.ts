// Ready-made, editable segment definitions for the four pillars.
import { type SegmentRule, type TopMeasure } from "~/segments/rules";
import { PILLAR_CRITERIA as C } from "./criteria";

export const PILLAR_IDS = ["loyalty", "lifecycle", "affinity", "reengagement"] as const;
export type PillarId = (typeof PILLAR_IDS)[number];

export interface PillarVariant {
  id: string;
  title: string;
  description: string;
  segment: SegmentRule;
}

export interface Pillar {
  id: PillarId;
  title: string;
  description: string;
  defaultVariantId: string;
  variants: PillarVariant[];
}

const netSpend: SegmentRule = {
  type: "compare",
  label: "Lifetime net spend of 5,000 or more",
  field: "netSpend",
  op: "gte",
  value: C.loyalty.netSpendAtLeast,
};
const orderCount: SegmentRule = {
  type: "compare",
  label: "10 or more orders",
  field: "orderCount",
  op: "gte",
  value: C.loyalty.ordersAtLeast,
};
const tenure: SegmentRule = {
  type: "relativeDate",
  label: "Customer for 2 years",
  field: "firstOrderAt",
  op: "atLeastDaysAgo",
  days: C.loyalty.tenureDays,
};
const milestones: SegmentRule = {
  type: "any",
  label: "Reached a loyalty milestone",
  rules: [netSpend, orderCount, tenure],
};
const score = (field: "rScore" | "fScore" | "mScore"): SegmentRule => ({
  type: "compare",
  field,
  op: "gte",
  value: C.loyalty.highRfmScoreAtLeast,
});
const highRfm: SegmentRule = {
  type: "all",
  label: "High RFM (R, F, M ≥ 4)",
  rules: [score("rScore"), score("fScore"), score("mScore")],
};

/** The pillar milestones ($5K, 10th order, 2 years) reached in the last N days: news, not history. */
const recentMilestones: SegmentRule = {
  type: "any",
  label: `Reached a milestone in the last ${C.loyalty.milestoneWithinDays} days`,
  rules: [
    {
      type: "milestone",
      kind: "lifetime_spend",
      minThreshold: C.loyalty.netSpendAtLeast,
      withinDays: C.loyalty.milestoneWithinDays,
    },
    {
      type: "milestone",
      kind: "order_count",
      minThreshold: C.loyalty.ordersAtLeast,
      withinDays: C.loyalty.milestoneWithinDays,
    },
    {
      type: "milestone",
      kind: "anniversary_years",
      minThreshold: C.loyalty.tenureDays / 365,
      withinDays: C.loyalty.milestoneWithinDays,
    },
  ],
};
const top = (by: TopMeasure): SegmentRule => ({ type: "top", by, percent: C.loyalty.topPercent });
const topCustomers = (by: TopMeasure, title: string): SegmentRule => ({
  type: "any",
  label: `${title}, or a recent milestone`,
  rules: [top(by), recentMilestones],
});

function checkIn(days: number): PillarVariant {
  return {
    id: `day-${days}`,
    title: `${days}-day check-in`,
    description: `Customers whose most recent order was placed ${days} days ago.`,
    segment: { type: "relativeDate", label: `Last order ${days} days ago`, field: "lastOrderAt", op: "daysAgo", days },
  };
}

export const PILLARS: readonly Pillar[] = [
  {
    id: "loyalty",
    title: "Loyalty & value recognition",
    description:
      "Thank your best customers and invite them to VIP perks, without a discount: the top 10% of the shop by RFM score or predicted CLV, and customers who just reached a milestone (5,000 in lifetime spend, a 10th order, 2 years as a customer).",
    defaultVariantId: "top-rfm",
    variants: [
      {
        id: "top-rfm",
        title: "Top 10% by RFM, or a recent milestone",
        description:
          "The top 10% of customers by RFM score (recent, frequent, high spend), plus anyone who reached 5,000 in lifetime spend, a 10th order or 2 years as a customer in the last 30 days.",
        segment: topCustomers(C.loyalty.topBy, "Top 10% by RFM score"),
      },
      {
        id: "top-clv",
        title: "Top 10% by predicted CLV, or a recent milestone",
        description:
          "The top 10% of customers by predicted CLV (expected value over the next year), plus anyone who reached a milestone in the last 30 days. Needs enough order history for the CLV model.",
        segment: topCustomers("predictedClv", "Top 10% by predicted CLV"),
      },
      {
        id: "milestones",
        title: "Any milestone, whenever reached",
        description:
          "Net spend of 5,000 or more, 10+ orders, or a first order 2+ years ago, however long ago: often a large part of the shop.",
        segment: milestones,
      },
      {
        id: "net-spend",
        title: "5K lifetime spend",
        description: "Lifetime net spend of 5,000 or more (shop currency).",
        segment: netSpend,
      },
      { id: "order-count", title: "10th order", description: "10 or more orders.", segment: orderCount },
      {
        id: "tenure",
        title: "2 years as a customer",
        description: "First order at least 730 days ago.",
        segment: tenure,
      },
      {
        id: "high-rfm",
        title: "High RFM",
        description: "Recency, frequency and monetary scores all 4 or 5.",
        segment: highRfm,
      },
      {
        id: "milestones-or-high-rfm",
        title: "Milestones or high RFM",
        description: "Any milestone, or a high RFM score.",
        segment: { type: "any", rules: [milestones, highRfm] },
      },
    ],
  },
  {
    id: "lifecycle",
    title: "Lifecycle momentum",
    description: "Check in 7, 14 and 30 days after a purchase, while the product is fresh in mind.",
    defaultVariantId: "day-7",
    variants: C.lifecycle.checkInDays.map(checkIn),
  },
  {
    id: "affinity",
    title: "Product & preference affinity",
    description:
      "Customers who bought the same product 3+ times in 90 days: introduce its premium version (mapped by you).",
    defaultVariantId: "repeat-premium",
    variants: [
      {
        id: "repeat-premium",
        title: "Repeat buyers of a product with a premium version",
        description: "The same product in 3 or more orders within 90 days, and the product has a premium mapping.",
        segment: {
          type: "productAffinity",
          label: "Same product 3+ times in 90 days",
          minOrders: C.affinity.minOrders,
          withinDays: C.affinity.withinDays,
          requirePremium: true,
        },
      },
    ],
  },
  {
    id: "reengagement",
    title: "Contextual re-engagement",
    description:
      "Customers who returned a product for fit, sizing or quality that you have since improved or relaunched: offer early access.",
    defaultVariantId: "relaunched-after-return",
    variants: [
      {
        id: "relaunched-after-return",
        title: "Returned for fit or quality, product relaunched",
        description:
          "Returned a product as too small, too large, defective or not as described, and the product was relaunched after the return.",
        segment: {
          type: "returned",
          label: "Fit or quality return, relaunched since",
          reasons: [...C.reengagement.reasons],
          relaunchedSince: true,
        },
      },
    ],
  },
];
