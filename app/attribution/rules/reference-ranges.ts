// What the research that motivated Rapport reports for each pillar, shown beside the merchant's
// own figures as context. They are other merchants' published outcomes, not targets Rapport
// promises and not measured by Rapport.

export type Pillar = "loyalty" | "lifecycle" | "affinity" | "reengagement";
export const PILLARS: readonly Pillar[] = ["loyalty", "lifecycle", "affinity", "reengagement"];

export type ReferenceRange =
  | { kind: "rate"; metric: string; low: number; high: number }
  | { kind: "ctr_multiple"; metric: string; low: number; high: number }
  | { kind: "qualitative"; metric: string; expectation: string };

export const REFERENCE_SOURCE_NOTE =
  "Reference ranges come from the research summary that motivated Rapport (issue 7 of the project brief), " +
  "compiled from published retail-messaging results; they describe other stores and are context, not a forecast for this store.";

export const PILLAR_REFERENCE_RANGES: Readonly<Record<Pillar, ReferenceRange>> = {
  loyalty: { kind: "rate", metric: "next-purchase conversion", low: 0.15, high: 0.28 },
  affinity: { kind: "rate", metric: "conversion to the premium version", low: 0.12, high: 0.18 },
  reengagement: {
    kind: "ctr_multiple",
    metric: "click-through rate relative to a standard announcement",
    low: 2,
    high: 3,
  },
  lifecycle: {
    kind: "qualitative",
    metric: "returns and support tickets",
    expectation: "fewer returns and support tickets than customers who were not checked in on",
  },
};

/** Where a measured rate sits against a numeric reference range; null when the range is not a rate. */
export function compareToReference(pillar: Pillar, rate: number | null): "below" | "within" | "above" | null {
  const range = PILLAR_REFERENCE_RANGES[pillar];
  if (range.kind !== "rate" || rate === null) return null;
  if (rate < range.low) return "below";
  return rate > range.high ? "above" : "within";
}

export function isPillar(value: string): value is Pillar {
  return (PILLARS as readonly string[]).includes(value);
}
