// Send throughput of the outbox against the simulator's rate limit: N pending messages, the
// cost bucket emptied first, then drained through the real Admin client. Figures: messages/s,
// share of the rate budget used (10 points per flowTriggerReceive) and that none was lost or
// duplicated. Run: npx tsx scripts/bench/sends.ts [--messages 400] [--plan standard] [--concurrency 8]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { drainOutbox } from "~/delivery/outbox.server";
import type { AppContext } from "~/runtime/app-context.server";
import { createDb } from "~/db.server";
import { memoryLogger } from "~/logger.server";
import { applyMigrations } from "~/db/migrate.server";
import { freePort, startEmbeddedPostgres } from "~/db/postgres.server";
import { createAdminFactory } from "~/shopify/admin-client.server";
import { startSimulator, type Plan } from "~sim/index";

export interface SendBenchOptions {
  messages?: number;
  plan?: Plan;
  concurrency?: number;
  /** An admin URL of a running PostgreSQL; a throwaway embedded one is started when absent. */
  postgresAdminUrl?: string;
}

export interface SendBenchFigures {
  messages: number;
  sent: number;
  lost: number;
  duplicated: number;
  seconds: number;
  messagesPerSecond: number;
  restoreRatePointsPerSecond: number;
  mutationCost: number;
  budgetUsedPercent: number;
  throttledResponses: number;
  concurrency: number;
  targetBudgetUsedPercent: 90;
}

const MUTATION_COST = 10;

async function withDatabase<T>(adminUrl: string | undefined, run: (url: string) => Promise<T>): Promise<T> {
  let stop = async (): Promise<void> => undefined;
  let admin = adminUrl;
  if (!admin) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rapport-bench-sends-"));
    fs.chmodSync(dir, 0o755);
    const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port: await freePort() });
    admin = server.url;
    stop = async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  const name = `bench_sends_${Date.now()}`;
  const url = new URL(admin);
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  url.pathname = `/${name}`;
  try {
    await applyMigrations(url.toString());
    return await run(url.toString());
  } finally {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
    await stop();
  }
}

export async function runSendBench(options: SendBenchOptions = {}): Promise<SendBenchFigures> {
  const { messages = 400, plan = "standard", concurrency = 8 } = options;
  const sim = await startSimulator({ customers: 50, seed: 3, plan });
  try {
    return await withDatabase(options.postgresAdminUrl, async (url) => {
      const db = createDb(url, { max: 6 });
      try {
        const shop = sim.shop;
        await db.prisma.shop.create({ data: { domain: shop } });
        await db.prisma.session.create({
          data: { id: `offline_${shop}`, shop, state: "installed", accessToken: sim.accessToken },
        });
        const campaign = await db.prisma.campaign.create({
          data: {
            shop,
            name: "Bench",
            pillar: "loyalty",
            status: "active",
            definition: {},
            trigger: { kind: "relaunch" },
            subject: "s",
            body: "b",
          },
        });
        const now = new Date();
        await db.pool.query(
          `INSERT INTO "Customer" (shop, id, "firstName", email, "emailMarketing", "createdAt", "updatedAt")
           SELECT $1, 7000000000000 + g, 'C' || g, 'c' || g || '@example.com', 'SUBSCRIBED', $2, $2 FROM generate_series(1, $3) g`,
          [shop, now, messages],
        );
        await db.pool.query(
          `INSERT INTO "Message" (id, shop, "campaignId", "customerId", "triggerKey", status, subject, body, "ctaUrl", "scheduledFor", "updatedAt")
           SELECT 'bench-' || g, $1, $2, 7000000000000 + g, 't', 'pending', 'Subject for ' || g, repeat('Body text ', 40), 'https://' || $1, $3, $3
             FROM generate_series(1, $4) g`,
          [shop, campaign.id, now, messages],
        );
        const ctx: AppContext = {
          db,
          admin: createAdminFactory(db, { endpoint: sim.url }),
          queue: { enqueue: async () => undefined },
          now: () => new Date(),
          log: memoryLogger(),
        };
        await (await ctx.admin(shop)).request("{ shop { name } }"); // warm-up outside the timing
        sim.recorded.clear();
        sim.rateLimit.drain(0); // steady state: every point spent must be earned during the run
        const restoreRate = sim.rateLimit.status().restoreRate;
        const start = performance.now();
        // Like the campaigns.send task re-enqueued at the next due time: drain until nothing is pending.
        let sent = 0;
        for (;;) {
          sent += (await drainOutbox(ctx, { concurrency })).sent;
          const next = (
            await db.pool.query<{ t: Date | null }>(
              `SELECT min("scheduledFor") AS t FROM "Message" WHERE status = 'pending'`,
            )
          ).rows[0].t;
          if (!next) break;
          await new Promise((r) => setTimeout(r, Math.max(0, next.getTime() - Date.now())));
        }
        const result = { sent };
        const seconds = (performance.now() - start) / 1000;
        const perCustomer = new Map<number, number>();
        for (const f of sim.recorded.flowTriggers)
          perCustomer.set(f.customerId ?? -1, (perCustomer.get(f.customerId ?? -1) ?? 0) + 1);
        const sentRows = Number(
          (await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM "Message" WHERE status = 'sent'`)).rows[0].n,
        );
        return {
          messages,
          sent: result.sent,
          lost: messages - sentRows,
          duplicated: [...perCustomer.values()].filter((n) => n > 1).length,
          seconds: Number(seconds.toFixed(2)),
          messagesPerSecond: Number((result.sent / seconds).toFixed(1)),
          restoreRatePointsPerSecond: restoreRate,
          mutationCost: MUTATION_COST,
          budgetUsedPercent: Number(((100 * result.sent * MUTATION_COST) / (restoreRate * seconds)).toFixed(1)),
          throttledResponses: sim.recorded.operations.filter((o) => o.status === "throttled").length,
          concurrency,
          targetBudgetUsedPercent: 90,
        };
      } finally {
        await db.close();
      }
    });
  } finally {
    await sim.stop();
  }
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const figures = await runSendBench({
    messages: arg("messages") ? Number(arg("messages")) : undefined,
    plan: arg("plan") as Plan | undefined,
    concurrency: arg("concurrency") ? Number(arg("concurrency")) : undefined,
  });
  console.log(JSON.stringify(figures));
}
