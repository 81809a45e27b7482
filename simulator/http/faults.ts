// Fault injection: the next N matching requests fail with a 5xx, hang, or are slowed down.
export interface FaultSpec {
  kind: "error" | "timeout" | "slow";
  /** How many requests it applies to (default 1). */
  count?: number;
  /** For "error": HTTP status (default 500; 502/503/504 also sensible). */
  status?: number;
  /** For "slow": added latency in ms. */
  delayMs?: number;
  /** Only requests whose GraphQL operationName equals this. */
  operationName?: string;
}

export class Faults {
  private queue: (FaultSpec & { remaining: number })[] = [];
  inject(spec: FaultSpec): void {
    this.queue.push({ ...spec, remaining: spec.count ?? 1 });
  }
  clear(): void {
    this.queue = [];
  }
  pending(): FaultSpec[] {
    return this.queue.map((f) => ({ ...f, count: f.remaining }));
  }
  /** Consumes and returns the first fault matching this request, if any. */
  take(operationName: string | null): FaultSpec | null {
    const i = this.queue.findIndex((f) => !f.operationName || f.operationName === operationName);
    if (i < 0) return null;
    const fault = this.queue[i];
    fault.remaining--;
    if (fault.remaining <= 0) this.queue.splice(i, 1);
    return fault;
  }
}
