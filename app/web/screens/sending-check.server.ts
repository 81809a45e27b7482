// "Check the sending setup": is the Flow trigger being accepted by Shopify, which messages failed
// and why, and which of the shop's background jobs gave up. Read-only; nothing here sends.
import type { AppContext } from "~/runtime/app-context.server";
import { jobSummary, type JobSummary } from "~/jobs/status.server";

export const FLOW_TRIGGER_HANDLE = "rapport-message";

export interface SendingCheck {
  handle: string;
  lastSentAt: string | null;
  sentLast7Days: number;
  failedLast7Days: number;
  failedMessages: { id: string; campaign: string; customerId: string; error: string; at: string }[];
  jobs:
    | (Omit<JobSummary, "failed"> & {
        failed: { id: string; task: string; attempts: number; lastError: string; failedAt: string }[];
      })
    | null;
  /** "ok": recent sends succeeded; "failing": recent failures and no success since; "idle": nothing sent yet. */
  state: "ok" | "failing" | "idle";
}

export async function sendingCheck(ctx: Pick<AppContext, "db" | "now">, shop: string): Promise<SendingCheck> {
  const { prisma } = ctx.db;
  const since = new Date(ctx.now().getTime() - 7 * 86_400_000);
  const [lastSent, sent, failedCount, failed, jobs] = await Promise.all([
    prisma.message.findFirst({
      where: { shop, status: "sent" },
      orderBy: { sentAt: "desc" },
      select: { sentAt: true },
    }),
    prisma.message.count({ where: { shop, status: "sent", sentAt: { gte: since } } }),
    prisma.message.count({ where: { shop, status: "failed", updatedAt: { gte: since } } }),
    prisma.message.findMany({ where: { shop, status: "failed" }, orderBy: { updatedAt: "desc" }, take: 20 }),
    // The queue's tables exist once the worker has started; before that there is nothing to report.
    jobSummary(ctx.db.pool, shop).catch(() => null),
  ]);
  const campaignIds = [...new Set(failed.map((m) => m.campaignId))];
  const campaigns = campaignIds.length
    ? await prisma.campaign.findMany({ where: { shop, id: { in: campaignIds } }, select: { id: true, name: true } })
    : [];
  const lastFailure = failed[0]?.updatedAt ?? null;
  const lastSentAt = lastSent?.sentAt ?? null;
  const state = lastFailure && (!lastSentAt || lastFailure > lastSentAt) ? "failing" : lastSentAt ? "ok" : "idle";
  return {
    handle: FLOW_TRIGGER_HANDLE,
    lastSentAt: lastSentAt?.toISOString() ?? null,
    sentLast7Days: sent,
    failedLast7Days: failedCount,
    failedMessages: failed.map((m) => ({
      id: m.id,
      campaign: campaigns.find((c) => c.id === m.campaignId)?.name ?? "Deleted campaign",
      customerId: m.customerId.toString(),
      error: m.lastError ?? m.reason ?? "Unknown error",
      at: m.updatedAt.toISOString(),
    })),
    jobs: jobs && { ...jobs, failed: jobs.failed.map((j) => ({ ...j, failedAt: j.failedAt.toISOString() })) },
    state,
  };
}
