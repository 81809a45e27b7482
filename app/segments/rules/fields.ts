// The fields a compare / relativeDate rule may name, where they live and how they compare.
// source "profile" = CustomerProfile (absent profile => null), "customer" = Customer.
import { EMAIL_MARKETING_STATES, SMS_MARKETING_STATES } from "./types";

/** integer: an Int column (values must be whole numbers, compared as int4 so that the planner's statistics apply). */
export type FieldKind = "integer" | "number" | "decimal" | "date" | "string" | "enum" | "id";

export interface FieldSpec {
  source: "profile" | "customer";
  kind: FieldKind;
  /** For enums: the allowed values. */
  values?: readonly string[];
  description: string;
  /** How a value reads to a person: money in the shop currency, a share as a percent. */
  unit?: "money" | "percent";
}

const LIFECYCLE_STAGES = ["prospect", "new", "active", "vip", "at_risk", "lapsed"] as const;

export const SEGMENT_FIELDS = {
  orderCount: { source: "profile", kind: "integer", description: "Counted orders" },
  grossSpend: { source: "profile", kind: "decimal", description: "Gross spend", unit: "money" },
  netSpend: { source: "profile", kind: "decimal", description: "Net spend (after refunds)", unit: "money" },
  aov: { source: "profile", kind: "decimal", description: "Average order value", unit: "money" },
  firstOrderAt: { source: "profile", kind: "date", description: "First counted order" },
  lastOrderAt: { source: "profile", kind: "date", description: "Most recent counted order" },
  avgGapDays: { source: "profile", kind: "number", description: "Average days between orders" },
  firstOrderNet: { source: "profile", kind: "decimal", description: "Net value of the first order", unit: "money" },
  tenureDays: {
    source: "profile",
    kind: "integer",
    description: "Days since the first order (as of the last recompute)",
  },
  daysSinceLast: {
    source: "profile",
    kind: "integer",
    description: "Days since the last order (as of the last recompute)",
  },
  historicalClv: { source: "profile", kind: "decimal", description: "Historical CLV (net spend)", unit: "money" },
  returnCount: { source: "profile", kind: "integer", description: "Returns" },
  returnedItems: { source: "profile", kind: "integer", description: "Returned items" },
  rScore: { source: "profile", kind: "integer", description: "RFM recency score (1-5)" },
  fScore: { source: "profile", kind: "integer", description: "RFM frequency score (1-5)" },
  mScore: { source: "profile", kind: "integer", description: "RFM monetary score (1-5)" },
  lifecycleStage: {
    source: "profile",
    kind: "string",
    description: `Lifecycle stage (e.g. ${LIFECYCLE_STAGES.join(", ")})`,
  },
  predictedPurchases: { source: "profile", kind: "number", description: "Predicted purchases (BG/NBD)" },
  probabilityAlive: {
    source: "profile",
    kind: "number",
    description: "Probability alive (BG/NBD)",
    unit: "percent",
  },
  expectedOrderValue: {
    source: "profile",
    kind: "number",
    description: "Expected order value (Gamma-Gamma)",
    unit: "money",
  },
  predictedClv: { source: "profile", kind: "number", description: "Predicted CLV", unit: "money" },
  favouriteProductId: { source: "profile", kind: "id", description: "Favourite product" },
  favouriteCategory: { source: "profile", kind: "string", description: "Favourite category" },
  usualSize: { source: "profile", kind: "string", description: "Usual size" },
  firstName: { source: "customer", kind: "string", description: "First name" },
  lastName: { source: "customer", kind: "string", description: "Last name" },
  email: { source: "customer", kind: "string", description: "Email" },
  emailMarketing: {
    source: "customer",
    kind: "enum",
    values: EMAIL_MARKETING_STATES,
    description: "Email marketing state",
  },
  smsMarketing: { source: "customer", kind: "enum", values: SMS_MARKETING_STATES, description: "SMS marketing state" },
  locale: { source: "customer", kind: "string", description: "Locale" },
  timezone: { source: "customer", kind: "string", description: "IANA timezone" },
  createdAt: { source: "customer", kind: "date", description: "Customer since" },
  numberOfOrders: { source: "customer", kind: "integer", description: "Orders (as Shopify reports)" },
  amountSpent: { source: "customer", kind: "decimal", description: "Amount spent (as Shopify reports)", unit: "money" },
} as const satisfies Record<string, FieldSpec>;

export type FieldName = keyof typeof SEGMENT_FIELDS;

export function fieldSpec(name: string): FieldSpec | undefined {
  return Object.hasOwn(SEGMENT_FIELDS, name) ? (SEGMENT_FIELDS as Record<string, FieldSpec>)[name] : undefined;
}
