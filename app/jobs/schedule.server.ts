// Cron jobs name a per-shop task; this fans it out to every installed shop, one job each,
// coalesced by job key so a slow run is not queued twice.
import { z } from "zod";
import type { AppContext } from "~/context.server";

const fanoutPayload = z.object({ task: z.string().min(1) });

export const scheduleTasks = {
  "schedule:fanout": async (payload: unknown, ctx: AppContext) => {
    const { task } = fanoutPayload.parse(payload);
    const shops = await ctx.db.prisma.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true } });
    for (const { domain } of shops) {
      await ctx.queue.enqueue(task, { shop: domain }, { jobKey: `${task}:${domain}` });
    }
  },
};
