// The demo terminal's sync lines: one when the backfill's phase changes, one when it ends.
// The app's own logs stay at warn there (decision 0160), so these are what the person watches.
import type { AppContext } from "~/runtime/app-context.server";
import { latestSync, type SyncStatus } from "~/web/screens/sync.server";

/**
 * The line for a sync status, or null when it says nothing new after `previous`. `tookSeconds`, when
 * given, is how long the sync took by the wall clock: the demo syncs while its store's clock stands
 * still two months back (decision 0199), so the status's own times are equal.
 */
export function syncLine(status: SyncStatus, previous: SyncStatus | null, tookSeconds?: number): string | null {
  // The pillars that show before the sync ends (decision 0209) are news of their own.
  const pillarsChanged = previous !== null && previous.insight.pillars !== status.insight.pillars;
  if (pillarsChanged && status.status === "running" && status.insight.text) return status.insight.text;
  if (previous !== null && previous.status === status.status && previous.phase === status.phase) return null;
  const count = `${status.objectsRead.toLocaleString("en-US")} objects read`;
  if (status.status === "completed") {
    const seconds =
      tookSeconds !== undefined
        ? tookSeconds
        : status.finishedAt === null
          ? null
          : Math.round((Date.parse(status.finishedAt) - Date.parse(status.startedAt)) / 1000);
    return `sync done: ${count}${seconds === null ? "" : ` in ${seconds} s`}`;
  }
  if (status.status === "failed") return `sync failed: ${status.error ?? "no reason given"} (details in the app log)`;
  return `syncing the store: ${status.phase}${status.percent === null ? "" : ` (${status.percent}%)`}, ${count}`;
}

/** Prints the backfill's progress until it ends; the returned function stops watching. */
export function watchSync(
  ctx: Pick<AppContext, "db">,
  shop: string,
  say: (line: string) => void,
  everyMs = 2_000,
): () => void {
  let previous: SyncStatus | null = null;
  const watching = Date.now();
  const timer = setInterval(() => {
    void latestSync(ctx, shop).then(
      (status) => {
        if (status === null) return;
        const line = syncLine(status, previous, Math.round((Date.now() - watching) / 1000));
        previous = status;
        if (line !== null) say(line);
        if (status.status === "completed" || status.status === "failed") clearInterval(timer);
      },
      // The database closes under a stopping demo; the app's own logs report real trouble.
      () => undefined,
    );
  }, everyMs);
  return () => clearInterval(timer);
}

/** Until the backfill has ended; its status, or null when it failed. */
export async function syncEnded(ctx: Pick<AppContext, "db">, shop: string, everyMs = 500): Promise<SyncStatus | null> {
  for (;;) {
    const status = await latestSync(ctx, shop);
    if (status?.status === "completed") return status;
    if (status?.status === "failed") return null;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
