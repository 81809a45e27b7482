// What the demo merchant does in Rapport during the replayed two months, through the same server
// modules the screens call: one campaign from each pillar template (Campaigns → New), edited and
// activated (the editor's Save and Activate), and each product relaunch recorded in Settings → Product mappings on
// the day the store relaunches it (the re-engagement pillar's trigger).
import type { AppContext } from "~/runtime/app-context.server";
import { activateCampaign, updateCampaign } from "~/campaigns/service.server";
import { pillarTemplates } from "~/campaigns/rules";
import { createFromTemplate } from "~/web/screens/campaigns.server";
import { saveMapping } from "~/web/screens/mappings.server";
import type { SegmentRule } from "~/segments/rules";
import { pillarSegment } from "~/segments/rules/pillars";
import type { Simulator } from "~sim/index";

/**
 * The demo merchant's edit of the affinity campaign's audience (the editor's rules): the generated
 * store has few customers with the same product in 3 orders within 90 days, too few to measure in
 * two months, so repeat buyers of a product with a premium version within a year.
 */
export const DEMO_AFFINITY_RULE: SegmentRule = {
  type: "productAffinity",
  label: "Same product 2+ times in a year",
  minOrders: 2,
  withinDays: 365,
  requirePremium: true,
};

/**
 * The loyalty campaign's audience, another variant the editor offers: any milestone or a high RFM
 * score instead of the top 10% by RFM: more of the customers a milestone brings in, so the groups
 * come near the 30 a lift needs within two months on the demo's 2,000 customers (decision 0215).
 */
export const DEMO_LOYALTY_RULE: SegmentRule = pillarSegment("loyalty", "milestones-or-high-rfm");

export async function startPillarCampaigns(ctx: AppContext, shop: string, holdoutPercent: number): Promise<number> {
  let started = 0;
  for (const template of pillarTemplates()) {
    const created = await createFromTemplate(ctx, shop, template.key);
    if (!created.ok) throw new Error(`demo campaign ${template.key}: ${created.error}`);
    // A bigger holdout than the templates' 10%, so the smaller pillars' groups are large enough to
    // measure within two months (the editor's Holdout field).
    const saved = await updateCampaign(ctx.db, shop, created.id, {
      holdoutPercent,
      ...(template.pillar === "affinity" ? { segmentId: null, definition: DEMO_AFFINITY_RULE } : {}),
      ...(template.pillar === "loyalty" ? { segmentId: null, definition: DEMO_LOYALTY_RULE } : {}),
    });
    if (!saved?.ok) throw new Error(`demo campaign ${template.key}: ${JSON.stringify(saved)}`);
    const activated = await activateCampaign(ctx, shop, created.id);
    if (!activated?.ok) throw new Error(`demo campaign ${template.key}: ${JSON.stringify(activated)}`);
    started += 1;
  }
  return started;
}

/** Records in Rapport the relaunches the store made in (from, to]: the merchant's product mapping. */
export async function recordRelaunches(ctx: AppContext, sim: Simulator, from: number, to: number): Promise<number> {
  let recorded = 0;
  for (const product of sim.store.catalog) {
    const at = product.relaunchedAt;
    if (at === null || at <= from || at > to) continue;
    const saved = await saveMapping(ctx, sim.shop, {
      productId: String(product.id),
      premiumProductId: product.premiumProductId === null ? "" : String(product.premiumProductId),
      relaunchedAt: new Date(at).toISOString().slice(0, 10),
      relaunchNote: `The new ${product.title}: improved fit and fabric.`,
    });
    if (!saved.ok) throw new Error(`demo relaunch of ${product.title}: ${JSON.stringify(saved.errors)}`);
    recorded += 1;
  }
  return recorded;
}
