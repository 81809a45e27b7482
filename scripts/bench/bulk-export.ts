// Writes the orders bulk file of a generated store to a path: `tsx bulk-export.ts CUSTOMERS FILE`
// (used by bulk-profile.ts, which then reads it from disk).
import fs from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream } from "node:stream/web";
import { pollBulk, startBulk } from "~/ingest/bulk.server";
import { createAdminClient } from "~/shopify/admin-client.server";
import { startSimulator } from "~sim/index";

const [customers, file] = process.argv.slice(2);
const sim = await startSimulator({ customers: Number(customers), seed: 1, plan: "enterprise" });
try {
  const admin = createAdminClient({
    shop: sim.shop,
    accessToken: sim.accessToken,
    apiVersion: sim.apiVersion,
    endpoint: sim.url,
  });
  const started = await startBulk(admin, "orders");
  if (!("started" in started)) throw new Error(started.busy);
  let op = await pollBulk(admin, started.started.id);
  while (op?.status !== "COMPLETED") {
    if (!op || op.status === "FAILED") throw new Error("bulk export failed");
    await new Promise((r) => setTimeout(r, 250));
    op = await pollBulk(admin, started.started.id);
  }
  const response = await fetch(op.url!);
  await pipeline(Readable.fromWeb(response.body! as ReadableStream<Uint8Array>), fs.createWriteStream(`${file}.part`));
  fs.renameSync(`${file}.part`, file);
} finally {
  await sim.stop();
}
