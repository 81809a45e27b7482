// Where the bulk ingest's time goes, as CPU seconds (comparable on a shared machine, unlike wall
// time): Node's own (process.cpuUsage) and PostgreSQL's (/proc/<pid>/stat of the postmaster and
// its backends, exited ones included). The orders file is exported once per store size and kept
// in the temp folder; it is then read from disk, so the simulator costs nothing here.
//   npx tsx scripts/bench/bulk-profile.ts   (BENCH_CUSTOMERS=20000, BENCH_RUNS=2: the second run
//   meets every row already stored, i.e. the upsert path of a second backfill; BENCH_PARSE=0
//   skips the parse-only reference; BULK_WRITERS, BULK_BATCH_ROWS as ingestBulkFile's options)
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { createDb } from "~/db.server";
import { ingestBulkFile } from "~/ingest/bulk-ingest.server";
import { readLineBatches } from "~/ingest/rules/jsonl";
import { benchDatabase } from "./database";
import { cpuTicks, postgresChildren, postmasterPid } from "./proc-cpu";

const customers = Number(process.env.BENCH_CUSTOMERS ?? 20_000);
const runs = Number(process.env.BENCH_RUNS ?? 2);
const SHOP = "rapport-sim.myshopify.com";
const file = path.join(os.tmpdir(), `rapport-orders-${customers}.jsonl`);
const say = (line: string) => process.stdout.write(`${line}\n`);

async function exportOnce(): Promise<void> {
  if (fs.existsSync(file)) return;
  say(`exporting the orders of ${customers} customers to ${file}…`);
  const root = path.resolve(import.meta.dirname, "../..");
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(root, "scripts/bench/bulk-export.ts"), String(customers), file],
    { cwd: root, stdio: "inherit" },
  );
  await new Promise<void>((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`export exited ${code}`)))),
  );
}

/** CPU seconds of the postmaster's processes, by role (backend, walwriter, autovacuum worker, …). */
function postgresRoles(port: string): () => Record<string, number> {
  const postmaster = postmasterPid(port);
  return () => {
    const out: Record<string, number> = { "exited children": cpuTicks(postmaster, true) - cpuTicks(postmaster) };
    for (const { pid, cmd } of postgresChildren(postmaster)) {
      const role =
        /postgres: (autovacuum worker|walwriter|checkpointer|background writer|autovacuum launcher)/.exec(cmd)?.[1] ??
        "backends";
      try {
        out[role] = (out[role] ?? 0) + cpuTicks(pid);
      } catch {
        // exited meanwhile
      }
    }
    for (const k of Object.keys(out)) out[k] /= 100;
    return out;
  };
}

function postgresCpu(port: string): () => number {
  const postmaster = postmasterPid(port);
  return () => {
    let total = cpuTicks(postmaster, true);
    for (const { pid } of postgresChildren(postmaster)) {
      try {
        total += cpuTicks(pid);
      } catch {
        // exited meanwhile: counted in the postmaster's children from now on
      }
    }
    return total / 100;
  };
}

async function measure(
  label: string,
  run: () => Promise<unknown>,
  pgCpu: () => number,
  roles?: () => Record<string, number>,
): Promise<void> {
  const r0 = roles?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const cpu0 = process.cpuUsage();
  const pg0 = pgCpu();
  const t0 = performance.now();
  await run();
  const wall = (performance.now() - t0) / 1000;
  clearInterval(timer);
  const cpu = process.cpuUsage(cpu0);
  const round = (n: number) => Math.round(n * 100) / 100;
  if (roles && r0) {
    const r1 = roles();
    say(
      `  postgres by role: ${Object.keys(r1)
        .map((k) => `${k} ${round(r1[k] - (r0[k] ?? 0))} s`)
        .join(", ")}`,
    );
  }
  say(
    `${label}: wall ${round(wall)} s, node CPU ${round((cpu.user + cpu.system) / 1e6)} s, postgres CPU ${round(pgCpu() - pg0)} s, peak RSS ${Math.round(peak / 1e6)} MB, load ${os.loadavg()[0].toFixed(2)}`,
  );
}

await exportOnce();
const body = () =>
  Readable.toWeb(fs.createReadStream(file, { highWaterMark: 64 * 1024 })) as ReadableStream<Uint8Array>;
const localFetch: typeof fetch = async () => new Response(body());
const db = await benchDatabase("rapport_bench_bulk_profile");
const app = createDb(db.url, { max: 10 });
try {
  const pgCpu = postgresCpu(new URL(db.url).port);
  await app.pool.query(`INSERT INTO "Shop" (domain, "updatedAt") VALUES ($1, now())`, [SHOP]);
  if (process.env.BENCH_PARSE !== "0") {
    await measure(
      "parse only",
      async () => {
        for await (const lines of readLineBatches(body())) for (const line of lines) JSON.parse(line);
      },
      pgCpu,
    );
  }
  for (let i = 1; i <= runs; i++) {
    await measure(
      `ingest run ${i}`,
      () =>
        ingestBulkFile({
          pool: app.pool,
          shop: SHOP,
          resource: "orders",
          url: file,
          skipLines: 0,
          snapshotAt: new Date("2026-11-29T00:00:00Z"),
          fetch: localFetch,
          writers: Number(process.env.BULK_WRITERS ?? 2),
          batchRows: Number(process.env.BULK_BATCH_ROWS ?? 20_000),
          checkpoint: async () => undefined,
        }),
      pgCpu,
      postgresRoles(new URL(db.url).port),
    );
  }
  const n = await app.pool.query<{ orders: string; lines: string }>(
    `SELECT (SELECT count(*) FROM "Order") AS orders, (SELECT count(*) FROM "LineItem") AS lines`,
  );
  say(`stored: ${n.rows[0].orders} orders, ${n.rows[0].lines} line items`);
} finally {
  await app.close();
  await db.stop();
}
