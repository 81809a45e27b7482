// The latest sync run for the home screen's progress bar (SyncRun, written by app/ingest).
import type { AppContext } from "~/runtime/app-context.server";
import { parseState } from "~/ingest/rules/sync-state";
import { syncInsight, type SyncInsight } from "./sync-insight";

export interface SyncStatus {
  kind: string;
  status: "queued" | "running" | "completed" | "failed" | string;
  phase: string;
  objectsRead: number;
  objectsWritten: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** Rough progress 0..100 from the phase order; null when the phase is unknown. */
  percent: number | null;
  /** Which pillars can show before the sync ends, and the return details read so far. */
  insight: SyncInsight;
}

// The backfill's phases in the order app/ingest runs them; progress is the share of phases done.
const PHASES = ["queued", "bulk", "products", "customers", "orders", "edited orders", "returns", "done"];

export function phasePercent(status: string, phase: string): number | null {
  if (status === "completed") return 100;
  const index = PHASES.indexOf(phase);
  if (index < 0) return null;
  return Math.round((index / (PHASES.length - 1)) * 100);
}

export async function latestSync(ctx: Pick<AppContext, "db">, shop: string): Promise<SyncStatus | null> {
  const run = await ctx.db.prisma.syncRun.findFirst({
    where: { shop, kind: "backfill" },
    orderBy: { startedAt: "desc" },
  });
  if (!run) return null;
  const state = parseState(run.state);
  const intelligence = state.historyAt
    ? await ctx.db.prisma.shopIntelligence.findUnique({ where: { shop }, select: { computedAt: true } })
    : null;
  return {
    kind: run.kind,
    status: run.status,
    phase: run.phase,
    objectsRead: run.objectsRead,
    objectsWritten: run.objectsWritten,
    error: run.error,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    percent: phasePercent(run.status, run.phase),
    insight: syncInsight({
      status: run.status,
      historyAt: state.historyAt,
      profilesAt: intelligence?.computedAt ?? null,
      relaunchedDoneAt: state.returns.relaunchedDoneAt,
      returnsRead: state.returns.read,
      returnsTotal: state.returns.total,
    }),
  };
}

/** Starts an on-demand backfill (the ingest area's task). */
export async function requestBackfill(ctx: Pick<AppContext, "queue">, shop: string): Promise<void> {
  await ctx.queue.enqueue("ingest.backfill", { shop }, { jobKey: `backfill:${shop}` });
}
