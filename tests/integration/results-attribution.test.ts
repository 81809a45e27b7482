import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attributeOrders as attributeInMemory, type OrderFacts, type Touch } from "~/attribution/rules/attribution";
import { attributeOrders, attributeShop } from "~/attribution/attribution.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import {
  insertCampaigns,
  insertMessages,
  insertOrders,
  insertRefund,
  type MessageRow,
  type OrderRow,
} from "~tests/support/results-rows";

const shop = "attr.myshopify.com";
const other = "other.myshopify.com";
const t0 = new Date("2026-03-01T12:00:00.000Z");
const at = (days: number, ms = 0) => new Date(t0.getTime() + days * 86_400_000 + ms);

const messages: MessageRow[] = [
  { id: "a1", campaignId: "A", customerId: 1n, status: "sent", scheduledFor: at(0), sentAt: at(0) },
  { id: "b1", campaignId: "B", customerId: 1n, status: "sent", scheduledFor: at(2), sentAt: at(2) },
  { id: "a2", campaignId: "A", customerId: 2n, status: "sent", scheduledFor: at(0), sentAt: at(0) },
  { id: "h3", campaignId: "A", customerId: 3n, status: "held_out", scheduledFor: at(0) },
  { id: "a4", campaignId: "A", customerId: 4n, status: "sent", scheduledFor: at(0), sentAt: at(0) },
  { id: "c4", campaignId: "C", customerId: 4n, status: "sent", scheduledFor: at(2), sentAt: at(2) },
  { id: "f5", campaignId: "A", customerId: 5n, status: "failed", scheduledFor: at(0), reason: "userErrors" },
];

const orders: OrderRow[] = [
  { id: 101n, customerId: 1n, processedAt: at(3), total: "100" }, // b1: last touch before it
  { id: 102n, customerId: 1n, processedAt: at(1), total: "50" }, // a1: before b1 was sent
  { id: 103n, customerId: 1n, processedAt: at(10), total: "70" }, // after every window
  { id: 104n, customerId: 1n, processedAt: at(9), total: "60" }, // b1: last instant of its window
  { id: 201n, customerId: 2n, processedAt: at(0), total: "10" }, // the instant of sending: not caused by it
  { id: 202n, customerId: 2n, processedAt: at(7, 1), total: "10" }, // 1 ms after the window
  { id: 203n, customerId: 2n, processedAt: at(7), total: "100" }, // a2, refunded 30 by Refund rows
  { id: 204n, customerId: 2n, processedAt: at(1), total: "10", cancelledAt: at(2) },
  { id: 205n, customerId: 2n, processedAt: at(1), total: "10", test: true },
  { id: 206n, customerId: 2n, processedAt: at(2), total: "80", refunded: "20" }, // a2, refund known only on the order
  { id: 301n, customerId: 3n, processedAt: at(1), total: "40" }, // holdout: never a conversion
  { id: 401n, customerId: 4n, processedAt: at(3.5), total: "25" }, // c4's 1-day window closed: falls back to a4
  { id: 501n, customerId: 5n, processedAt: at(1), total: "25" }, // failed message: nothing was sent
  { id: 601n, customerId: null, processedAt: at(1), total: "25" }, // guest checkout
];

