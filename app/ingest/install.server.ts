// What happens when a merchant installs (or re-installs) Rapport: the shop is recorded and its
// history backfill is queued. The job key makes repeated auth callbacks coalesce into one job.
import { appContext } from "~/runtime/app-context.server";
import type { TaskName } from "~/jobs/tasks";

export const BACKFILL_TASK = "ingest.backfill" satisfies TaskName;

export async function enqueueBackfillAfterInstall(shop: string): Promise<void> {
  const ctx = await appContext();
  const existing = await ctx.db.prisma.shop.findUnique({ where: { domain: shop } });
  await ctx.db.prisma.shop.upsert({
    where: { domain: shop },
    create: { domain: shop },
    update: { uninstalledAt: null },
  });
  if (!existing || existing.uninstalledAt) {
    await ctx.queue.enqueue(BACKFILL_TASK, { shop }, { jobKey: `backfill:${shop}` });
  }
}
