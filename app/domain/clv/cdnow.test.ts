import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { fitBgNbd } from "./bgnbd";
import { fitGammaGamma } from "./gamma-gamma";
import { groupSummaries, monetaryData, type CustomerSummary } from "./summary";

const csv = fs.readFileSync("/work/shared/datasets/cdnow/cdnow_sample_summary.csv", "utf8");
const rows: CustomerSummary[] = csv.trim().split("\n").slice(1).map((line) => {
  const [, x, tx, T, zbar] = line.split(",").map(Number);
  return { x, tx, T, zbar };
});

describe("CDNOW known answers", () => {
  it("BG/NBD reproduces Fader, Hardie & Lee 2005", () => {
    const fit = fitBgNbd(groupSummaries(rows));
    expect(fit.params.r.toFixed(3)).toBe("0.243");
    expect(fit.params.alpha.toFixed(3)).toBe("4.414");
    expect(fit.params.a.toFixed(3)).toBe("0.793");
    expect(fit.params.b.toFixed(3)).toBe("2.426");
    expect(fit.logLikelihood.toFixed(1)).toBe("-9582.4");
  });

  it("Gamma-Gamma reproduces Fader & Hardie 2013", () => {
    const data = monetaryData(rows);
    expect(data.x.length).toBe(946);
    const fit = fitGammaGamma(data);
    expect(fit.params.p.toFixed(2)).toBe("6.25");
    expect(fit.params.q.toFixed(2)).toBe("3.74");
    expect(fit.params.gamma.toFixed(2)).toBe("15.44");
  });
});
