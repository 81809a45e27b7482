// A message a worker claimed ('sending') and then died with must come back when its lease runs
// out, even when no other message of the shop is due: the next send is scheduled for then.
// Before, only pending messages counted, so the minute tick found nothing to send and the message
// stayed 'sending' for good (found by the soak, whose settle waited on it; decision 0221).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextDueAt } from "~/campaigns/tick.server";
import { DEFAULT_LEASE_MS } from "~/delivery/outbox.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";

const SHOP = "stale-claim.myshopify.com";
const NOW = new Date("2026-12-05T12:00:00.000Z");

describe("nextDueAt with a message left 'sending'", () => {
  let database: TestDatabase;
  let campaignId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.prisma.shop.create({ data: { domain: SHOP } });
    const campaign = await database.prisma.campaign.create({
      data: {
        shop: SHOP,
        name: "Thanks",
        pillar: "lifecycle",
        status: "active",
        channel: "email",
        definition: { type: "consent", channel: "email", states: ["SUBSCRIBED"] },
        trigger: { kind: "event", event: "order_placed", delayDays: 0 },
        subject: "Thanks",
        body: "Thank you.",
      },
    });
    campaignId = campaign.id;
  });
  afterAll(async () => {
    await database?.drop();
  });

  const message = (customerId: number, status: string, scheduledFor: Date, claimedAt: Date | null) =>
    database.prisma.message.create({
      data: {
        shop: SHOP,
        campaignId,
        customerId: BigInt(customerId),
        triggerKey: "t",
        status,
        scheduledFor,
        claimedAt,
      },
    });

  it("is the end of the lease of a message claimed by a worker that is gone", async () => {
    const claimedAt = new Date(NOW.getTime() - 60_000);
    await message(1, "sending", new Date(NOW.getTime() - 120_000), claimedAt);
    expect(await nextDueAt({ db: database }, SHOP)).toEqual(new Date(claimedAt.getTime() + DEFAULT_LEASE_MS));
  });

  it("is a pending message's time when that comes first", async () => {
    const soon = new Date(NOW.getTime() + 30_000);
    await message(2, "pending", soon, null);
    expect(await nextDueAt({ db: database }, SHOP)).toEqual(soon);
  });
});
