// Property: on generated data, the compiled SQL selects exactly the customers the in-memory evaluator admits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CustomerFacts,
  DAY_MS,
  evaluateSegment,
  parseSegment,
  RETURN_REASON_HANDLES,
  type SegmentRule,
} from "~/segments/rules";
import { loadCustomerFacts } from "~/segments/facts.server";
import { countMembers, listMemberIds } from "~/segments/members.server";
import { refreshPurchaseStats } from "~/segments/purchase-stats.server";
import { writeTopCuts } from "~/profile/top-cuts-sql.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { seedStore, type SeedStore } from "~tests/support/segment-store";
import { mulberry32 } from "~sim/util/rng";

const SHOP = "prop.myshopify.com";
const NOW = new Date("2026-11-29T12:00:00.000Z");
const CUSTOMERS = 80;
const TREES = 250;

const random = mulberry32(20261129);
const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)];
const chance = (p: number): boolean => random() < p;
/** Instants on and around whole-day boundaries, where off-by-one errors live. */
const EDGES = [0, 1, 7, 8, 14, 30, 31, 90, 91];
const ago = (maxDays: number): Date => {
  const days = chance(0.5) ? pick(EDGES.filter((d) => d <= maxDays)) : int(-2, maxDays);
  return new Date(NOW.getTime() - days * DAY_MS + pick([0, 0, 1, -1, int(-DAY_MS, DAY_MS)]));
};
const PRODUCTS = ["1", "2", "3", "4", "5", "6"];
const REASONS = RETURN_REASON_HANDLES;
const STATES = ["NOT_SUBSCRIBED", "SUBSCRIBED", "UNSUBSCRIBED", "PENDING"] as const;

function generateStore(): SeedStore {
  const seed: Required<SeedStore> = {
    customers: [],
    orders: [],
    returns: [],
    milestones: [],
    mappings: [],
    profiles: [],
  };
  seed.mappings = [
    { productId: "1", premiumProductId: "101" },
    { productId: "2", premiumProductId: "102", relaunchedAt: ago(60) },
    { productId: "3", relaunchedAt: ago(30) },
    { productId: "4", relaunchedAt: new Date(NOW.getTime() + DAY_MS) },
  ];
  let orderId = 1000;
  for (let c = 1; c <= CUSTOMERS; c += 1) {
    seed.customers.push({
      id: c,
      firstName: chance(0.8) ? `F${c}` : null,
      emailMarketing: pick(STATES),
      smsMarketing: pick(STATES),
      tags: ["vip", "wholesale", "press"].filter(() => chance(0.3)),
      createdAt: ago(900),
      redactedAt: c % 40 === 0 ? ago(10) : null,
    });
    for (let k = int(0, 7); k > 0; k -= 1) {
      orderId += 1;
      const productIds = Array.from({ length: int(1, 3) }, () => (chance(0.05) ? null : pick(PRODUCTS)));
      seed.orders.push({
        id: orderId,
        customerId: c,
        processedAt: ago(150),
        cancelledAt: chance(0.1) ? ago(100) : null,
        test: chance(0.05),
        productIds,
      });
      if (chance(0.3))
        seed.returns.push({
          id: orderId,
          orderId,
          customerId: c,
          productId: productIds[0],
          reasonHandle: chance(0.9) ? pick(REASONS) : null,
          createdAt: ago(120),
        });
    }
    // As in production, only customers with a profile hold milestones (written and deleted with it).
    const profiled = chance(0.85) && c % 40 !== 0;
    if (profiled && chance(0.4))
      seed.milestones.push({
        customerId: c,
        kind: pick(["lifetime_spend", "order_count"]),
        threshold: pick(["10", "5000", "5000.5"]),
        reachedAt: ago(400),
      });
    // As in production, redacted customers have no profile (the recompute skips them, redaction deletes it).
    if (profiled) {
      seed.profiles.push({
        customerId: c,
        orderCount: int(0, 12),
        netSpend: pick(["0", "4999.9999", "5000", "5000.0001", "120.5"]),
        firstOrderAt: chance(0.9) ? ago(900) : null,
        lastOrderAt: chance(0.9) ? ago(40) : null,
        rScore: chance(0.9) ? int(1, 5) : null,
        fScore: int(1, 5),
        mScore: int(1, 5),
        usualSize: chance(0.6) ? pick(["S", "M", "L"]) : null,
        lifecycleStage: pick(["new", "active", "lapsed"]),
        predictedClv: chance(0.7) ? random() * 500 : null,
      });
    }
  }
  seed.orders.push({ id: 1, customerId: null, processedAt: ago(10), productIds: ["1", "1"] });
  return seed;
}

