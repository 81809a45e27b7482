// Starting and polling Shopify bulk queries.
import type { AdminGraphql } from "~/shopify/admin";
import { BULK_OPERATION, BULK_RUN_QUERY, CUSTOMERS_BULK, ORDERS_BULK, PRODUCTS_BULK } from "~/shopify/queries/bulk";
import type { BulkResource } from "~/ingest/rules/sync-state";

export const bulkDocuments: Record<BulkResource, string> = {
  products: PRODUCTS_BULK,
  customers: CUSTOMERS_BULK,
  orders: ORDERS_BULK,
};

/** Child gid type → the array it joins on its parent, per bulk document. */
export const bulkChildren: Record<BulkResource, Record<string, string>> = {
  products: { ProductVariant: "variants" },
  customers: {},
  orders: { LineItem: "lineItems", Return: "returns" },
};

export interface BulkOperation {
  id: string;
  status: string;
  errorCode: string | null;
  createdAt: string;
  completedAt: string | null;
  objectCount: string | null;
  rootObjectCount: string | null;
  fileSize: string | null;
  url: string | null;
  partialDataUrl: string | null;
}

interface RunResult {
  bulkOperationRunQuery: {
    bulkOperation: { id: string; status: string; createdAt: string } | null;
    userErrors: { field: string[] | null; message: string; code: string | null }[];
  };
}

export type StartResult = { started: { id: string; createdAt: string } } | { busy: string };

export async function startBulk(
  admin: AdminGraphql,
  resource: BulkResource,
  document: string = bulkDocuments[resource],
): Promise<StartResult> {
  const result = await admin.request<RunResult>(BULK_RUN_QUERY, { query: document, groupObjects: true });
  const payload = result.bulkOperationRunQuery;
  if (payload.bulkOperation)
    return { started: { id: payload.bulkOperation.id, createdAt: payload.bulkOperation.createdAt } };
  const errors = payload.userErrors;
  // Too many bulk queries already running for this shop (ours or another app's): try later.
  if (errors.some((e) => e.code === "OPERATION_IN_PROGRESS" || /in progress|already running|limit/i.test(e.message))) {
    return { busy: errors.map((e) => e.message).join("; ") };
  }
  throw new Error(
    `bulkOperationRunQuery(${resource}) rejected: ${errors.map((e) => e.message).join("; ") || "no operation returned"}`,
  );
}

export async function pollBulk(admin: AdminGraphql, id: string): Promise<BulkOperation | null> {
  const result = await admin.request<{ bulkOperation: BulkOperation | null }>(BULK_OPERATION, { id });
  return result.bulkOperation;
}
