// Home: sync status and one card per pillar (segment size, active campaigns, results so far).
import type { AppContext } from "~/runtime/app-context.server";
import { PILLARS, pillarSegment, type PillarId } from "~/segments/rules/pillars";
import { segmentShare, type SegmentShare } from "~/segments/rules";
import { pillarReports, type Totals } from "~/attribution/reports.server";
import { countMembers } from "~/segments/members.server";
import { latestSync, type SyncStatus } from "./sync.server";
import { pillarShown } from "./sync-insight";
import { mailEnvFromProcess } from "~/delivery/sender.server";
import type { SetupGuide } from "./setup-guide";
import { loadSetupGuide } from "./setup-guide.server";
import { homeCharts, type HomeCharts } from "./home-charts.server";

export interface PillarCard {
  id: PillarId;
  title: string;
  description: string;
  segmentSize: number | null;
  /** The segment's share of the store, with a warning when the loyalty segment is not exclusive. */
  segmentShare: SegmentShare | null;
  activeCampaigns: number;
  campaigns: number;
  totals: Totals;
  /** Counted while the sync still reads return details: the number grows (re-engagement only). */
  filling: boolean;
}

export interface HomeView {
  sync: SyncStatus | null;
  customers: number;
  profilesComputed: number;
  /** The shop's currency (money on the cards). */
  currency: string;
  pillars: PillarCard[];
  /** The first-hour setup guide (sync, channel, campaign, activation). */
  guide: SetupGuide;
  /** The customer base as pictures; null while the store is empty or syncing. */
  charts: HomeCharts | null;
}

export async function homeView(ctx: AppContext, shop: string): Promise<HomeView> {
  const now = ctx.now();
  // While the backfill runs the page polls every 2 s; a pillar's size shows once its data is in
  // (the three that need no return details before the fourth, sync-insight.ts) and the charts wait
  // for the whole sync. Knowing that first (one indexed row) lets everything else run at once.
  const sync = await latestSync(ctx, shop);
  const syncing = sync?.status === "running" || sync?.status === "queued";
  const shown = (id: PillarId) => pillarShown(sync?.insight ?? null, syncing, id);
  const [customers, reports, active, shopRow, guide, counts, computed, profileCount] = await Promise.all([
    ctx.db.prisma.customer.count({ where: { shop, redactedAt: null, deletedAt: null } }),
    pillarReports(ctx, shop),
    ctx.db.prisma.campaign.groupBy({ by: ["pillar"], where: { shop, status: "active" }, _count: { _all: true } }),
    ctx.db.prisma.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }),
    loadSetupGuide(ctx.db, shop, mailEnvFromProcess(), now),
    Promise.all(
      PILLARS.map((p) => (shown(p.id) ? countMembers(ctx.db, shop, pillarSegment(p.id), now) : Promise.resolve(null))),
    ),
    syncing ? null : homeCharts(ctx.db, shop),
    // The charts' pass counts the profiles too; while syncing (no charts) count them alone.
    syncing ? ctx.db.prisma.customerProfile.count({ where: { shop } }) : null,
  ]);
  const ready = customers > 0 && !syncing;
  const charts = ready ? computed : null;
  const profilesComputed = computed?.profiles ?? profileCount ?? 0;
  const filling = (id: PillarId) => syncing && id === "reengagement" && sync?.insight.pillars !== "four";
  const sizes = counts.map((size) => (customers > 0 ? size : null));
  return {
    sync,
    customers,
    profilesComputed,
    currency: shopRow?.currencyCode ?? "USD",
    guide,
    charts,
    pillars: PILLARS.map((p, i) => {
      const report = reports.find((r) => r.pillar === p.id);
      return {
        id: p.id,
        title: p.title,
        description: p.description,
        segmentSize: sizes[i],
        segmentShare: sizes[i] === null ? null : segmentShare(sizes[i], customers, p.id === "loyalty"),
        activeCampaigns: active.find((a) => a.pillar === p.id)?._count._all ?? 0,
        campaigns: report?.campaigns ?? 0,
        totals: report!.totals,
        filling: sizes[i] !== null && filling(p.id),
      };
    }),
  };
}
