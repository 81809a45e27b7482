// Simulator benchmark: generate + bulk-export a store over HTTP (customers > orders > line items),
// and stream-generate a large store. Prints one JSON object as the last line.
//   npm run bench:simulator -- [--export 100000] [--stream 1000000]
import fs from "node:fs";
import { parseArgs } from "node:util";
import { startSimulator } from "~sim/index";
import { Store } from "~sim/store/store";

const { values } = parseArgs({
  options: { export: { type: "string", default: "100000" }, stream: { type: "string", default: "1000000" } },
});

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const mb = (b: number): number => Math.round(b / 1e6);
// The bench machine is shared: CPU seconds are the comparable figure, wall seconds the felt one.
const cpuSince = (c0: NodeJS.CpuUsage): number => {
  const c = process.cpuUsage(c0);
  return Math.round((c.user + c.system) / 1e5) / 10;
};

async function bulkExport(customers: number): Promise<Record<string, number>> {
  peakRss = process.memoryUsage().rss;
  const sim = await startSimulator({ customers, seed: 1, plan: "enterprise" });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const query = `{ customers { edges { node { id email numberOfOrders amountSpent { amount } defaultEmailAddress { marketingState }
    orders { edges { node { id processedAt totalPriceSet { shopMoney { amount } } lineItems { edges { node { id quantity product { id } } } } } } } } } } }`;
  const res = await fetch(sim.adminApiUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": sim.accessToken },
    body: JSON.stringify({
      query: `mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id } userErrors { message } } }`,
      variables: { q: query },
    }),
  });
  const id = ((await res.json()) as { data: { bulkOperationRunQuery: { bulkOperation: { id: string } } } }).data
    .bulkOperationRunQuery.bulkOperation.id;
  await sim.bulk.idle();
  const op = sim.core.bulk.get(Number(id.split("/").pop()))!;
  const seconds = (performance.now() - t0) / 1000;
  const out = {
    customers,
    seconds: Math.round(seconds * 10) / 10,
    cpuSeconds: cpuSince(c0),
    objects: op.objectCount,
    jsonlBytes: fs.statSync(op.file!).size,
    peakRssMb: mb(peakRss),
    objectsPerSecond: Math.round(op.objectCount / seconds),
  };
  await sim.stop();
  return out;
}

function streamGenerate(customers: number): Record<string, number> {
  global.gc?.();
  peakRss = process.memoryUsage().rss;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const store = new Store({ seed: 1, customers, now: Date.parse("2026-11-29T00:00:00Z") });
  let orders = 0;
  let lineItems = 0;
  for (const h of store.histories()) {
    for (const o of h.orders) {
      orders++;
      lineItems += o.lineItems.length;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    customers,
    seconds: Math.round(seconds * 10) / 10,
    cpuSeconds: cpuSince(c0),
    ordersGenerated: orders,
    lineItems,
    peakRssMb: mb(Math.max(peakRss, process.memoryUsage().rss)),
    customersPerSecond: Math.round(customers / seconds),
  };
}

const exported = await bulkExport(Number(values.export));
process.stdout.write(`bulk export: ${JSON.stringify(exported)}\n`);
const streamed = streamGenerate(Number(values.stream));
process.stdout.write(`stream generate: ${JSON.stringify(streamed)}\n`);
clearInterval(sampler);
process.stdout.write(JSON.stringify({ bulkExport: exported, streamGenerate: streamed }) + "\n");