describe("attribution in PostgreSQL", () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertCampaigns(db, shop, [{ id: "A" }, { id: "B" }, { id: "C", attributionDays: 1 }]);
    await insertMessages(db, shop, messages);
    await insertOrders(db, shop, orders);
    await insertRefund(db, shop, { id: 1n, orderId: 203n, amount: "10", createdAt: at(8) });
    await insertRefund(db, shop, { id: 2n, orderId: 203n, amount: "20", createdAt: at(8) });
    // Another shop with the same customer id and a later message must not take shop's orders.
    await insertCampaigns(db, other, [{ id: "X" }]);
    await insertMessages(db, other, [
      { id: "x1", campaignId: "X", customerId: 1n, status: "sent", scheduledFor: at(2.5), sentAt: at(2.5) },
    ]);
    await insertOrders(db, other, [{ id: 101n, customerId: 1n, processedAt: at(2.6), total: "5" }]);
  });
  afterAll(async () => {
    await db.drop();
  });

  async function conversions(forShop = shop) {
    const rows = await db.prisma.conversion.findMany({ where: { shop: forShop }, orderBy: { orderId: "asc" } });
    return rows.map((row) => ({
      orderId: row.orderId,
      messageId: row.messageId,
      campaignId: row.campaignId,
      revenue: row.revenue.toString(),
    }));
  }

  const expected = [
    { orderId: 101n, messageId: "b1", campaignId: "B", revenue: "100" },
    { orderId: 102n, messageId: "a1", campaignId: "A", revenue: "50" },
    { orderId: 104n, messageId: "b1", campaignId: "B", revenue: "60" },
    { orderId: 203n, messageId: "a2", campaignId: "A", revenue: "70" },
    { orderId: 206n, messageId: "a2", campaignId: "A", revenue: "60" },
    { orderId: 401n, messageId: "a4", campaignId: "A", revenue: "25" },
  ];

  it("attributes last touch within each window, nets refunds and excludes what it must", async () => {
    expect(await attributeShop(db, shop)).toBe(6);
    expect(await conversions()).toEqual(expected);
  });

  it("agrees with the in-memory reference rule", () => {
    const touches: Touch[] = messages
      .filter((m) => m.status === "sent" || m.status === "held_out")
      .map((m) => ({
        messageId: m.id,
        campaignId: m.campaignId,
        customerId: m.customerId,
        at: m.sentAt ?? m.scheduledFor,
        attributionDays: m.campaignId === "C" ? 1 : 7,
        heldOut: m.status === "held_out",
      }));
    const facts: OrderFacts[] = orders.map((o) => ({
      orderId: o.id,
      customerId: o.customerId,
      processedAt: o.processedAt,
      cancelled: Boolean(o.cancelledAt),
      test: o.test ?? false,
      total: Number(o.total),
      refunded: o.id === 203n ? 30 : Number(o.refunded ?? 0),
    }));
    expect(attributeInMemory(touches, facts).map((row) => ({ ...row, revenue: String(row.revenue) }))).toEqual(
      expected.map(({ orderId, messageId, campaignId, revenue }) => ({ orderId, messageId, campaignId, revenue })),
    );
  });

  it("is idempotent and keeps shops apart", async () => {
    await attributeShop(db, shop);
    await attributeShop(db, shop);
    expect(await conversions()).toEqual(expected);
    await attributeShop(db, other);
    expect(await conversions(other)).toEqual([{ orderId: 101n, messageId: "x1", campaignId: "X", revenue: "5" }]);
    expect(await conversions()).toEqual(expected);
  });

  it("updates one order incrementally after a new order, a refund and a cancellation", async () => {
    await insertOrders(db, shop, [{ id: 105n, customerId: 1n, processedAt: at(4), total: "33.3333" }]);
    expect(await attributeOrders(db, shop, [105n])).toBe(1);
    await insertRefund(db, shop, { id: 3n, orderId: 101n, amount: "40.5", createdAt: at(5) });
    await db.pool.query(`UPDATE "Order" SET "cancelledAt" = now() WHERE shop = $1 AND id = 102`, [shop]);
    await attributeOrders(db, shop, [101n, 102n]);
    const rows = await conversions();
    expect(rows.find((row) => row.orderId === 105n)).toEqual({
      orderId: 105n,
      messageId: "b1",
      campaignId: "B",
      revenue: "33.3333",
    });
    expect(rows.find((row) => row.orderId === 101n)?.revenue).toBe("59.5");
    expect(rows.some((row) => row.orderId === 102n)).toBe(false);
    // The full rebuild agrees with the incremental result.
    await attributeShop(db, shop);
    expect(await conversions()).toEqual(rows);
  });

  it("applies a changed window on the next rebuild", async () => {
    await db.pool.query(`UPDATE "Campaign" SET "attributionDays" = 1 WHERE id = 'B'`);
    await attributeShop(db, shop);
    const rows = await conversions();
    // b1's window now ends at day 3; a1's ended at day 7, so order 104 (day 9) is nobody's.
    expect(rows.find((row) => row.orderId === 101n)?.messageId).toBe("b1");
    expect(rows.some((row) => row.orderId === 104n)).toBe(false);
    expect(rows.find((row) => row.orderId === 105n)?.messageId).toBe("a1");
    await db.pool.query(`UPDATE "Campaign" SET "attributionDays" = 7 WHERE id = 'B'`);
  });
});
