import { fitClv, defaultClvFitOptions } from "~/domain/clv/fit";
import { groupSummaries, monetaryData, type CustomerSummary } from "~/domain/clv/summary";
let seed = 12345;
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const rows: CustomerSummary[] = [];
for (let i = 0; i < Number(process.argv[2] ?? 1000000); i++) {
  const rate = (-Math.log(rnd()) - Math.log(rnd())) / 120; const churn = 1 - rnd() ** (1 / 6);
  const T = Math.floor(rnd() * 1095); let t = 0; let x = 0; let tx = 0;
  for (;;) { if (rnd() < churn) break; t += -Math.log(rnd()) / rate; if (t > T) break; x++; tx = Math.floor(t); }
  rows.push({ x, tx, T, zbar: x > 0 ? 30 + rnd() * 60 : 0 });
}
let s = performance.now();
const g = groupSummaries(rows); const m = monetaryData(rows);
console.log("groups", g.x.length, "monetary", m.x.length, "group ms", Math.round(performance.now() - s));
s = performance.now();
const r = fitClv(g, { ...m, x: m.x.slice(0, 100000), zbar: m.zbar.slice(0, 100000), weight: m.weight.slice(0, 100000) }, { ...defaultClvFitOptions, maxGroups: Number(process.argv[3] ?? 60000) });
console.log("fit ms", Math.round(performance.now() - s), JSON.stringify(r));
