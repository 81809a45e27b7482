import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "~/db.server";
import { memoryLogger } from "~/logger.server";
import { attributeShop } from "~/attribution/attribution.server";
import { signClickToken, signedCtaUrl, verifyClickToken } from "~/delivery/click-token.server";
import { handleClick, type ClickContext } from "~/delivery/clicks.server";
import { CSV_COLUMNS, exportCampaignCsv, exportCampaignCsvStream } from "~/attribution/export.server";
import { parseCsv } from "~tests/support/csv";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { insertCampaigns, insertCustomers, insertMessages, insertOrders } from "~tests/support/results-rows";

const BROWSER = {
  method: "GET",
  userAgent:
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15",
};
const shop = "clicks.myshopify.com";
const secret = "app-secret-for-tests";
const t0 = new Date("2026-03-01T12:00:00.000Z");
const at = (days: number) => new Date(t0.getTime() + days * 86_400_000);

describe("click links and the CSV export", () => {
  let db: TestDatabase;
  let ctx: ClickContext;

  beforeAll(async () => {
    db = await createTestDatabase();
    ctx = { db, now: () => at(1), log: memoryLogger(), appSecret: secret };
    await insertCampaigns(db, shop, [{ id: "A" }, { id: "B" }]);
    await insertCustomers(db, shop, [
      { id: 1n, email: "ann@example.com", firstName: 'Ann, "the" first', lastName: "O'Neil\nJr" },
      { id: 2n, email: '=HYPERLINK("http://evil")', firstName: "-2+3", lastName: "Plain" },
      { id: 3n, email: "hold@example.com", firstName: "Holly", lastName: "Out" },
    ]);
    await insertMessages(db, shop, [
      { id: "m1", campaignId: "A", customerId: 1n, status: "sent", scheduledFor: at(0), sentAt: at(0) },
      { id: "m2", campaignId: "A", customerId: 2n, status: "sent", scheduledFor: at(0), sentAt: at(0) },
      { id: "m3", campaignId: "A", customerId: 3n, status: "held_out", scheduledFor: at(0) },
      { id: "m4", campaignId: "A", customerId: 4n, status: "suppressed", scheduledFor: at(0), reason: "no consent" },
      { id: "b1", campaignId: "B", customerId: 1n, status: "sent", scheduledFor: at(0.5), sentAt: at(0.5) },
    ]);
    await insertOrders(db, shop, [
      { id: 11n, customerId: 1n, processedAt: at(2), total: "120.50", refunded: "20.25" },
      { id: 12n, customerId: 1n, processedAt: at(3), total: "10" },
      { id: 31n, customerId: 3n, processedAt: at(6), total: "40" },
      { id: 32n, customerId: 3n, processedAt: at(8), total: "40" },
    ]);
    await attributeShop(db, shop);
  });
  afterAll(async () => {
    await db.drop();
  });

  const clicks = async () =>
    (await db.pool.query<{ messageId: string }>(`SELECT "messageId" FROM "MessageClick" ORDER BY 1`)).rows.map(
      (r) => r.messageId,
    );

  it("builds a CTA URL under the app proxy whose token verifies", () => {
    const url = signedCtaUrl({
      secret,
      proxyBase: `https://${shop}/apps/rapport/`,
      messageId: "m1",
      destination: "https://shop.example/p?a=1&b=é",
    });
    expect(url).toMatch(new RegExp(`^https://${shop}/apps/rapport/r/v2\\.[\\w-]+\\.[\\w-]+\\.[\\w-]+$`));
    const token = url.split("/r/")[1];
    expect(verifyClickToken(secret, token)).toEqual({
      ok: true,
      messageId: "m1",
      destination: "https://shop.example/p?a=1&b=é",
    });
    expect(verifyClickToken("another-secret", token)).toEqual({ ok: false, reason: "bad signature" });
    expect(() => signClickToken(secret, "m1", "javascript:alert(1)")).toThrow(/not an http/);
  });

  it("redirects and counts a click once per message", async () => {
    const token = signClickToken(secret, "m1", "https://shop.example/product");
    expect(await handleClick(ctx, { ...BROWSER, token, shop })).toEqual({
      status: 302,
      // The campaign's UTM parameters are added to the destination (decision 0175).
      redirectTo: "https://shop.example/product?utm_source=rapport&utm_medium=flow&utm_campaign=A",
      counted: true,
    });
    expect(await handleClick(ctx, { ...BROWSER, token })).toEqual({
      status: 302,
      // The campaign's UTM parameters are added to the destination (decision 0175).
      redirectTo: "https://shop.example/product?utm_source=rapport&utm_medium=flow&utm_campaign=A",
      counted: false,
    });
    expect(await clicks()).toEqual(["m1"]);
    const row = await db.prisma.messageClick.findFirstOrThrow({ where: { messageId: "m1" } });
    expect(row).toMatchObject({ shop, campaignId: "A", customerId: 1n, clickedAt: at(1) });
  });

  it("answers 400 and counts nothing for a bad signature, a swapped destination or another shop", async () => {
    const good = signClickToken(secret, "m2", "https://shop.example/a");
    const [v, id, , sig] = good.split(".");
    const swapped = [v, id, Buffer.from("https://evil.example/").toString("base64url"), sig].join(".");
    expect(await handleClick(ctx, { ...BROWSER, token: swapped })).toEqual({
      status: 400,
      error: "This link is not valid (bad signature).",
    });
    expect(await handleClick(ctx, { ...BROWSER, token: "garbage" })).toMatchObject({ status: 400 });
    expect(await handleClick({ ...ctx, appSecret: "wrong" }, { ...BROWSER, token: good })).toMatchObject({
      status: 400,
    });
    expect(await handleClick(ctx, { ...BROWSER, token: good, shop: "elsewhere.myshopify.com" })).toEqual({
      status: 400,
      error: "This link belongs to another store.",
    });
    expect(await clicks()).toEqual(["m1"]);
  });

  it("redirects without counting for a holdout message", async () => {
    expect(
      await handleClick(ctx, { ...BROWSER, token: signClickToken(secret, "m3", "https://shop.example/") }),
    ).toMatchObject({
      status: 302,
      counted: false,
    });
    expect(await clicks()).toEqual(["m1"]);
  });

  it("exports every row of the campaign with outcomes, holdout flagged and fields quoted", async () => {
    let text = "";
    for await (const chunk of exportCampaignCsv({ db }, shop, "A")) text += chunk;
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([...CSV_COLUMNS]);
    const byId = Object.fromEntries(
      rows.map((row) => [row[0], Object.fromEntries(header.map((name, i) => [name, row[i]]))]),
    );
    expect(rows.map((row) => row[0])).toEqual(["m1", "m2", "m3", "m4"]);
    expect(byId.m1).toMatchObject({
      customer_id: "1",
      first_name: 'Ann, "the" first',
      last_name: "O'Neil\nJr",
      holdout: "false",
      // Campaigns on the Flow trigger (the default channel) hand messages to Shopify (decision 0181).
      status: "handed_to_shopify",
      sent_at: "2026-03-01T12:00:00.000Z",
      window_ends_at: "2026-03-08T12:00:00.000Z",
      clicked_at: "2026-03-02T12:00:00.000Z",
      // b1 (campaign B) was sent later, so it is the last touch of both orders; m1 still had them in its window.
      attributed_orders: "0",
      attributed_revenue: "0.00",
      window_orders: "2",
      window_revenue: "110.25",
    });
    expect(byId.m2).toMatchObject({ email: `'=HYPERLINK("http://evil")`, first_name: "'-2+3", last_name: "Plain" });
    expect(byId.m3).toMatchObject({
      holdout: "true",
      status: "held_out",
      sent_at: "",
      window_orders: "1",
      window_revenue: "40.00",
      attributed_orders: "0",
    });
    expect(byId.m4).toMatchObject({
      holdout: "false",
      status: "suppressed",
      reason: "no consent",
      window_ends_at: "",
      window_orders: "0",
      email: "",
    });
  });

  it("streams as a web ReadableStream too and shows attributed orders", async () => {
    const text = await new Response(exportCampaignCsvStream({ db }, shop, "B")).text();
    const [header, row, ...rest] = parseCsv(text);
    expect(rest).toEqual([]);
    expect(row[header.indexOf("attributed_orders")]).toBe("2");
    expect(row[header.indexOf("attributed_revenue")]).toBe("110.25");
  });

  it("does not hand a connection back mid-COPY when the reader stops early", async () => {
    await insertCampaigns(db, shop, [{ id: "BIG" }]);
    const many = Array.from({ length: 20_000 }, (_, i) => ({
      id: `big${i}`,
      campaignId: "BIG",
      customerId: BigInt(1000 + i),
      status: "held_out" as const,
      scheduledFor: at(0),
    }));
    await insertMessages(db, shop, many);
    const single = createDb(db.url, { max: 1 });
    try {
      for await (const chunk of exportCampaignCsv({ db: single }, shop, "BIG")) {
        expect(chunk.length).toBeGreaterThan(0);
        break;
      }
      // With one connection, a COPY left running on it would make this query fail.
      const still = await single.pool.query<{ n: number }>("SELECT 1 AS n");
      expect(still.rows[0].n).toBe(1);
    } finally {
      await single.close();
    }
  }, 20_000);
});
