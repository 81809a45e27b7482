import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultClvFitOptions, fitClv } from "./fit";
import { sampleGroups } from "./sample";
import { groupSummaries, monetaryData, type CustomerSummary, type SummaryGroups } from "./summary";

const rows: CustomerSummary[] = fs
  .readFileSync("tests/fixtures/cdnow/cdnow_sample_summary.csv", "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((line) => {
    const [, x, tx, T, zbar] = line.split(",").map(Number);
    return { x, tx, T, zbar };
  });

describe("sampleGroups", () => {
  it("keeps every stratum's customer count and samples a sample afresh", () => {
    const n = 50_000;
    const g = {
      x: new Float64Array(n),
      tx: new Float64Array(n),
      T: new Float64Array(n),
      weight: new Float64Array(n).fill(2),
    };
    for (let i = 0; i < n; i++) [g.x[i], g.T[i], g.tx[i]] = [i % 30, i % 1095, (i * 7) % 1000];
    const first = sampleGroups(g, 10_000);
    expect(first.x.length).toBeGreaterThan(8_000);
    expect(first.x.length).toBeLessThan(12_000);
    const weightOf = (s: SummaryGroups, x: number) =>
      s.x.reduce((sum, v, i) => (Math.min(v, 20) === x ? sum + s.weight[i] : sum), 0);
    for (const x of [0, 7, 20]) expect(weightOf(first, x)).toBeCloseTo(weightOf(g, x), 6);
    const second = sampleGroups(first, 4_200);
    expect(second.x.length).toBeLessThan(6_000);
    expect(weightOf(second, 3)).toBeCloseTo(weightOf(g, 3), 6);
  });
});

describe("sampleGroups and customers with x = 0", () => {
  it("keeps every x = 0 group with its own weight: they cost one term per T however many there are", () => {
    const n = 60_000;
    const g = { x: new Float64Array(n), tx: new Float64Array(n), T: new Float64Array(n), weight: new Float64Array(n) };
    for (let i = 0; i < n; i++) {
      const zero = i < 700;
      [g.x[i], g.T[i], g.tx[i], g.weight[i]] = zero
        ? [0, 30 + i, 0, 400 + (i % 7)]
        : [1 + (i % 25), i % 731, i % 29, 1];
    }
    const sample = sampleGroups(g, 20_000);
    expect(sample.x.length).toBeLessThan(24_000);
    const zeros = Array.from(sample.x, (x, i) => (x === 0 ? `${sample.T[i]}:${sample.weight[i]}` : "")).filter(Boolean);
    expect(zeros).toEqual(Array.from({ length: 700 }, (_, i) => `${30 + i}:${400 + (i % 7)}`));
  });
});

describe("fitClv status rule", () => {
  it("fits CDNOW", () => {
    const result = fitClv(groupSummaries(rows), monetaryData(rows));
    expect(result.status).toBe("ok");
    if (result.status !== "ok") return;
    expect(result.sampled).toBe(false);
    expect(result.customers).toBe(2357);
    expect(result.params.bgnbd.r.toFixed(3)).toBe("0.243");
  });

  it("says not enough data for a small shop", () => {
    const few = rows.slice(0, 150);
    expect(fitClv(groupSummaries(few), monetaryData(few))).toMatchObject({
      status: "insufficient_data",
      reason: "too_few_customers",
      customers: 150,
    });
  });

  it("says not enough data when almost nobody came back", () => {
    const once = [...rows.filter((r) => r.x === 0), ...rows.filter((r) => r.x > 0).slice(0, 20)];
    expect(fitClv(groupSummaries(once), monetaryData(once))).toMatchObject({
      status: "insufficient_data",
      reason: "too_little_repeat_history",
    });
  });

  it("says the fit failed at a bound when nobody ever churns or differs", () => {
    // Identical, perfectly regular buyers: the heterogeneity parameters run off to infinity.
    const clones = Array.from({ length: 400 }, () => ({ x: 10, tx: 50, T: 50, zbar: 20 }));
    const result = fitClv(groupSummaries(clones), monetaryData(clones));
    expect(result.status).toBe("insufficient_data");
    if (result.status === "insufficient_data")
      expect(["fit_at_bounds", "fit_failed", "monetary_fit_unusable"]).toContain(result.reason);
  });

  it("a stratified sample of groups lands near the full fit", () => {
    const result = fitClv(groupSummaries(rows), monetaryData(rows), { ...defaultClvFitOptions, maxGroups: 600 });
    expect(result.status).toBe("ok");
    if (result.status !== "ok") return;
    expect(result.sampled).toBe(true);
    expect(result.groupsFitted).toBeLessThan(groupSummaries(rows).x.length);
    expect(Math.abs(result.params.bgnbd.r - 0.243) / 0.243).toBeLessThan(0.15);
    expect(Math.abs(result.params.bgnbd.a - 0.793) / 0.793).toBeLessThan(0.25);
  });
});
