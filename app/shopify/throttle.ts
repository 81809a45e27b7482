// How long a throttled query must wait: the bucket refills at restoreRate points per second
// and the query needs requestedQueryCost of them.

export interface GraphqlBody {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: {
    cost?: {
      requestedQueryCost?: number;
      throttleStatus?: { maximumAvailable?: number; currentlyAvailable?: number; restoreRate?: number };
    };
  };
}

export function throttleWaitMs(body: GraphqlBody | undefined): number {
  const cost = body?.extensions?.cost;
  const status = cost?.throttleStatus;
  if (!cost || !status?.restoreRate) return 1000;
  const needed = (cost.requestedQueryCost ?? 0) - (status.currentlyAvailable ?? 0);
  return Math.max(0, Math.ceil((needed / status.restoreRate) * 1000));
}
