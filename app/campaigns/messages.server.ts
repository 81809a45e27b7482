// Reading the outbox for the UI: per-campaign counts and the messages themselves, failures with
// their reason, so the merchant sees what was sent, held out, suppressed or failed and why.
import type { Db } from "~/db.server";

export interface MessageRow {
  id: string;
  customerId: string;
  triggerKey: string;
  status: string;
  reason: string | null;
  lastError: string | null;
  attempts: number;
  subject: string;
  scheduledFor: Date;
  sentAt: Date | null;
}

export async function messageCounts(db: Db, shop: string, campaignId: string): Promise<Record<string, number>> {
  const rows = await db.prisma.message.groupBy({ by: ["status"], where: { shop, campaignId }, _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
}

export async function listMessages(db: Db, shop: string, filter: { campaignId?: string; status?: string; limit?: number } = {}): Promise<MessageRow[]> {
  const rows = await db.prisma.message.findMany({
    where: { shop, ...(filter.campaignId ? { campaignId: filter.campaignId } : {}), ...(filter.status ? { status: filter.status } : {}) },
    orderBy: { scheduledFor: "desc" },
    take: Math.min(filter.limit ?? 100, 500),
  });
  return rows.map((r) => ({
    id: r.id, customerId: r.customerId.toString(), triggerKey: r.triggerKey, status: r.status, reason: r.reason, lastError: r.lastError,
    attempts: r.attempts, subject: r.subject, scheduledFor: r.scheduledFor, sentAt: r.sentAt,
  }));
}

/** Puts failed messages back in the outbox (the merchant's explicit retry, e.g. after "outcome unknown"). */
export async function retryFailed(db: Db, shop: string, campaignId: string, now: Date): Promise<number> {
  const result = await db.prisma.message.updateMany({
    where: { shop, campaignId, status: "failed" },
    data: { status: "pending", scheduledFor: now, claimedAt: null, callStartedAt: null, attempts: 0 },
  });
  return result.count;
}
