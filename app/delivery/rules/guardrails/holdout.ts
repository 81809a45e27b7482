// Stable holdout assignment: the same customer is always in or out of a campaign's holdout,
// across ticks, restarts and machines, without storing anything first.

/** FNV-1a over "campaignId:customerId" → bucket 0..9999 (basis points). */
export function holdoutBucket(campaignId: string, customerId: bigint | string): number {
  const key = `${campaignId}:${customerId}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash = (hash ^ key.charCodeAt(i)) >>> 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // A final avalanche step: FNV's low bits are weak for keys that differ only at the end.
  hash = (hash ^ (hash >>> 16)) >>> 0;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash = (hash ^ (hash >>> 13)) >>> 0;
  return hash % 10_000;
}

export function isHeldOut(campaignId: string, customerId: bigint | string, holdoutPercent: number): boolean {
  return holdoutBucket(campaignId, customerId) < Math.round(holdoutPercent * 100);
}
