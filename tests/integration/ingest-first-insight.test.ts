// Time to first insight (issue #19 §1, decisions 0208 and 0209), against the simulator over HTTP:
// the pillars that need no return details show before the return details are read; the returns
// that can put a customer in the re-engagement pillar today are read before the others; and a
// run the rate limit throttles keeps the bucket busy instead of waiting on round trips.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { backfillStep } from "~/ingest/backfill.server";
import { backfillRunFor } from "~/ingest/tasks.server";
import { intelligenceTasks } from "~/profile/tasks.server";
import { countMembers } from "~/segments/members.server";
import { pillarSegment } from "~/segments/rules/pillars";
import { homeView } from "~/web/screens/home.server";
import { latestSync } from "~/web/screens/sync.server";
import { startSimulator, type Simulator } from "~sim/index";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { ingestContext, installShop } from "~tests/support/ingest";
import { simulatorAdmin } from "~tests/support/simulator";

type Ctx = ReturnType<typeof ingestContext>;
interface RunState {
  historyAt?: string | null;
  resources?: { orders: { done: boolean } };
  returns?: { relaunchedDoneAt?: string | null; done: boolean };
}

async function runState(database: TestDatabase, runId: string): Promise<{ status: string; state: RunState }> {
  // The run id is unique on its own (a uuid); the test does not carry the shop around.
  const run = await database.prisma.syncRun.findFirstOrThrow({ where: { id: runId } });
  return { status: run.status, state: run.state as unknown as RunState };
}

