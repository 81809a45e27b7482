// Reports' conversion-over-time picture (pure): each period's conversion rate among messaged and
// among held-out customers. A period without anyone in an arm has no rate (null), not 0%.
import type { ArmPoint } from "~/attribution/arm-series.server";

export interface RateSeries {
  name: string;
  points: { label: string; value: number | null }[];
}

const rate = (converted: number, of: number) => (of > 0 ? converted / of : null);

export function conversionSeries(points: readonly ArmPoint[]): RateSeries[] {
  return [
    {
      name: "Messaged",
      points: points.map((p) => ({ label: p.period, value: rate(p.messagedConverted, p.messaged) })),
    },
    {
      name: "Held out",
      points: points.map((p) => ({ label: p.period, value: rate(p.heldOutConverted, p.heldOut) })),
    },
  ];
}