function leaf(): SegmentRule {
  switch (int(0, 10)) {
    case 0:
      return {
        type: "compare",
        field: pick(["netSpend", "amountSpent"]),
        op: pick(["gte", "gt", "lt", "lte", "eq", "neq"] as const),
        value: pick(["5000", 5000, "4999.9999", "0"]),
      };
    case 1:
      return {
        type: "compare",
        field: pick(["orderCount", "rScore", "fScore", "predictedClv"]),
        op: pick(["gte", "lt", "eq", "neq", "in", "between", "isSet"] as const),
        ...numberValue(),
      } as SegmentRule;
    case 2:
      return {
        type: "compare",
        field: pick(["usualSize", "lifecycleStage", "firstName"]),
        op: pick(["eq", "neq", "in", "isSet"] as const),
        ...stringValue(),
      } as SegmentRule;
    case 3:
      return {
        type: "compare",
        field: pick(["lastOrderAt", "firstOrderAt", "createdAt"]),
        op: pick(["lt", "gte", "between"] as const),
        ...dateValue(),
      } as SegmentRule;
    case 4:
      return {
        type: "relativeDate",
        field: pick(["lastOrderAt", "firstOrderAt", "createdAt"]),
        op: pick(["withinLastDays", "atLeastDaysAgo", "daysAgo"] as const),
        days: pick([0, 1, 7, 14, 30, 730, int(0, 60)]),
      };
    case 5:
      return {
        type: "productAffinity",
        minOrders: int(1, 4),
        ...(chance(0.7) ? { withinDays: pick([7, 30, 90, int(1, 150)]) } : {}),
        ...(chance(0.3) ? { productId: pick(PRODUCTS) } : {}),
        ...(chance(0.5) ? { requirePremium: true } : {}),
      };
    case 6:
      return {
        type: "returned",
        ...(chance(0.5) ? { reasons: [pick(REASONS), pick(REASONS)] } : {}),
        ...(chance(0.4) ? { withinDays: pick([7, 30, 90, int(1, 120)]) } : {}),
        ...(chance(0.3) ? { productId: pick(PRODUCTS) } : {}),
        ...(chance(0.5) ? { relaunchedSince: true } : {}),
      };
    case 7:
      return {
        type: "milestone",
        kind: pick(["lifetime_spend", "order_count"] as const),
        ...(chance(0.5) ? { minThreshold: pick([10, "5000", "5000.25"]) } : {}),
        ...(chance(0.5) ? { withinDays: pick([7, 30, 90, int(1, 400)]) } : {}),
      };
    case 9:
      return { type: "top", by: pick(["rfm", "predictedClv"] as const), percent: pick([1, 10, 25, 50, int(1, 50)]) };
    case 8:
      return { type: "consent", channel: pick(["email", "sms"] as const), states: [pick(STATES), pick(STATES)] };
    default:
      return {
        type: "tag",
        match: pick(["any", "all"] as const),
        tags: [pick(["vip", "wholesale", "press"]), pick(["vip", "wholesale", "press"])],
      };
  }
}
function numberValue(): { value?: unknown } {
  return { value: int(0, 5) };
}
function stringValue(): { value?: unknown } {
  return { value: pick(["S", "M", "active", "F3"]) };
}
function dateValue(): { value?: unknown } {
  return { value: ago(400).toISOString() };
}

/** Fixes up values so that each generated compare is valid for its op. */
function normalise(rule: SegmentRule): SegmentRule {
  if (rule.type !== "compare") return rule;
  if (rule.op === "isSet") return { type: "compare", field: rule.field, op: "isSet" };
  const v = rule.value as string | number;
  if (rule.op === "in") return { ...rule, value: [v, typeof v === "number" ? v + 1 : "L"] };
  if (rule.op === "between") {
    if (typeof v === "number") return { ...rule, value: [v, v + int(0, 3)] };
    return { ...rule, value: [v, new Date(Date.parse(v) + int(0, 90) * DAY_MS).toISOString()] };
  }
  return rule;
}

function tree(depth: number): SegmentRule {
  if (depth === 0 || chance(0.35)) return normalise(leaf());
  const kind = pick(["all", "any", "not"] as const);
  if (kind === "not") return { type: "not", rule: tree(depth - 1) };
  return { type: kind, rules: Array.from({ length: int(1, 3) }, () => tree(depth - 1)) };
}

describe("segment SQL agrees with in-memory evaluation", () => {
  let db: TestDatabase;
  const facts: CustomerFacts[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedStore(db.pool, SHOP, generateStore());
    await seedStore(db.pool, "other.myshopify.com", {
      customers: [{ id: 1, tags: ["vip"], emailMarketing: "SUBSCRIBED" }],
    });
    await refreshPurchaseStats(db, SHOP);
    // The top-percent cuts as the recompute writes them, over the seeded (tie-heavy) profiles.
    await db.pool.query(`INSERT INTO "ShopIntelligence" (shop, "asOf") VALUES ($1, $2)`, [SHOP, NOW]);
    await writeTopCuts(db.pool, SHOP);
    for (let c = 1; c <= CUSTOMERS; c += 1) {
      const f = await loadCustomerFacts(db, SHOP, String(c), NOW);
      if (f) facts.push(f);
    }
  });
  afterAll(async () => db?.drop());

  it("loads every customer but the redacted ones", () => {
    expect(facts).toHaveLength(CUSTOMERS - 2);
  });

  it(`holds for ${TREES} random trees`, async () => {
    let nonTrivial = 0;
    for (let i = 0; i < TREES; i += 1) {
      const rule = tree(3);
      expect(parseSegment(rule)).toMatchObject({ ok: true });
      const expected = facts
        .filter((f) => evaluateSegment(rule, f, NOW))
        .map((f) => f.customerId)
        .sort();
      const actual = (await listMemberIds(db, SHOP, rule, NOW, { limit: 10_000 })).customerIds.sort();
      expect({ rule, members: actual }).toEqual({ rule, members: expected });
      if (expected.length > 0 && expected.length < facts.length) nonTrivial += 1;
    }
    expect(nonTrivial).toBeGreaterThan(TREES / 2);
  });

  it("holds for each leaf kind on its own, with members and non-members", async () => {
    for (let i = 0; i < 120; i += 1) {
      const rule = normalise(leaf());
      const expected = facts.filter((f) => evaluateSegment(rule, f, NOW)).length;
      expect({ rule, count: await countMembers(db, SHOP, rule, NOW) }).toEqual({ rule, count: expected });
    }
  });
});
