// npm run clv:fit -- FILE.csv : fits BG/NBD and Gamma-Gamma to a customer summary file and prints
// {"bgnbd":{"r","alpha","a","b","logLikelihood"},"gammaGamma":{"p","q","gamma"}} on one line.
import fs from "node:fs";
import { fitBgNbd } from "~/profile/rules/clv/bgnbd";
import { parseSummaryCsv, SummaryCsvError } from "~/profile/rules/clv/csv";
import { fitGammaGamma } from "~/profile/rules/clv/gamma-gamma";
import { groupSummaries, monetaryData } from "~/profile/rules/clv/summary";

function fail(message: string): never {
  process.stderr.write(`clv:fit: ${message}\n`);
  process.exit(1);
}

const file = process.argv[2];
if (!file) fail("usage: npm run clv:fit -- FILE.csv (columns id,x,t_x,T,zbar)");
let text: string;
try {
  text = fs.readFileSync(file, "utf8");
} catch (error) {
  fail(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
}
let rows;
try {
  rows = parseSummaryCsv(text);
} catch (error) {
  if (error instanceof SummaryCsvError) fail(`${file}: ${error.message}`);
  throw error;
}
const monetary = monetaryData(rows);
if (monetary.x.length === 0) fail(`${file}: no customer with x > 0 and zbar > 0; Gamma-Gamma cannot be fitted`);
const bg = fitBgNbd(groupSummaries(rows));
const gg = fitGammaGamma(monetary);
process.stdout.write(
  `${JSON.stringify({
    bgnbd: { r: bg.params.r, alpha: bg.params.alpha, a: bg.params.a, b: bg.params.b, logLikelihood: bg.logLikelihood },
    gammaGamma: { p: gg.params.p, q: gg.params.q, gamma: gg.params.gamma },
  })}\n`,
);
