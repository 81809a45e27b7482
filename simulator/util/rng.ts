// Deterministic randomness keyed by (seed, stream, index): any customer's history can be
// regenerated on its own, without generating the customers before it. The one seeded generator of
// the repo: tests draw from `mulberry32` too (app/ has no seeded randomness).

function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hashKey(...parts: (number | string)[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    const s = String(part);
    for (let i = 0; i < s.length; i++) h = mix32(h ^ s.charCodeAt(i)) + i;
    h = mix32(h ^ 0x2f);
  }
  return h >>> 0;
}

const STEP = 0x6d2b79f5;

/** mulberry32's output for an already advanced state, as a uniform draw in [0, 1). */
function mulberry32Draw(state: number): number {
  let t = Math.imul(state ^ (state >>> 15), state | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** mulberry32 from a 32-bit seed: uniform draws in [0, 1), the same sequence on every run. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => mulberry32Draw((state = (state + STEP) >>> 0));
}

export class Rng {
  // A field and a method rather than a mulberry32() closure: the generator draws millions of
  // times per store, and the closure call measured ~40% slower per draw.
  private state: number;
  constructor(...key: (number | string)[]) {
    this.state = hashKey(...key) || 1;
  }
  /** Uniform in [0, 1) (mulberry32). */
  next(): number {
    return mulberry32Draw((this.state = (this.state + STEP) >>> 0));
  }
  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let u = this.next() * total;
    for (const [item, w] of items) {
      u -= w;
      if (u < 0) return item;
    }
    return items[items.length - 1][0];
  }
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  exponential(rate: number): number {
    return -Math.log(1 - this.next()) / rate;
  }
  /** Marsaglia–Tsang; shape < 1 handled by the usual boost. */
  gamma(shape: number, scale: number): number {
    if (shape < 1) return this.gamma(shape + 1, scale) * Math.pow(this.next() || 1e-12, 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const v = Math.pow(1 + c * x, 3);
      if (v <= 0) continue;
      const u = this.next();
      if (Math.log(u) < 0.5 * x * x + d - d * v + Math.log(v)) return d * v * scale;
    }
  }
  beta(a: number, b: number): number {
    const x = this.gamma(a, 1);
    return x / (x + this.gamma(b, 1));
  }
  poisson(mean: number): number {
    const l = Math.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.next();
    } while (p > l);
    return k - 1;
  }
}
