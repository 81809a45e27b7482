import { fitBgNbd } from "~/domain/clv/bgnbd";
import { fitGammaGamma } from "~/domain/clv/gamma-gamma";
import { sampleGroups } from "~/domain/clv/sample";
import { groupSummaries, monetaryData, type CustomerSummary } from "~/domain/clv/summary";
let a = 7;
const rnd = () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const rows: CustomerSummary[] = [];
for (let i = 0; i < Number(process.argv[2] ?? 1000000); i++) {
  const rate = (-Math.log(rnd()) - Math.log(rnd())) / 120; const churn = 1 - rnd() ** (1 / 6);
  const T = Math.floor(rnd() * 1095); let t = 0; let x = 0; let tx = 0;
  for (;;) { if (rnd() < churn) break; t += -Math.log(rnd()) / rate; if (t > T) break; x++; tx = Math.floor(t); }
  rows.push({ x, tx, T, zbar: x > 0 ? 30 + rnd() * 60 : 0 });
}
const g = groupSummaries(rows); const m = monetaryData(rows);
console.log("groups", g.x.length, "monetary", m.x.length);
for (const cap of [20000, 60000]) {
  let s = performance.now();
  const w = sampleGroups(g, cap);
  const bg = fitBgNbd(w);
  console.log("bg cap", cap, Math.round(performance.now() - s), "ms evals", bg.evaluations, bg.converged, JSON.stringify(bg.params));
}
let s = performance.now();
const mm = { x: m.x.slice(0, 100000), zbar: m.zbar.slice(0, 100000), weight: m.weight.slice(0, 100000) };
const gg = fitGammaGamma(mm);
console.log("gg", Math.round(performance.now() - s), "ms evals", gg.evaluations, JSON.stringify(gg.params));
