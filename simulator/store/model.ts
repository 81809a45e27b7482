// The simulator's internal records. Times are epoch milliseconds; money is integer cents.
// A record may lie in the simulated future: what a caller sees is filtered by the clock.

export type EmailState = "SUBSCRIBED" | "NOT_SUBSCRIBED" | "UNSUBSCRIBED" | "PENDING";
export type SmsState = EmailState;
export type OptInLevel = "SINGLE_OPT_IN" | "CONFIRMED_OPT_IN" | "UNKNOWN";

export interface SimCustomer {
  index: number;
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  emailState: EmailState;
  emailOptIn: OptInLevel;
  emailConsentAt: number | null;
  smsState: SmsState | null;
  locale: string;
  timezone: string;
  country: string;
  city: string;
  tags: string[];
  note: string | null;
  createdAt: number;
  /** Last change made through the simulator (consent, name, tags); 0 when none. */
  editedAt: number;
  /** Why the generator made this customer special (planted pillar member), if it did. */
  planted: string | null;
}

export interface SimLineItem {
  id: number;
  productId: number;
  variantId: number;
  title: string;
  variantTitle: string | null;
  sku: string;
  quantity: number;
  unitCents: number;
  discountCents: number;
  /** Units an order edit removed. Shopify keeps the line: quantity unchanged, currentQuantity down. */
  removedQuantity?: number;
}

/** A committed order edit (orders/edited): what it removed, line by line. */
export interface SimOrderEdit {
  id: number;
  committedAt: number;
  removals: { lineItemId: number; delta: number }[];
}

export interface SimRefundLine {
  id: number;
  lineItemId: number;
  quantity: number;
  subtotalCents: number;
}

export interface SimRefund {
  id: number;
  createdAt: number;
  note: string | null;
  lines: SimRefundLine[];
  /** Money actually refunded (line subtotals, or an ad-hoc partial amount when no lines). */
  amountCents: number;
}

export interface SimReturnLine {
  id: number;
  lineItemId: number;
  quantity: number;
  reasonHandle: string;
  reasonNote: string;
  customerNote: string | null;
}

export interface SimReturn {
  id: number;
  name: string;
  requestedAt: number;
  approvedAt: number | null;
  closedAt: number | null;
  declinedAt: number | null;
  lines: SimReturnLine[];
}

export type OrderSource = "baseline" | "planted" | "message" | "manual" | "guest";

export interface SimOrder {
  id: number;
  customerIndex: number;
  /** null for a guest checkout. */
  customerId: number | null;
  number: number;
  processedAt: number;
  cancelledAt: number | null;
  cancelReason: string | null;
  test: boolean;
  lineItems: SimLineItem[];
  refunds: SimRefund[];
  returns: SimReturn[];
  tags: string[];
  source: OrderSource;
  /** For source "message": the flowTriggerReceive record that caused it. */
  causedBy: number | null;
  editedAt: number;
  edits?: SimOrderEdit[];
}

export interface SimVariant {
  id: number;
  title: string;
  sku: string;
  priceCents: number;
  size: string | null;
  position: number;
}

export interface SimProduct {
  id: number;
  handle: string;
  title: string;
  vendor: string;
  productType: string;
  tags: string[];
  createdAt: number;
  /** When the product was improved/relaunched (products/update), or null. */
  relaunchedAt: number | null;
  sized: boolean;
  /** Everyday product -> its premium version's product id. */
  premiumProductId: number | null;
  isPremium: boolean;
  variants: SimVariant[];
  editedAt: number;
  descriptionHtml: string;
}

export const RETURN_REASONS: Record<string, string> = {
  "size-too-small": "Size too small",
  "size-too-large": "Size too large",
  defective: "Damaged or defective",
  "not-as-described": "Item not as described",
  "wrong-item": "Received the wrong item",
  unwanted: "Changed my mind",
  style: "Style",
  color: "Color",
  other: "Other",
};

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
