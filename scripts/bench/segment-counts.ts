// Times each pillar segment count (median of several runs) on a populated store. Used by
// scripts/bench/segments.ts (npm run bench:segments); callable on its own with a Db.
import os from "node:os";
import { type Db } from "~/db.server";
import { PILLARS } from "~/segments/rules/pillars";
import { countMembers } from "~/segments/members.server";
import { refreshPurchaseStats } from "~/segments/purchase-stats.server";
import { populateSegmentStore, type PopulateFigures } from "./segment-populate";

export interface PillarCountFigure {
  pillar: string;
  variant: string;
  members: number;
  medianMs: number;
  maxMs: number;
}

export interface SegmentCountFigures {
  customers: number;
  /** null when an already populated store was reused (BENCH_SEGMENT_REUSE=1). */
  store: PopulateFigures | null;
  purchaseStatsRefreshSeconds: number;
  purchaseStatsRows: number;
  runs: number;
  counts: PillarCountFigure[];
  worstMedianMs: number;
  /** Worst median over the default variant of each pillar (the segments campaigns start from). */
  worstDefaultMedianMs: number;
  targetMs: 500;
  /** 1-minute load average while timing: other processes on this 2-core machine inflate the figures. */
  loadAverage: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function timePillarCounts(db: Db, shop: string, now: Date, runs = 5): Promise<PillarCountFigure[]> {
  const figures: PillarCountFigure[] = [];
  for (const pillar of PILLARS) {
    for (const variant of pillar.variants) {
      const members = await countMembers(db, shop, variant.segment, now);
      const times: number[] = [];
      for (let i = 0; i < runs; i += 1) {
        const start = performance.now();
        await countMembers(db, shop, variant.segment, now);
        times.push(performance.now() - start);
      }
      figures.push({
        pillar: pillar.id,
        variant: variant.id,
        members,
        medianMs: Number(median(times).toFixed(1)),
        maxMs: Number(Math.max(...times).toFixed(1)),
      });
    }
  }
  return figures;
}

/** Populates `customers` customers into an empty database, refreshes the purchase stats, times the counts. */
export async function runSegmentCountBench(
  db: Db,
  options: {
    shop: string;
    customers: number;
    now: Date;
    runs?: number;
    log?: (line: string) => void;
    populate?: boolean;
  },
): Promise<SegmentCountFigures> {
  const log = options.log ?? (() => undefined);
  let store: PopulateFigures | null = null;
  let purchaseStatsRefreshSeconds = 0;
  let stats = { rows: 0 };
  if (options.populate !== false) {
    store = await populateSegmentStore(db, options.shop, options.customers, options.now, log);
    const start = performance.now();
    stats = await refreshPurchaseStats(db, options.shop);
    purchaseStatsRefreshSeconds = Number(((performance.now() - start) / 1000).toFixed(1));
    log(`purchase stats ${stats.rows} rows in ${purchaseStatsRefreshSeconds}s`);
    await db.pool.query("VACUUM ANALYZE");
  }
  const runs = options.runs ?? 5;
  const counts = await timePillarCounts(db, options.shop, options.now, runs);
  const loadAverage = Number(os.loadavg()[0].toFixed(1));
  const defaults = counts.filter((c) => PILLARS.some((p) => p.id === c.pillar && p.defaultVariantId === c.variant));
  for (const c of counts)
    log(`${c.pillar}/${c.variant}: ${c.members} members, median ${c.medianMs} ms (max ${c.maxMs})`);
  return {
    customers: options.customers,
    store,
    purchaseStatsRefreshSeconds,
    purchaseStatsRows: stats.rows,
    runs,
    counts,
    worstMedianMs: Math.max(...counts.map((c) => c.medianMs)),
    worstDefaultMedianMs: Math.max(...defaults.map((c) => c.medianMs)),
    targetMs: 500,
    loadAverage,
  };
}