/** Steps the backfill until `stop` holds for its state or the run ends. */
async function stepUntil(
  ctx: Ctx,
  database: TestDatabase,
  runId: string,
  stop: (state: RunState) => boolean,
): Promise<{ status: string; state: RunState }> {
  for (let i = 0; i < 5000; i++) {
    const current = await runState(database, runId);
    const run = await database.prisma.syncRun.findFirstOrThrow({ where: { id: runId }, select: { shop: true } });
    if (current.status === "completed" || stop(current.state)) return current;
    if ((await backfillStep(ctx, run.shop, runId)) === "waiting") await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("backfill did not get there");
}

/** The merchant's relaunch mappings, seeded from the catalogue as the demo does. */
async function seedRelaunches(database: TestDatabase, sim: Simulator): Promise<void> {
  for (const product of sim.store.catalog) {
    if (product.relaunchedAt === null || product.relaunchedAt > sim.clock.now().getTime()) continue;
    await database.prisma.productMapping.create({
      data: { shop: sim.shop, productId: BigInt(product.id), relaunchedAt: new Date(product.relaunchedAt) },
    });
  }
}

/** Returns with and without their lines read, by whether a relaunch came after them. */
async function returnsRead(database: TestDatabase, shop: string) {
  const { rows } = await database.pool.query<{ relaunched: boolean; total: string; read: string }>(
    `SELECT EXISTS (SELECT 1 FROM "LineItem" l JOIN "ProductMapping" pm ON pm.shop = l.shop AND pm."productId" = l."productId"
              WHERE l.shop = r.shop AND l."orderId" = r."orderId" AND pm."relaunchedAt" > r."createdAt" AND pm."relaunchedAt" <= now()) AS relaunched,
            count(*)::text AS total,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "ReturnLineItem" x WHERE x.shop = r.shop AND x."returnId" = r.id))::text AS read
       FROM "Return" r WHERE r.shop = $1 GROUP BY 1`,
    [shop],
  );
  const of = (relaunched: boolean) => {
    const row = rows.find((r) => r.relaunched === relaunched);
    return { total: Number(row?.total ?? 0), read: Number(row?.read ?? 0) };
  };
  return { relaunched: of(true), rest: of(false) };
}

describe("time to first insight", () => {
  let sim: Simulator;
  let database: TestDatabase;
  let ctx: Ctx;
  let runId: string;

  beforeAll(async () => {
    // Home reads the mail settings from the environment; the test mode needs none.
    vi.stubEnv("RAPPORT_MODE", "test");
    sim = await startSimulator({ customers: 1200, seed: 11 });
    database = await createTestDatabase();
    await installShop(database, sim.shop, sim.tokens.installed);
    await seedRelaunches(database, sim);
    ctx = ingestContext(database, simulatorAdmin(sim));
    runId = await backfillRunFor(ctx, sim.shop);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await sim?.stop();
    await database?.drop();
  });

  it("shows loyalty, lifecycle and affinity before the return details are read", async () => {
    const { status, state } = await stepUntil(ctx, database, runId, (s) => Boolean(s.historyAt));
    expect(status).toBe("running");
    expect(state.returns?.done).toBe(false);
    // The worker runs the recompute the backfill asked for as soon as the history was in.
    const recompute = ctx.queue.take("intelligence.recomputeShop");
    expect(recompute.map((j) => j.payload)).toEqual([{ shop: sim.shop }]);
    await intelligenceTasks["intelligence.recomputeShop"](recompute[0].payload, ctx);

    const view = await homeView(ctx, sim.shop);
    expect(view.sync?.status).toBe("running");
    expect(view.sync?.insight.pillars).not.toBe("none");
    const size = (id: string) => view.pillars.find((p) => p.id === id)!.segmentSize;
    for (const id of ["loyalty", "lifecycle", "affinity"]) expect(size(id)).not.toBeNull();
    expect(size("loyalty")).toBeGreaterThan(0);
    const read = await returnsRead(database, sim.shop);
    expect(read.rest.read).toBeLessThan(read.rest.total);
  });

  it("reads the returns a relaunch came after first, and the fourth pillar is whole once they are in", async () => {
    const { state } = await stepUntil(ctx, database, runId, (s) => Boolean(s.returns?.relaunchedDoneAt));
    expect(state.returns?.done).toBe(false);
    const read = await returnsRead(database, sim.shop);
    expect(read.relaunched.total).toBeGreaterThan(0);
    expect(read.rest.total).toBeGreaterThan(0);
    expect(read.relaunched.read).toBe(read.relaunched.total);
    expect(read.rest.read).toBe(0);
    expect((await latestSync(ctx, sim.shop))?.insight.pillars).toBe("four");

    const segment = pillarSegment("reengagement");
    const early = await countMembers(database, sim.shop, segment, new Date());
    const done = await stepUntil(ctx, database, runId, () => false);
    expect(done.status).toBe("completed");
    expect(early).toBeGreaterThan(0);
    expect(await countMembers(database, sim.shop, segment, new Date())).toBe(early);
    const all = await returnsRead(database, sim.shop);
    expect(all.rest.read).toBe(all.rest.total);
  });

  it("keeps a throttled bucket busy while every answer takes 800 ms to arrive", async () => {
    const fresh = await createTestDatabase();
    try {
      await installShop(fresh, sim.shop, sim.tokens.installed);
      const freshCtx = ingestContext(fresh, simulatorAdmin(sim));
      const id = await backfillRunFor(freshCtx, sim.shop);
      await stepUntil(freshCtx, fresh, id, (s) => Boolean(s.resources?.orders.done));
      // A plan refilling 400 points/s behind a slow network: one request at a time cannot spend it.
      const restoreRate = 400;
      sim.rateLimit.setRestoreRate(restoreRate);
      sim.rateLimit.drain(1000);
      sim.faults.inject({ kind: "slow", delayMs: 800, count: 100_000 });
      const before = { spent: sim.core.bucket.spent, available: sim.rateLimit.status().currentlyAvailable };
      const started = performance.now();
      await stepUntil(freshCtx, fresh, id, () => false);
      const seconds = (performance.now() - started) / 1000;
      sim.faults.clear();
      const after = { spent: sim.core.bucket.spent, available: sim.rateLimit.status().currentlyAvailable };
      const fromStock = Math.max(0, before.available - after.available);
      const share = (after.spent - before.spent - fromStock) / (restoreRate * seconds);
      expect(share).toBeGreaterThan(0.8);
      expect(share).toBeLessThanOrEqual(1.01);
    } finally {
      sim.faults.clear();
      await fresh.drop();
    }
  });
});
