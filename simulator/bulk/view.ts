import { gid } from "../util/ids";

export type BulkStatus = "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELING" | "CANCELED";

export interface BulkOperation {
  id: number;
  query: string;
  status: BulkStatus;
  createdAt: number;
  completedAt: number | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  url: string | null;
  errorCode: string | null;
  file: string | null;
}

const iso = (t: number): string => new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");

export function bulkOperationView(op: BulkOperation | null | undefined): Record<string, unknown> | null {
  if (!op) return null;
  return {
    __typename: "BulkOperation",
    id: gid("BulkOperation", op.id),
    type: "QUERY",
    status: op.status,
    query: op.query,
    createdAt: iso(op.createdAt),
    completedAt: op.completedAt === null ? null : iso(op.completedAt),
    objectCount: String(op.objectCount),
    rootObjectCount: String(op.rootObjectCount),
    fileSize: op.fileSize === null ? null : String(op.fileSize),
    url: op.url,
    partialDataUrl: null,
    errorCode: op.errorCode,
  };
}
