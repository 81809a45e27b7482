// An AppContext for campaign tests: a test database, the app's real Admin client pointed at a
// local simulator, a recording queue and a clock the test moves by hand.
import type { AppContext } from "~/runtime/app-context.server";
import { memoryLogger } from "~/logger.server";
import { createAdminFactory, type RetryOptions } from "~/shopify/admin-client.server";
import type { TestDatabase } from "~tests/support/database";
import { installShop, recordingQueue } from "~tests/support/ingest";
import { simulatorAdmin } from "~tests/support/simulator";
import type { Simulator } from "~sim/index";
import { insertRows } from "~tests/support/segment-store";

export interface TestClock {
  now: () => Date;
  set: (at: Date | string) => void;
  advance: (ms: number) => void;
}

export function testClock(start: Date | string): TestClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (at) => {
      t = new Date(at).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

export type CampaignTestContext = AppContext & {
  queue: ReturnType<typeof recordingQueue>;
  log: ReturnType<typeof memoryLogger>;
  clock: TestClock;
};

/**
 * What Flow's lifecycle callback stores once the merchant turns on a workflow using the "Rapport
 * message" trigger: campaigns on the Flow channels activate only then (decision 0180).
 */
export async function flowWorkflowOn(database: TestDatabase, shop: string, on = true): Promise<void> {
  await database.prisma.flowTriggerState.upsert({
    where: { shop_triggerDefinitionId: { shop, triggerDefinitionId: "Rapport message" } },
    create: { shop, triggerDefinitionId: "Rapport message", hasEnabledFlow: on, stateAt: new Date() },
    update: { hasEnabledFlow: on, stateAt: new Date() },
  });
}

export async function campaignContext(
  database: TestDatabase,
  sim: Simulator,
  clock: TestClock,
  retry: Partial<RetryOptions> = {},
): Promise<CampaignTestContext> {
  await installShop(database, sim.shop, sim.tokens.installed);
  // These tests send through the trigger: the merchant's workflow using it is on.
  await flowWorkflowOn(database, sim.shop);
  return {
    db: database,
    admin: createAdminFactory(database, {
      ...simulatorAdmin(sim),
      retry: { baseDelayMs: 5, maxDelayMs: 50, timeoutMs: 15_000, ...retry },
    }),
    queue: recordingQueue(),
    now: clock.now,
    log: memoryLogger(),
    clock,
  };
}

export async function seedProducts(
  database: TestDatabase,
  shop: string,
  products: { id: bigint | number; title: string; handle: string }[],
): Promise<void> {
  const at = new Date("2024-01-01T00:00:00Z");
  await insertRows(
    database.pool,
    "Product",
    products.map((p) => ({ shop, id: String(p.id), title: p.title, handle: p.handle, createdAt: at, updatedAt: at })),
  );
}

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
