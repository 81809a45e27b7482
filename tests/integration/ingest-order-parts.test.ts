// The orders export in parts (decision 0219), against the simulator over HTTP: the parts run one
// after another, each file is ingested while the next part exports, and together they hold every
// order exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backfillStep } from "~/ingest/backfill.server";
import { backfillRunFor } from "~/ingest/tasks.server";
import { startSimulator, type Simulator } from "~sim/index";
import { isVisible } from "~sim/store/visible";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { ingestContext, installShop } from "~tests/support/ingest";
import { simulatorAdmin } from "~tests/support/simulator";

const ordersOps = (sim: Simulator) => sim.bulk.operations().filter((op) => /^query OrdersBulk/.test(op.query));
const running = (status: string) => status === "CREATED" || status === "RUNNING";

describe("orders export in parts", () => {
  let sim: Simulator;
  let database: TestDatabase;

  beforeAll(async () => {
    // Each bulk query stays RUNNING for a while, as Shopify's do, so the overlap can be seen.
    sim = await startSimulator({ customers: 200, seed: 5, bulkMinDurationMs: 400 });
    database = await createTestDatabase();
    await installShop(database, sim.shop, sim.tokens.installed);
  });
  afterAll(async () => {
    await sim?.stop();
    await database?.drop();
  });

  it("ingests the earlier parts while the later ones export, and holds every order once", async () => {
    const ctx = ingestContext(database, simulatorAdmin(sim));
    const runId = await backfillRunFor(ctx, sim.shop);
    const seen: { ordersRunning: number; ordersStored: number; lastExported: boolean }[] = [];
    for (let i = 0; i < 2000; i++) {
      const ops = ordersOps(sim);
      const stored = await database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Order"`);
      seen.push({
        ordersRunning: ops.filter((op) => running(op.status)).length,
        ordersStored: stored.rows[0].n,
        lastExported: ops.length === 4 && !running(ops[3].status),
      });
      const run = await database.prisma.syncRun.findFirstOrThrow({ where: { id: runId } });
      if (run.status === "completed" || (run.state as { historyAt?: string }).historyAt) break;
      if ((await backfillStep(ctx, sim.shop, runId)) === "waiting") await new Promise((r) => setTimeout(r, 20));
    }
    const ops = ordersOps(sim);
    // Four parts by id, largest first, one at a time.
    expect(ops).toHaveLength(4);
    expect(ops.map((op) => op.query.match(/orders\(query: "([^"]*)"\)/)?.[1] ?? null)).toEqual([
      expect.stringMatching(/^id:<=\d+$/),
      expect.stringMatching(/^id:>=\d+ AND id:<=\d+$/),
      expect.stringMatching(/^id:>=\d+ AND id:<=\d+$/),
      expect.stringMatching(/^id:>=\d+$/),
    ]);
    expect(Math.max(...seen.map((s) => s.ordersRunning))).toBe(1);
    // Orders were in the database while the last part was still exporting.
    expect(seen.some((s) => !s.lastExported && s.ordersRunning === 1 && s.ordersStored > 0)).toBe(true);

    const at = sim.clock.now().getTime();
    let visible = 0;
    for (const h of sim.store.histories()) visible += h.orders.filter((o) => isVisible(o, at)).length;
    const { rows } = await database.pool.query<{ n: number; distinct: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT id)::int AS distinct FROM "Order" WHERE shop = $1`,
      [sim.shop],
    );
    expect(rows[0]).toEqual({ n: visible, distinct: visible });
  });
});
