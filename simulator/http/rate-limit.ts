// Shopify's calculated-cost leaky bucket, one per shop (this simulator serves one shop).
export type Plan = "standard" | "advanced" | "plus" | "enterprise";
export const RESTORE_RATES: Record<Plan, number> = { standard: 100, advanced: 200, plus: 1000, enterprise: 2000 };
export const PLAN_NAMES: Record<Plan, string> = {
  standard: "Basic",
  advanced: "Advanced",
  plus: "Shopify Plus",
  enterprise: "Enterprise",
};

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class CostBucket {
  private available: number;
  /** Points charged so far (taken minus refunded): what an app spent, for benchmarks. */
  spent = 0;
  private last = performance.now();
  constructor(
    public restoreRate = 100,
    public maximumAvailable = 2000,
    private now: () => number = () => performance.now(),
  ) {
    this.available = maximumAvailable;
    this.last = now();
  }
  private refill(): void {
    const t = this.now();
    this.available = Math.min(this.maximumAvailable, this.available + ((t - this.last) / 1000) * this.restoreRate);
    this.last = t;
  }
  /** Takes `cost` if the bucket holds it. */
  take(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    this.spent += cost;
    return true;
  }
  refund(points: number): void {
    this.spent -= points;
    this.available = Math.min(this.maximumAvailable, this.available + points);
  }
  drain(to = 0): void {
    this.refill();
    this.available = to;
  }
  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.maximumAvailable,
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.restoreRate,
    };
  }
}
