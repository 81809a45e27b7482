// Hostile templates through the real editor paths against a real database: the campaign save
// action and the live preview refuse them with the reason, and a template stored before these
// rules renders to a failure, not to a file's contents.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { previewMessage as servicePreview } from "~/campaigns/preview.server";
import { createFromPillar } from "~/campaigns/service.server";
import { getCampaign, type Campaign } from "~/campaigns/store.server";
import type { AppContext } from "~/runtime/app-context.server";
import { PARTIALS_MESSAGE } from "~/campaigns/rules/messages/limits";
import { previewMessage } from "~/web/screens/campaign-preview.server";
import { campaignAction } from "~/web/screens/campaigns.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { ingestContext } from "~tests/support/ingest";
import { computeTestProfiles, seedStore } from "~tests/support/segment-store";

const shop = "templates-security.myshopify.com";
const NOW = new Date("2026-12-01T10:00:00Z");
const packageJson = readFileSync("package.json", "utf8");
let database: TestDatabase;
let ctx: AppContext;
let campaign: Campaign;

const form = (over: Record<string, string>) => ({
  intent: "save",
  name: campaign.name,
  subject: campaign.subject,
  body: campaign.body,
  ctaLabel: campaign.ctaLabel,
  ctaUrl: campaign.ctaUrl,
  holdoutPercent: String(campaign.holdoutPercent),
  attributionDays: String(campaign.attributionDays),
  ...over,
});
const preview = (over: Partial<Record<"subject" | "body" | "ctaUrl", string>>) =>
  previewMessage(ctx, shop, campaign.id, {
    customerId: "1",
    subject: campaign.subject,
    body: campaign.body,
    ctaUrl: campaign.ctaUrl,
    ...over,
  });

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = { ...ingestContext(database, { endpoint: "http://127.0.0.1:9/admin" }), now: () => NOW };
  await database.prisma.shop.create({ data: { domain: shop, name: "Acme" } });
  await seedStore(database.pool, shop, {
    customers: [{ id: 1, firstName: "Ada", email: "ada@example.com", emailMarketing: "SUBSCRIBED" }],
    orders: [{ id: 901, customerId: 1, processedAt: new Date("2026-11-20T10:00:00Z"), productIds: [] }],
  });
  await computeTestProfiles(database.pool, shop, NOW);
  [campaign] = await createFromPillar(database, shop, "loyalty");
});
afterAll(async () => {
  await database?.drop();
});

describe("templates through the editor", () => {
  it("the save action refuses partials with the reason and stores nothing", async () => {
    for (const body of ['{% include ".env" %}', '{% render "package.json" %}', 'Hi {% layout "../package.json" %}']) {
      const result = await campaignAction(ctx, shop, campaign.id, form({ body }));
      expect(result.ok, body).toBe(false);
      if (result.ok) continue;
      expect(result.errors.body?.[0], body).toContain(PARTIALS_MESSAGE);
    }
    expect((await getCampaign(database, shop, campaign.id))?.body).toBe(campaign.body);
  });

  it("the save action refuses loops over the limits and non-http links", async () => {
    const result = await campaignAction(
      ctx,
      shop,
      campaign.id,
      form({ body: "{% for i in (1..10000000) %}x{% endfor %}", ctaUrl: "javascript:alert(document.cookie)" }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.body?.[0]).toMatch(/builds too much text/);
    expect(result.errors.ctaUrl?.[0]).toMatch(/must start with https:\/\//);
  });

  it("the live preview refuses them too, and never shows a file", async () => {
    const partial = await preview({ body: '{% render "package.json" %}' });
    expect(partial).toMatchObject({ ok: false, errors: { body: expect.stringContaining(PARTIALS_MESSAGE) } });
    expect(JSON.stringify(partial)).not.toContain(packageJson.slice(0, 30));
    const started = performance.now();
    const loop = await preview({
      subject: '{% assign s = "ab" %}{% for i in (1..64) %}{% assign s = s | append: s %}{% endfor %}{{ s }}',
    });
    expect(loop).toMatchObject({ ok: false, errors: { subject: expect.stringMatching(/builds too much text/) } });
    expect(performance.now() - started).toBeLessThan(1000);
    const link = await preview({ ctaUrl: "{{ customer.first_name }}" });
    expect(link).toMatchObject({ ok: false, errors: { ctaUrl: expect.stringMatching(/not a web address/) } });
    expect(await preview({})).toMatchObject({ ok: true });
  });

  it("a template stored before these rules fails to render with the reason and reads no file", async () => {
    await database.prisma.campaign.update({
      where: { shop_id: { shop, id: campaign.id } },
      data: { body: 'Hi {% include "package.json" %}' },
    });
    const stored = await servicePreview(database, shop, campaign.id, "1", NOW);
    expect(stored?.rendered).toBeNull();
    expect(stored?.renderError).toContain(PARTIALS_MESSAGE);
    expect(stored?.renderError).not.toContain(packageJson.slice(0, 30));
  });
});
