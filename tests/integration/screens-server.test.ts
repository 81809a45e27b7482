// The screens' view-model modules against a real database: customer search and pages, settings
// storage, mapping validation and the sending check.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardrailSettings } from "~/delivery/rules/guardrails";
import { listCustomers } from "~/web/screens/customers.server";
import { saveMapping, listMappings } from "~/web/screens/mappings.server";
import { sendingCheck } from "~/web/screens/sending-check.server";
import { saveSettings, settingsAction } from "~/web/screens/settings.server";
import { SETTINGS_DEFAULTS } from "~/shared/settings";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";

const shop = "screens.myshopify.com";
// Wall-clock time: message rows get their updatedAt from the database clock.
const now = new Date();
const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
let db: TestDatabase;
const ctx = () => ({ db, now: () => now });

const settingsForm = (over: Record<string, string> = {}) => ({
  attributionDays: "7",
  capCount: "1",
  capDays: "7",
  quietStart: "21:00",
  quietEnd: "08:00",
  milestoneSpend: "5000",
  milestoneOrders: "10",
  milestoneYears: "2",
  holdoutPercent: "10",
  ...over,
});

beforeAll(async () => {
  db = await createTestDatabase();
  await db.prisma.shop.create({ data: { domain: shop, settings: { keep: "me" } } });
  const customers = Array.from({ length: 30 }, (_, i) => ({
    shop,
    id: BigInt(1000 + i),
    firstName: i === 7 ? "Ada" : `Name${i}`,
    lastName: i === 7 ? "Lovelace" : "Test",
    email: `c${i}@example.com`,
    createdAt: now,
    updatedAt: now,
  }));
  await db.prisma.customer.createMany({
    data: [
      ...customers,
      { shop: "other.myshopify.com", id: 1n, firstName: "Ada", email: "ada@other.com", createdAt: now, updatedAt: now },
    ],
  });
  await db.prisma.customerProfile.create({
    data: {
      shop,
      customerId: 1007n,
      orderCount: 3,
      netSpend: "120.5",
      lastOrderAt: now,
      rScore: 5,
      fScore: 4,
      mScore: 3,
      lifecycleStage: "active",
    },
  });
  await db.prisma.product.createMany({
    data: [1, 2].map((i) => ({
      shop,
      id: BigInt(i),
      title: `Product ${i}`,
      handle: `p${i}`,
      createdAt: now,
      updatedAt: now,
    })),
  });
});

afterAll(async () => {
  await db.drop();
});

describe("customer list", () => {
  it("pages through the shop's customers only, with profile columns", async () => {
    const first = await listCustomers(ctx(), shop, {});
    expect(first.total).toBe(30);
    expect(first.rows).toHaveLength(25);
    expect(first.rows[0]).toMatchObject({
      id: "1007",
      name: "Ada Lovelace",
      orderCount: 3,
      netSpend: "120.5000",
      rfm: "5-4-3",
      stage: "active",
    });
    const second = await listCustomers(ctx(), shop, { after: first.nextCursor });
    expect(second.rows).toHaveLength(5);
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(30);
  });

  it("searches by full name or email, case-insensitively, treating % literally", async () => {
    expect((await listCustomers(ctx(), shop, { query: "ada love" })).rows.map((r) => r.id)).toEqual(["1007"]);
    expect((await listCustomers(ctx(), shop, { query: "C12@EXAMPLE" })).rows.map((r) => r.id)).toEqual(["1012"]);
    expect((await listCustomers(ctx(), shop, { query: "%" })).total).toBe(0);
  });
});

