import { describe, expect, it } from "vitest";
import { drawSummaries } from "../../../../scripts/bench/clv-sample";
import { minimiseBfgs } from "./bfgs";
import { bgnbdLikelihood } from "./bgnbd-likelihood";
import { gammaGammaLikelihood } from "./gamma-gamma";
import { digamma, lnGamma } from "./special";
import { groupColumns, monetaryColumns, type SummaryColumns } from "./summary";

function sample(customers: number, seed: string): SummaryColumns {
  const c = {
    x: new Float64Array(customers),
    tx: new Float64Array(customers),
    T: new Float64Array(customers),
    zbar: new Float64Array(customers),
  };
  let i = 0;
  const spec = {
    customers,
    bgnbd: { r: 0.9, alpha: 35, a: 0.6, b: 3.5 },
    gammaGamma: { p: 6, q: 3.8, gamma: 15 },
    minT: 30,
    maxT: 730,
    seed,
  };
  drawSummaries(spec, (x, tx, T, zbar) => {
    [c.x[i], c.tx[i], c.T[i], c.zbar[i]] = [x, tx, T, zbar];
    i++;
  });
  return c;
}

/** Central differences with a relative step, compared to the analytic gradient component by component. */
function checkGradient(
  f: (v: number[], g: Float64Array) => number,
  at: number[],
): { analytic: number[]; numeric: number[] } {
  const g = new Float64Array(at.length);
  f(at, g);
  const scratch = new Float64Array(at.length);
  const numeric = at.map((v, k) => {
    // 1e-5, not smaller: the sums' rounding (~1e-10 of ~1e5 here) over 2h must stay well under the tolerance.
    const h = 1e-5 * Math.max(Math.abs(v), 1e-3);
    const up = [...at];
    const down = [...at];
    up[k] = v + h;
    down[k] = v - h;
    return (f(up, scratch) - f(down, scratch)) / (2 * h);
  });
  return { analytic: [...g], numeric };
}

describe("analytic gradients", () => {
  const data = sample(3_000, "gradients");

  it("digamma is the derivative of lnΓ", () => {
    for (const x of [1e-3, 0.243, 1, 2.5, 9.99, 10, 37.2, 1e4]) {
      const h = 1e-5 * x;
      expect(digamma(x)).toBeCloseTo((lnGamma(x + h) - lnGamma(x - h)) / (2 * h), 5);
    }
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 14);
  });

  it("BG/NBD matches finite differences, with and without customers at x = 0", () => {
    const ll = bgnbdLikelihood(groupColumns(data));
    const f = ([r, alpha, a, b]: number[], g: Float64Array) => ll({ r, alpha, a, b }, g);
    for (const at of [
      [0.9, 35, 0.6, 3.5],
      [0.243, 4.4, 0.79, 2.4],
      [3, 900, 2, 0.7],
    ]) {
      const { analytic, numeric } = checkGradient(f, at);
      for (let k = 0; k < 4; k++)
        expect(Math.abs(analytic[k] - numeric[k])).toBeLessThan(1e-5 * (1 + Math.abs(numeric[k])));
    }
  });

  it("Gamma-Gamma matches finite differences", () => {
    const ll = gammaGammaLikelihood(monetaryColumns(data));
    const f = ([p, q, gamma]: number[], g: Float64Array) => ll({ p, q, gamma }, g);
    for (const at of [
      [6, 3.8, 15],
      [0.5, 1.2, 300],
      [40, 20, 2],
    ]) {
      const { analytic, numeric } = checkGradient(f, at);
      for (let k = 0; k < 3; k++)
        expect(Math.abs(analytic[k] - numeric[k])).toBeLessThan(1e-5 * (1 + Math.abs(numeric[k])));
    }
  });
});

describe("minimiseBfgs", () => {
  it("finds Rosenbrock's minimum from the usual start", () => {
    const rosenbrock = (v: Float64Array, g: Float64Array) => {
      const [x, y] = v;
      g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
      g[1] = 200 * (y - x * x);
      return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
    };
    const result = minimiseBfgs(rosenbrock, [-1.2, 1], { gradientTolerance: 1e-10 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 8);
    expect(result.x[1]).toBeCloseTo(1, 8);
  });

  it("steps back from values that are not finite and says when it did not converge", () => {
    // Finite only for x < 1; the minimum is at 0.
    const f = (v: Float64Array, g: Float64Array) => {
      g[0] = v[0] < 1 ? 2 * v[0] : Number.NaN;
      return v[0] < 1 ? v[0] * v[0] : Number.POSITIVE_INFINITY;
    };
    const result = minimiseBfgs(f, [0.9], { maxStep: 100 });
    expect(result.converged).toBe(true);
    expect(Math.abs(result.x[0])).toBeLessThan(1e-9);
    const unbounded = minimiseBfgs((v, g) => ((g[0] = -1), -v[0]), [0], { maxIterations: 20 });
    expect(unbounded.converged).toBe(false);
  });

  it("returns the differenced inverse Hessian when asked: exact on a quadratic", () => {
    // f = ½ vᵀ A v with A = [[4, 1], [1, 2]]; A⁻¹ = [[2, −1], [−1, 4]] / 7.
    const quadratic = (v: Float64Array, g: Float64Array) => {
      g[0] = 4 * v[0] + v[1];
      g[1] = v[0] + 2 * v[1];
      return 0.5 * (v[0] * g[0] + v[1] * g[1]);
    };
    const result = minimiseBfgs(quadratic, [3, -2], { differencedCurvature: true });
    expect(result.converged).toBe(true);
    const want = [2 / 7, -1 / 7, -1 / 7, 4 / 7];
    result.inverseHessian.forEach((v, k) => expect(v).toBeCloseTo(want[k], 8));
  });
});
