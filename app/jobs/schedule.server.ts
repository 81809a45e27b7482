// Cron jobs name a per-shop task; this fans it out to every installed shop, one job each,
// coalesced by job key so a slow run is not queued twice.
import { z } from "zod";
import type { AppContext } from "~/context.server";

// perShop false: the task finds its own shops (campaigns.tickAll ticks only shops with active campaigns).
const fanoutPayload = z.object({ task: z.string().min(1), perShop: z.boolean().default(true) });

export const scheduleTasks = {
  "schedule:fanout": async (payload: unknown, ctx: AppContext) => {
    const { task, perShop } = fanoutPayload.parse(payload);
    if (!perShop) {
      await ctx.queue.enqueue(task, {}, { jobKey: task });
      return;
    }
    const shops = await ctx.db.prisma.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true }, orderBy: { domain: "asc" } });
    for (const { domain } of shops) {
      await ctx.queue.enqueue(task, { shop: domain }, { jobKey: `${task}:${domain}` });
    }
  },
};
