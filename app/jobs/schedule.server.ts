// Cron jobs name a per-shop task; this fans it out to every installed shop, one job each,
// coalesced by job key so a slow run is not queued twice.
import type { AppContext } from "~/runtime/app-context.server";
import type { TaskMap } from "~/jobs/registry.server";
import { parsePayload } from "~/jobs/tasks";

export const scheduleTasks = {
  "schedule:fanout": async (payload: unknown, ctx: AppContext) => {
    const { task, perShop } = parsePayload("schedule:fanout", payload);
    // The cron line names the task, so the compiler cannot match this payload to it: the task's
    // own schema checks it when the job runs (registry.server.test.ts checks the crontab's names).
    if (!perShop) {
      await ctx.queue.enqueue(task, {}, { jobKey: task });
      return;
    }
    const shops = await ctx.db.prisma.shop.findMany({
      where: { uninstalledAt: null },
      select: { domain: true },
      orderBy: { domain: "asc" },
    });
    for (const { domain } of shops) {
      await ctx.queue.enqueue(task, { shop: domain }, { jobKey: `${task}:${domain}` });
    }
  },
} satisfies TaskMap;
