// Home's pictures from the database: the one grouped pass over the shop's profiles gives, for a
// small store with known answers, each stage's count, the CLV bands, the RFM grid and the predicted
// revenue of the next 90 days (Σ expected orders × expected order value), and nothing of another shop.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { homeCharts } from "~/web/screens/home-charts.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";

const shop = "home-charts.myshopify.com";
let db: TestDatabase;

interface P {
  id: number;
  stage: string;
  r?: number;
  f?: number;
  clv?: number;
  /** [expected orders in 90 days, expected order value] */
  next?: [number, number];
}

// Prospects have no order: no scores, no prediction.
const profiles: P[] = [
  { id: 1, stage: "prospect" },
  { id: 2, stage: "prospect" },
  { id: 3, stage: "new", r: 5, f: 1, clv: 20, next: [0.5, 40] }, // 20
  { id: 4, stage: "new", r: 5, f: 1, clv: 30, next: [0.25, 80] }, // 20
  { id: 5, stage: "active", r: 4, f: 3, clv: 120, next: [1, 55.5] }, // 55.5
  { id: 6, stage: "vip", r: 5, f: 5, clv: 1500, next: [2, 150] }, // 300
  { id: 7, stage: "vip", r: 5, f: 5, clv: 999.99, next: [1.5, 100] }, // 150
  { id: 8, stage: "at_risk", r: 2, f: 2, clv: 50, next: [0.1, 30] }, // 3
  { id: 9, stage: "lapsed", r: 1, f: 2 }, // an order but no prediction (model insufficient)
];

beforeAll(async () => {
  db = await createTestDatabase();
  const row = (s: string, p: P) => ({
    shop: s,
    customerId: BigInt(p.id),
    lifecycleStage: p.stage,
    orderCount: p.r ? 1 : 0,
    rScore: p.r ?? null,
    fScore: p.f ?? null,
    mScore: p.r ? 3 : null,
    predictedClv: p.clv ?? null,
    predictedPurchases90d: p.next?.[0] ?? null,
    expectedOrderValue: p.next?.[1] ?? null,
  });
  await db.prisma.customerProfile.createMany({
    data: [
      ...profiles.map((p) => row(shop, p)),
      // Another shop's customers count nowhere here.
      row("other.myshopify.com", { id: 1, stage: "vip", r: 5, f: 5, clv: 5000, next: [10, 1000] }),
    ],
  });
});

afterAll(async () => {
  await db.drop();
});

describe("Home's charts from SQL", () => {
  it("counts customers per lifecycle stage and per predicted-CLV band, and every profile", async () => {
    const charts = await homeCharts(db, shop);
    expect(Object.fromEntries(charts.stages.map((s) => [s.stage, s.customers]))).toEqual({
      prospect: 2,
      new: 2,
      active: 1,
      vip: 2,
      at_risk: 1,
      lapsed: 1,
    });
    expect(charts.clv.map((b) => b.customers)).toEqual([1, 1, 1, 1, 0, 1, 1]);
    expect(charts.clvUnpredicted).toBe(3);
    expect(charts.profiles).toBe(9);
  });

  it("lays the RFM grid out with recency 5 on top and frequency 1 on the left", async () => {
    const { rfm } = await homeCharts(db, shop);
    expect(rfm.recency).toEqual([5, 4, 3, 2, 1]);
    expect(rfm.frequency).toEqual([1, 2, 3, 4, 5]);
    expect(rfm.cells).toEqual([
      [2, 0, 0, 0, 2],
      [0, 0, 1, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 1, 0, 0, 0],
      [0, 1, 0, 0, 0],
    ]);
    expect(rfm.total).toBe(7);
    expect(rfm.max).toBe(2);
  });

  it("predicts the next 90 days' revenue per stage from expected orders × expected order value", async () => {
    const { revenue90 } = await homeCharts(db, shop);
    expect(revenue90.stages).toEqual([
      { stage: "new", revenue: 40, customers: 2 },
      { stage: "active", revenue: 55.5, customers: 1 },
      { stage: "vip", revenue: 450, customers: 2 },
      { stage: "at_risk", revenue: 3, customers: 1 },
      { stage: "lapsed", revenue: 0, customers: 0 },
    ]);
    expect(revenue90.total).toBe(548.5);
    expect(revenue90.predicted).toBe(6);
  });

  it("is all zeros for a shop without profiles", async () => {
    const charts = await homeCharts(db, "empty.myshopify.com");
    expect(charts.profiles).toBe(0);
    expect(charts.rfm.total).toBe(0);
    expect(charts.revenue90).toMatchObject({ total: 0, predicted: 0 });
    expect(charts.stages.every((s) => s.customers === 0)).toBe(true);
  });
});