describe("settings", () => {
  it("stores valid settings with the guardrails where the campaign engine reads them", async () => {
    const saved = await saveSettings(
      ctx(),
      shop,
      settingsForm({ capCount: "2", quietStart: "22:00", attributionDays: "14" }),
    );
    expect(saved.ok).toBe(true);
    const row = await db.prisma.shop.findUniqueOrThrow({ where: { domain: shop } });
    const stored = row.settings as Record<string, unknown>;
    expect(guardrailSettings(stored.guardrails)).toEqual({
      capCount: 2,
      capDays: 7,
      quietStart: "22:00",
      quietEnd: "08:00",
    });
    expect(stored).toMatchObject({ keep: "me", attributionDays: 14, holdoutPercent: SETTINGS_DEFAULTS.holdoutPercent });
  });

  it("writes nothing when a field is invalid and names the field", async () => {
    const result = await settingsAction(ctx() as never, shop, {
      intent: "saveSettings",
      ...settingsForm({ capDays: "0" }),
    });
    expect(result).toEqual({
      form: "settings",
      ok: false,
      errors: { capDays: "Frequency cap period must be between 1 and 90" },
    });
    const row = await db.prisma.shop.findUniqueOrThrow({ where: { domain: shop } });
    expect((row.settings as { attributionDays: number }).attributionDays).toBe(14);
  });
});

describe("product mappings", () => {
  it("rejects incomplete or impossible mappings field by field", async () => {
    expect(await saveMapping(ctx(), shop, { productId: "" })).toEqual({
      ok: false,
      errors: { productId: "Choose a product" },
    });
    expect(await saveMapping(ctx(), shop, { productId: "1" })).toEqual({
      ok: false,
      errors: { premiumProductId: "Choose a premium version, a relaunch date, or both" },
    });
    expect(await saveMapping(ctx(), shop, { productId: "1", premiumProductId: "1" })).toEqual({
      ok: false,
      errors: { premiumProductId: "The premium version must be a different product" },
    });
    expect(await saveMapping(ctx(), shop, { productId: "1", relaunchedAt: day(30) })).toEqual({
      ok: false,
      errors: { relaunchedAt: "The relaunch date can't be in the future" },
    });
    expect(await saveMapping(ctx(), shop, { productId: "1", premiumProductId: "99" })).toEqual({
      ok: false,
      errors: { premiumProductId: "This product isn't in your store" },
    });
  });

  it("saves and updates a mapping", async () => {
    expect(await saveMapping(ctx(), shop, { productId: "1", premiumProductId: "2" })).toEqual({ ok: true });
    expect(
      await saveMapping(ctx(), shop, {
        productId: "1",
        premiumProductId: "2",
        relaunchedAt: day(-28),
        relaunchNote: "roomier fit",
      }),
    ).toEqual({ ok: true });
    const { mappings } = await listMappings(ctx(), shop);
    expect(mappings).toEqual([
      {
        productId: "1",
        productTitle: "Product 1",
        premiumProductId: "2",
        premiumTitle: "Product 2",
        relaunchedAt: day(-28),
        relaunchNote: "roomier fit",
      },
    ]);
  });
});

describe("sending check", () => {
  it("is idle before anything is sent, failing when the latest attempt failed, ok after a success", async () => {
    expect((await sendingCheck(ctx(), shop)).state).toBe("idle");
    const base = { shop, campaignId: "c1", triggerKey: "t", scheduledFor: now };
    await db.prisma.message.create({
      data: { ...base, customerId: 1n, status: "sent", sentAt: new Date(now.getTime() - 3_600_000) },
    });
    await db.prisma.message.create({
      data: { ...base, customerId: 2n, status: "failed", lastError: "Invalid handle 'x'" },
    });
    const failing = await sendingCheck(ctx(), shop);
    expect(failing.state).toBe("failing");
    expect(failing.failedMessages).toMatchObject([
      { customerId: "2", error: "Invalid handle 'x'", campaign: "Deleted campaign" },
    ]);
    await db.prisma.message.update({
      where: { shop_campaignId_customerId_triggerKey: { shop, campaignId: "c1", customerId: 1n, triggerKey: "t" } },
      data: { sentAt: new Date() },
    });
    expect((await sendingCheck(ctx(), shop)).state).toBe("ok");
  });
});
