// The four pillars: metadata for the UI and campaigns, and their default segments.
import { type SegmentRule } from "~/segments/rules";
import { type Pillar, type PillarId, PILLAR_IDS, PILLARS } from "./definitions";

export { PILLARS, PILLAR_IDS, type Pillar, type PillarId, type PillarVariant } from "./definitions";
export { PILLAR_CRITERIA, type CheckInDays } from "./criteria";

export function isPillarId(value: unknown): value is PillarId {
  return typeof value === "string" && (PILLAR_IDS as readonly string[]).includes(value);
}

export function getPillar(id: PillarId): Pillar {
  return PILLARS.find((p) => p.id === id)!;
}

/** A fresh (deep-copied, so editable) segment for a pillar variant; the pillar's default when omitted. */
export function pillarSegment(pillar: PillarId, variantId?: string): SegmentRule {
  const p = getPillar(pillar);
  const id = variantId ?? p.defaultVariantId;
  const variant = p.variants.find((v) => v.id === id);
  if (!variant)
    throw new Error(`pillar ${pillar} has no variant "${id}" (has ${p.variants.map((v) => v.id).join(", ")})`);
  return structuredClone(variant.segment);
}
