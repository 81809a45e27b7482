// Everything the in-memory evaluator needs to know about one customer (app/segments loads it).
import type { FieldName } from "./fields";
import type { TopCuts } from "./top";

/** Decimals and ids are strings (exact); dates are Date; absent profile => profile fields null. */
export type FieldValue = string | number | Date | null;

export interface OrderFact {
  id: string;
  processedAt: Date;
  cancelled: boolean;
  test: boolean;
  /** Distinct product ids of the order's line items. */
  productIds: string[];
}

export interface ReturnLineFact {
  productId: string | null;
  reasonHandle: string | null;
  createdAt: Date;
}

export interface MilestoneFact {
  kind: string;
  threshold: string;
  reachedAt: Date;
}

export interface MappingFact {
  premiumProductId: string | null;
  relaunchedAt: Date | null;
}

export interface CustomerFacts {
  customerId: string;
  fields: Partial<Record<FieldName, FieldValue>>;
  tags: string[];
  orders: OrderFact[];
  returns: ReturnLineFact[];
  milestones: MilestoneFact[];
  /** ProductMapping rows by productId, for the products in orders and returns. */
  mappings: Record<string, MappingFact>;
  /** The shop's top-percent cuts (ShopIntelligence.topCuts); absent or null: no "top" rule matches. */
  topCuts?: TopCuts | null;
}
