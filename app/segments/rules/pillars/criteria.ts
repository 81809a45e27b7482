// The pillar criteria of docs/pillars.md (the contract with the simulator's ground truth).
export const PILLAR_CRITERIA = {
  loyalty: {
    netSpendAtLeast: "5000.00",
    ordersAtLeast: 10,
    tenureDays: 730,
    highRfmScoreAtLeast: 4,
    /** The default loyalty segment: the top N % by topBy (decision 0190)... */
    topPercent: 10,
    topBy: "rfm",
    /** ...or one of the milestones above reached in the last N days. */
    milestoneWithinDays: 30,
  },
  lifecycle: { checkInDays: [7, 14, 30] as const },
  affinity: { minOrders: 3, withinDays: 90 },
  reengagement: { reasons: ["size-too-small", "size-too-large", "defective", "not-as-described"] as const },
} as const;

export type CheckInDays = (typeof PILLAR_CRITERIA.lifecycle.checkInDays)[number];
