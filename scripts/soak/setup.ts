// The soak's store, installed the way the demo installs it (scripts/demo/install.ts): the offline
// session, webhook subscriptions and the backfill; a verified email sender on the soak's SMTP
// server; Flow configured with a Shopify Email workflow on (so the Flow channels can go live);
// and one active campaign per channel, each fired by every order (so traffic makes messages).
import type { AppContext } from "~/runtime/app-context.server";
import { CHANNELS } from "~/delivery/rules/channels";
import { latestSync } from "~/web/screens/sync.server";
import { installDemo } from "../demo/install";
import { createThankYouCampaign, OPEN_GUARDRAILS } from "../bench/store-seed";
import { configureDemoSender } from "../demo/sender";
import type { RemoteSimulator } from "./sim-client";

export async function installStore(ctx: AppContext, sim: RemoteSimulator, appOrigin: string): Promise<void> {
  const [installed, catalog, now] = await Promise.all([sim.installedTokens(), sim.catalog(), sim.now()]);
  const source = {
    shop: sim.shop,
    tokens: { installed },
    webhooks: { subscribe: (url: string, topics: string[]) => sim.subscribe(url, topics) },
    store: { catalog },
    clock: { now: () => now },
  };
  await installDemo(ctx, source, appOrigin);
  // No quiet hours (start = end) and a cap that lets a busy customer's messages through: the
  // soak is about delivery under faults, not about the guardrails.
  await ctx.db.prisma.shop.update({
    where: { domain: sim.shop },
    data: { settings: OPEN_GUARDRAILS },
  });
  await configureDemoSender(ctx, sim.shop);
}

export async function enableFlow(sim: RemoteSimulator, secret: string, appOrigin: string): Promise<void> {
  await sim.configureFlow({
    secret,
    lifecycleUrl: `${appOrigin}/flow/lifecycle`,
    actionUrl: `${appOrigin}/flow/actions/send-rapport-message`,
  });
  const workflow = await sim.setWorkflow(true, "shopify_email");
  if (!workflow.enabled) throw new Error(`the app refused Flow's lifecycle callback (${workflow.appStatus})`);
}

export async function waitForBackfill(ctx: AppContext, shop: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const status = await latestSync(ctx, shop);
    if (status?.status === "completed") return Date.now() - started;
    if (status?.status === "failed") throw new Error(`backfill failed: ${status.error ?? "no reason"}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`backfill not done after ${timeoutMs} ms`);
}

export async function createCampaigns(ctx: AppContext, shop: string): Promise<void> {
  for (const channel of CHANNELS) {
    await createThankYouCampaign(ctx.db, shop, {
      name: `Soak thank-you (${channel})`,
      channel,
      holdoutPercent: 10,
      attributionDays: 1,
    });
  }
}
