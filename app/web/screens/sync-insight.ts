// Which pillars Home can show while the first sync still runs (decision 0209): loyalty, lifecycle
// and affinity once the history (products, customers, orders) is in and profiles were computed
// from it; contextual re-engagement once the returns that can qualify today have their details.
import { countOf, formatCount } from "~/shared/format";
import type { PillarId } from "~/segments/rules/pillars";

export type PillarsReady = "none" | "three" | "four";

export interface SyncInsight {
  pillars: PillarsReady;
  returnsRead: number;
  returnsTotal: number;
  /** One line for the sync card while the sync runs; null when there is nothing to say. */
  text: string | null;
}

export interface InsightInput {
  status: string;
  historyAt: string | null;
  /** When the profiles were last computed (ShopIntelligence.computedAt). */
  profilesAt: Date | null;
  relaunchedDoneAt: string | null;
  returnsRead: number;
  returnsTotal: number;
}

export function syncInsight(input: InsightInput): SyncInsight {
  const { returnsRead, returnsTotal } = input;
  const base = { returnsRead, returnsTotal };
  if (input.status === "completed") return { ...base, pillars: "four", text: null };
  const profiled =
    input.historyAt !== null && input.profilesAt !== null && input.profilesAt.getTime() >= Date.parse(input.historyAt);
  if (!profiled) return { ...base, pillars: "none", text: null };
  const progress = `${formatCount(returnsRead)} of ${countOf(returnsTotal, "return")} read`;
  if (input.relaunchedDoneAt)
    return {
      ...base,
      pillars: "four",
      text: `All four pillars are ready. Older return details are still arriving (${progress}).`,
    };
  return {
    ...base,
    pillars: "three",
    text: `Loyalty, lifecycle and affinity are ready. Contextual re-engagement fills in as return details arrive (${progress}).`,
  };
}

/** Whether a pillar's segment can be counted now; re-engagement is counted as it fills. */
export function pillarShown(insight: SyncInsight | null, syncing: boolean, pillar: PillarId): boolean {
  if (!syncing) return true;
  if (!insight || insight.pillars === "none") return false;
  return pillar !== "reengagement" || insight.pillars === "four" || insight.returnsRead > 0;
}
