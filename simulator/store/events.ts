// Store events: one per webhook-worthy change, in time order.
/** Every topic the simulator sends. */
export const TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/paid",
  "orders/cancelled",
  "orders/edited",
  "refunds/create",
  "returns/request",
  "returns/approve",
  "returns/decline",
  "returns/close",
  "customers/create",
  "customers/update",
  "products/update",
  "app/uninstalled",
  "bulk_operations/finish",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
  "customers/delete",
  "customers_email_marketing_consent/update",
  "customers_marketing_consent/update",
  "customer.tags_added",
  "customer.tags_removed",
  "customers/purchasing_summary",
] as const;
export type Topic = (typeof TOPICS)[number];

export type StoreEvent =
  | { topic: "orders/create" | "orders/updated" | "orders/paid" | "orders/cancelled"; at: number; orderId: number }
  | { topic: "refunds/create"; at: number; orderId: number; refundId: number }
  | { topic: "orders/edited"; at: number; orderId: number; editId: number }
  | {
      topic: "returns/request" | "returns/approve" | "returns/decline" | "returns/close";
      at: number;
      orderId: number;
      returnId: number;
    }
  | { topic: "customers/create" | "customers/update"; at: number; customerId: number }
  | { topic: "products/update"; at: number; productId: number }
  | { topic: "app/uninstalled" | "shop/redact"; at: number }
  | { topic: "bulk_operations/finish"; at: number; bulkOperationId: number }
  | { topic: "customers/data_request" | "customers/redact"; at: number; customerId: number }
  | {
      topic:
        | "customers/delete"
        | "customers_email_marketing_consent/update"
        | "customers_marketing_consent/update"
        | "customers/purchasing_summary";
      at: number;
      customerId: number;
    }
  | { topic: "customer.tags_added" | "customer.tags_removed"; at: number; customerId: number; tags: string[] };

export type EventSink = (event: StoreEvent) => void;
