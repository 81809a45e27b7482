// Background tasks of the campaigns area (wired into app/jobs/registry.server.ts by the lead).
// Per-shop work runs in the queue "campaigns:<shop>" so ticks never race on the frequency cap.
import type { AppContext } from "~/runtime/app-context.server";
import { DAY_MS } from "~/campaigns/rules";
import type { TaskMap } from "~/jobs/registry.server";
import { MESSAGE_PATH_PRIORITY } from "~/jobs/queue";
import { parsePayload } from "~/jobs/tasks";
import { clickTrackedLinks } from "~/delivery/links.server";
import { drainOutbox } from "~/delivery/outbox.server";
import { unsubscribeBaseFromEnv } from "~/delivery/unsubscribe-token.server";
import { listCampaigns } from "./store.server";
import { nextDueAt, tickShop } from "./tick.server";

const queueName = (shop: string) => `campaigns:${shop}`;
/** How long after an order the tick that looks for newly reached milestones runs (after metrics). */
const MILESTONE_SETTLE_MS = 5 * 60_000;

async function enqueueTick(ctx: AppContext, shop: string, at: Date): Promise<void> {
  // Due now: at once, under one key, so the orders that arrive while a tick waits share it (a key
  // whose job is already running gets a new job: the orders that came during that tick are not
  // missed). Later: whole minutes, so the orders due in the same minute share one tick.
  const now = ctx.now();
  const due = at.getTime() <= now.getTime();
  const runAt = due ? now : new Date(Math.ceil(at.getTime() / 60_000) * 60_000);
  await ctx.queue.enqueue(
    "campaigns.tick",
    { shop },
    {
      runAt,
      jobKey: `campaigns.tick:${shop}:${due ? "now" : runAt.toISOString()}`,
      queueName: queueName(shop),
      priority: MESSAGE_PATH_PRIORITY,
    },
  );
}

async function enqueueSend(ctx: AppContext, shop: string, runAt: Date): Promise<void> {
  const now = ctx.now();
  const at = runAt.getTime() < now.getTime() ? now : runAt;
  await ctx.queue.enqueue(
    "campaigns.send",
    { shop },
    {
      runAt: at,
      jobKey: `campaigns.send:${shop}:${at.getTime() <= now.getTime() ? "now" : at.toISOString()}`,
      queueName: `campaigns-send:${shop}`,
      priority: MESSAGE_PATH_PRIORITY,
    },
  );
}

async function onOrder(payload: unknown, ctx: AppContext): Promise<void> {
  const { shop, orderId } = parsePayload("campaigns.onOrder", payload);
  const now = ctx.now();
  const order = await ctx.db.prisma.order.findUnique({
    where: { shop_id: { shop, id: BigInt(orderId) } },
    select: { processedAt: true },
  });
  const placedAt = order?.processedAt ?? now;
  const campaigns = await listCampaigns(ctx.db, shop, "active");
  const delays = new Set(campaigns.flatMap((c) => (c.trigger.kind === "event" ? [c.trigger.delayDays] : [])));
  // The check-in is decided when it is due, against the segment as it is then.
  for (const days of delays) {
    const due = new Date(placedAt.getTime() + days * DAY_MS);
    await enqueueTick(ctx, shop, due.getTime() < now.getTime() ? now : due);
  }
  if (campaigns.some((c) => c.trigger.kind === "milestone"))
    await enqueueTick(ctx, shop, new Date(now.getTime() + MILESTONE_SETTLE_MS));
}

async function tick(payload: unknown, ctx: AppContext): Promise<void> {
  const { shop } = parsePayload("campaigns.tick", payload);
  const result = await tickShop(ctx, shop);
  ctx.log.info("campaigns.tick", { ...result });
  const next = await nextDueAt(ctx, shop);
  if (next) await enqueueSend(ctx, shop, next);
}

async function send(payload: unknown, ctx: AppContext): Promise<void> {
  const { shop } = parsePayload("campaigns.send", payload);
  // Tracked links go where the unsubscribe links go: the storefront app proxy, or in demo mode,
  // where no storefront exists, the app's own /proxy routes. Without the app secret links are not
  // signed, and the environment (which names the mode) is not read.
  const secret = process.env.SHOPIFY_API_SECRET;
  const result = await drainOutbox(ctx, {
    shop,
    ctaLink: secret ? clickTrackedLinks(secret, unsubscribeBaseFromEnv()) : undefined,
  });
  ctx.log.info("campaigns.send", { ...result });
  const next = await nextDueAt(ctx, shop);
  if (next) await enqueueSend(ctx, shop, next);
}

/** Periodic (cron): a tick for every shop with an active campaign. */
async function tickAll(_payload: unknown, ctx: AppContext): Promise<void> {
  const shops = await ctx.db.prisma.campaign.findMany({
    where: { status: "active" },
    distinct: ["shop"],
    select: { shop: true },
  });
  for (const { shop } of shops) await enqueueTick(ctx, shop, ctx.now());
}

export const campaignTasks = {
  "campaigns.onOrder": onOrder,
  "campaigns.tick": tick,
  "campaigns.send": send,
  "campaigns.tickAll": tickAll,
} satisfies TaskMap;
