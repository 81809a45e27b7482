import { describe, expect, it } from "vitest";
import { drawSummaries, type SampleSpec } from "../../../../scripts/bench/clv-sample";
import { fitBgNbdStaged, fitGammaGammaStaged } from "./staged";
import { groupColumns, monetaryColumns, tableIndex, type SummaryColumns } from "./summary";

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

const spec = (bgnbd: SampleSpec["bgnbd"], gammaGamma: SampleSpec["gammaGamma"]): SampleSpec => ({
  customers: 60_000,
  bgnbd,
  gammaGamma,
  minT: 30,
  maxT: 730,
  seed: "previous-fit",
});

// What the fit gave before decision 0217 (value-indexed tables, customers sorted by x), printed with
// 12 significant digits from commit dcfea4a: the faster fit must land on the same optimum.
const cases = [
  {
    data: spec({ r: 0.9, alpha: 35, a: 0.6, b: 3.5 }, { p: 6, q: 3.8, gamma: 15 }),
    groups: 50222,
    bgnbd: [0.89679260563, 34.7588175283, 0.583616899918, 3.36887482129],
    logLikelihood: -1462843.92589,
    gammaGamma: [6.1664481779, 3.75303974116, 14.3694051326],
  },
  {
    data: spec({ r: 6, alpha: 1200, a: 1, b: 10 }, { p: 20, q: 20, gamma: 300 }),
    groups: 42833,
    bgnbd: [5.76395847047, 1152.98773506, 1.68131843182, 17.1673354657],
    logLikelihood: -647601.495841,
    gammaGamma: [19.8794768243, 20.0828383318, 302.84119543],
  },
];

const sixDigits = (v: number) => v.toPrecision(6);

describe("the faster fit lands where the previous fit did", () => {
  for (const c of cases) {
    it(`r ${c.data.bgnbd.r}, α ${c.data.bgnbd.alpha}: same estimates to six digits`, () => {
      const data = columns(c.data);
      const groups = groupColumns(data);
      expect(groups.x.length).toBe(c.groups);
      const bg = fitBgNbdStaged(groups, 5_000).fit;
      expect(bg.converged).toBe(true);
      expect([bg.params.r, bg.params.alpha, bg.params.a, bg.params.b].map(sixDigits)).toEqual(c.bgnbd.map(sixDigits));
      expect(sixDigits(bg.logLikelihood)).toBe(sixDigits(c.logLikelihood));
      const gg = fitGammaGammaStaged(monetaryColumns(data), 5_000).fit;
      expect(gg.converged).toBe(true);
      expect([gg.params.p, gg.params.q, gg.params.gamma].map(sixDigits)).toEqual(c.gammaGamma.map(sixDigits));
    });
  }

  // CDNOW's fractional weeks take the distinct-value tables (cdnow.test.ts); whole days index by value.
  it("value-indexed and distinct-value tables map every row to its own value", () => {
    const data = columns({ ...cases[0].data, customers: 5_000 });
    for (const maxDirect of [1 << 20, -1]) {
      const index = tableIndex(data.T, data.tx, maxDirect);
      const both = [...data.T, ...data.tx];
      expect(both.every((v, i) => index.keys[index.of[i]] === v)).toBe(true);
      expect([...index.present].map((k) => index.keys[k]).sort((p, q) => p - q)).toEqual(
        [...new Set(both)].sort((p, q) => p - q),
      );
    }
    expect(tableIndex(data.T).size).toBe(Math.max(...data.T) + 1);
    expect(tableIndex(data.T, undefined, -1).size).toBe(new Set(data.T).size);
  });
});
