// The resumable position of a backfill, stored in SyncRun.state (JSON).

export const BULK_RESOURCES = ["products", "customers", "orders"] as const;
export type BulkResource = (typeof BULK_RESOURCES)[number];

export interface ResourceState {
  bulkId: string | null;
  /** Shopify's bulk status as last seen (CREATED, RUNNING, COMPLETED, FAILED…). */
  status: string | null;
  /** When Shopify started the bulk query: the data is at least this fresh (the sync cursor). */
  snapshotAt: string | null;
  /** JSONL lines committed: a root boundary, the resume point. */
  lines: number;
  read: number;
  written: number;
  attempts: number;
  done: boolean;
}

/**
 * One part of the orders export: the orders with ids in [from, to] (null = unbounded), exported and
 * ingested on its own so the earlier parts are in while the later ones export (decision 0219).
 */
export interface OrderPart extends ResourceState {
  from: string | null;
  to: string | null;
}

/** The return-details pass's stages, in the order they are read (decision 0208). */
export const RETURNS_STAGES = ["relaunched", "rest"] as const;
export type ReturnsStage = (typeof RETURNS_STAGES)[number];

export function nextReturnsStage(stage: ReturnsStage): ReturnsStage | null {
  return RETURNS_STAGES[RETURNS_STAGES.indexOf(stage) + 1] ?? null;
}

export interface ReturnsState {
  /** The instant the pass ranks returns against (set when it starts). */
  asOf: string | null;
  stage: ReturnsStage;
  /** The last return committed in this stage (newest first): the resume point. */
  before: { at: string; id: string } | null;
  /** Returns in the "relaunched" stage and in all, counted when the pass starts. */
  relaunched: number;
  total: number;
  /** When every return that can put a customer in the re-engagement pillar today was read. */
  relaunchedDoneAt: string | null;
  read: number;
  written: number;
  done: boolean;
}

export interface BackfillState {
  /** `orders` sums its parts (orderParts) once they are planned. */
  resources: Record<BulkResource, ResourceState>;
  /** The orders export's parts, in the order they run; null until the id range was read. */
  orderParts: OrderPart[] | null;
  returns: ReturnsState;
  /**
   * When products, customers and orders were all in (the bulk files and the edited orders): the
   * pillars that need no return details can be computed from then on.
   */
  historyAt: string | null;
  /**
   * Edited orders with refunds that the orders file could not settle (ids, gathered with each
   * batch's checkpoint), read again one by one after the bulk pass: `next` is the first not done.
   */
  edits: { orderIds: string[]; next: number; read: number; written: number; done: boolean };
}

/** One bulk export not started yet (a resource, or one part of the orders). */
export function newResourceState(): ResourceState {
  return { bulkId: null, status: null, snapshotAt: null, lines: 0, read: 0, written: 0, attempts: 0, done: false };
}

export function initialState(): BackfillState {
  const resource = newResourceState;
  return {
    resources: { products: resource(), customers: resource(), orders: resource() },
    returns: {
      asOf: null,
      stage: "relaunched",
      before: null,
      relaunched: 0,
      total: 0,
      relaunchedDoneAt: null,
      read: 0,
      written: 0,
      done: false,
    },
    orderParts: null,
    historyAt: null,
    edits: { orderIds: [], next: 0, read: 0, written: 0, done: false },
  };
}

export function parseState(value: unknown): BackfillState {
  const base = initialState();
  if (!value || typeof value !== "object" || !("resources" in value)) return base;
  const v = value as Partial<BackfillState>;
  return {
    resources: { ...base.resources, ...v.resources },
    // A run saved before the ordered pass (it kept an order-id cursor) starts the pass afresh.
    returns: v.returns && "stage" in v.returns ? { ...base.returns, ...v.returns } : base.returns,
    orderParts: v.orderParts ?? null,
    historyAt: v.historyAt ?? null,
    edits: { ...base.edits, ...v.edits },
  };
}

export function totals(state: BackfillState): { read: number; written: number } {
  const rs = Object.values(state.resources);
  return {
    read: rs.reduce((n, r) => n + r.read, 0) + state.returns.read + state.edits.read,
    written: rs.reduce((n, r) => n + r.written, 0) + state.returns.written + state.edits.written,
  };
}
