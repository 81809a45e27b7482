// Store events: one per webhook-worthy change, in time order.
export type Topic =
  | "orders/create" | "orders/updated" | "orders/paid" | "orders/cancelled" | "refunds/create"
  | "returns/request" | "returns/approve" | "returns/decline" | "returns/close"
  | "customers/create" | "customers/update" | "products/update" | "app/uninstalled" | "bulk_operations/finish"
  | "customers/data_request" | "customers/redact" | "shop/redact";

export type StoreEvent =
  | { topic: "orders/create" | "orders/updated" | "orders/paid" | "orders/cancelled"; at: number; orderId: number }
  | { topic: "refunds/create"; at: number; orderId: number; refundId: number }
  | { topic: "returns/request" | "returns/approve" | "returns/decline" | "returns/close"; at: number; orderId: number; returnId: number }
  | { topic: "customers/create" | "customers/update"; at: number; customerId: number }
  | { topic: "products/update"; at: number; productId: number }
  | { topic: "app/uninstalled" | "shop/redact"; at: number }
  | { topic: "bulk_operations/finish"; at: number; bulkOperationId: number }
  | { topic: "customers/data_request" | "customers/redact"; at: number; customerId: number };

export type EventSink = (event: StoreEvent) => void;
