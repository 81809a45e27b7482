// The pillar criteria of docs/pillars.md (the contract with the simulator's ground truth).
export const PILLAR_CRITERIA = {
  loyalty: {
    netSpendAtLeast: "5000.00",
    ordersAtLeast: 10,
    tenureDays: 730,
    highRfmScoreAtLeast: 4,
  },
  lifecycle: { checkInDays: [7, 14, 30] as const },
  affinity: { minOrders: 3, withinDays: 90 },
  reengagement: { reasons: ["size-too-small", "size-too-large", "defective", "not-as-described"] as const },
} as const;

export type CheckInDays = (typeof PILLAR_CRITERIA.lifecycle.checkInDays)[number];
