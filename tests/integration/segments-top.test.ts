// The "top" rule end to end on known data: the cuts the recompute's statement stores, the members
// SQL counts, and the in-memory evaluation of each customer, which must agree.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateSegment, type SegmentRule } from "~/segments/rules";
import { loadCustomerFacts } from "~/segments/facts.server";
import { listMemberIds } from "~/segments/members.server";
import { writeTopCuts } from "~/profile/top-cuts-sql.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { seedStore } from "~tests/support/segment-store";

const SHOP = "top.myshopify.com";
const NOW = new Date("2026-11-29T12:00:00.000Z");

// 20 ranked customers (ids 1..20) and two unranked ones (21: no orders, 22: no CLV, scores only).
// R+F+M: ids 1–2 score 15, 3–6 score 13 (net spend 400, 300, 300, 200), 7–20 score 9.
// Predicted CLV: id k has 1000 − 10·k (1 is best); 21 and 22 none.
const score = (id: number) => (id <= 2 ? 5 : id <= 6 ? 13 / 3 : 3);
const profiles = Array.from({ length: 22 }, (_, i) => {
  const id = i + 1;
  const ranked = id <= 20;
  const s = score(id);
  const [r, f, m] = s === 5 ? [5, 5, 5] : s === 3 ? [3, 3, 3] : [5, 4, 4];
  return {
    customerId: id,
    netSpend: { 3: "400", 4: "300", 5: "300", 6: "200" }[id] ?? "100",
    rScore: ranked || id === 22 ? r : null,
    fScore: ranked || id === 22 ? f : null,
    mScore: ranked || id === 22 ? m : null,
    predictedClv: ranked ? 1000 - 10 * id : null,
  };
});

describe("top rule on known data", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedStore(db.pool, SHOP, { customers: profiles.map((p) => ({ id: p.customerId })), profiles });
    await db.pool.query(`INSERT INTO "ShopIntelligence" (shop, "asOf") VALUES ($1, $2)`, [SHOP, NOW]);
    await writeTopCuts(db.pool, SHOP);
  });
  afterAll(async () => db?.drop());

  it("stores the measure at rank ceil(n·p/100), best first", async () => {
    const { topCuts } = await db.prisma.shopIntelligence.findUniqueOrThrow({ where: { shop: SHOP } });
    const cuts = topCuts as { rfm: [number, string][]; predictedClv: string[] };
    expect(cuts.rfm).toHaveLength(50);
    // n = 21 with RFM (22 has scores): p=10 → rank 3 (score 13, 400); p=25 → rank 6 (13, 200); p=50 → rank 11 (9).
    expect(cuts.rfm[9]).toEqual([13, "400.0000"]);
    expect(cuts.rfm[24]).toEqual([13, "200.0000"]);
    expect(cuts.rfm[49]).toEqual([9, "100.0000"]);
    expect(cuts.rfm[0]).toEqual([15, "100.0000"]);
    // n = 20 with CLV: p=10 → rank 2 (980); p=50 → rank 10 (900).
    expect(cuts.predictedClv[9]).toBe("980");
    expect(cuts.predictedClv[49]).toBe("900");
  });

  it.each([
    [{ type: "top", by: "rfm", percent: 10 }, ["1", "2", "3"]],
    [{ type: "top", by: "rfm", percent: 25 }, ["1", "2", "3", "4", "5", "6"]],
    [{ type: "top", by: "rfm", percent: 20 }, ["1", "2", "3", "4", "5"]], // rank 5: (13, 300), a tie of two
    [{ type: "top", by: "predictedClv", percent: 10 }, ["1", "2"]],
    [
      { type: "not", rule: { type: "top", by: "predictedClv", percent: 50 } },
      ["11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22"],
    ],
  ] as [SegmentRule, string[]][])("%j: SQL and memory select the same known members", async (rule, expected) => {
    const sql = (await listMemberIds(db, SHOP, rule, NOW)).customerIds.sort((a, b) => Number(a) - Number(b));
    expect(sql).toEqual(expected);
    const memory: string[] = [];
    for (const p of profiles) {
      const facts = await loadCustomerFacts(db, SHOP, String(p.customerId), NOW);
      if (facts && evaluateSegment(rule, facts, NOW)) memory.push(facts.customerId);
    }
    expect(memory).toEqual(expected);
  });

  it("matches nobody in a shop that has not been recomputed", async () => {
    await seedStore(db.pool, "new.myshopify.com", { customers: [{ id: 1 }], profiles: [profiles[0]] });
    const rule: SegmentRule = { type: "top", by: "rfm", percent: 50 };
    expect((await listMemberIds(db, "new.myshopify.com", rule, NOW)).customerIds).toEqual([]);
    const facts = await loadCustomerFacts(db, "new.myshopify.com", "1", NOW);
    expect(evaluateSegment(rule, facts!, NOW)).toBe(false);
  });
});
