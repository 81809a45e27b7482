import { describe, expect, it } from "vitest";
import { drawSummaries, type SampleSpec } from "../../../../scripts/bench/clv-sample";
import { fitBgNbd } from "./bgnbd";
import { fitGammaGamma } from "./gamma-gamma";
import { fitBgNbdStaged, fitGammaGammaStaged } from "./staged";
import { groupColumns, groupSummaries, monetaryColumns, type SummaryColumns } from "./summary";

function columns(spec: SampleSpec): SummaryColumns {
  const n = spec.customers;
  const c = { x: new Float64Array(n), tx: new Float64Array(n), T: new Float64Array(n), zbar: new Float64Array(n) };
  let i = 0;
  drawSummaries(spec, (x, tx, T, zbar) => {
    [c.x[i], c.tx[i], c.T[i], c.zbar[i]] = [x, tx, T, zbar];
    i++;
  });
  return c;
}

const heavy: SampleSpec = {
  customers: 80_000,
  bgnbd: { r: 2, alpha: 25, a: 0.2, b: 8 },
  gammaGamma: { p: 3, q: 10, gamma: 200 },
  minT: 30,
  maxT: 730,
  seed: "recovery",
};

describe("fits on data drawn from the models", () => {
  const data = columns(heavy);
  const groups = groupColumns(data);
  const monetary = monetaryColumns(data);

  it("recovers the parameters the data were drawn with", () => {
    const bg = fitBgNbdStaged(groups, 5_000).fit;
    expect(bg.converged).toBe(true);
    for (const k of ["r", "alpha", "a", "b"] as const)
      expect(Math.abs(bg.params[k] / heavy.bgnbd[k] - 1), k).toBeLessThan(0.1);
    const gg = fitGammaGammaStaged(monetary, 5_000).fit;
    expect(gg.converged).toBe(true);
    for (const k of ["p", "q", "gamma"] as const)
      expect(Math.abs(gg.params[k] / heavy.gammaGamma[k] - 1), k).toBeLessThan(0.1);
  });

  it("the two-stage fit is the direct fit: the sample only picks the start", () => {
    const direct = fitBgNbd(groups);
    const staged = fitBgNbdStaged(groups, 2_000);
    expect(staged.coarse).not.toBeNull();
    expect(staged.fit.evaluations).toBeLessThan(direct.evaluations);
    for (const k of ["r", "alpha", "a", "b"] as const)
      expect(Math.abs(staged.fit.params[k] / direct.params[k] - 1)).toBeLessThan(1e-7);
    const ggDirect = fitGammaGamma(monetary);
    const ggStaged = fitGammaGammaStaged(monetary, 2_000).fit;
    for (const k of ["p", "q", "gamma"] as const)
      expect(Math.abs(ggStaged.params[k] / ggDirect.params[k] - 1)).toBeLessThan(1e-7);
  });

  it("groups by (x, t_x, T) exactly, by counting sort or by string keys", () => {
    const bySort = groupColumns(data);
    const byString = groupColumns(data, 0);
    const key = (g: typeof bySort, i: number) => `${g.x[i]}|${g.tx[i]}|${g.T[i]}`;
    const tally = (g: typeof bySort) => new Map(Array.from(g.x, (_, i) => [key(g, i), g.weight[i]]));
    expect(bySort.x.length).toBe(byString.x.length);
    expect(tally(bySort)).toEqual(tally(byString));
    expect(bySort.weight.reduce((s, w) => s + w, 0)).toBe(heavy.customers);
    // Fractional times (CDNOW's weeks) group the same way.
    const weeks = [
      { x: 2, tx: 30.43, T: 38.86, zbar: 1 },
      { x: 2, tx: 30.43, T: 38.86, zbar: 2 },
      { x: 0, tx: 0, T: 38.86, zbar: 0 },
    ];
    const grouped = groupSummaries(weeks);
    expect(
      Array.from(grouped.x, (x, i) => `${x}|${grouped.tx[i]}|${grouped.T[i]}:${grouped.weight[i]}`).sort(),
    ).toEqual(["0|0|38.86:1", "2|30.43|38.86:2"]);
  });
});
