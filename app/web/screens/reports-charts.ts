// Reports' pictures (pure). Conversion over time: each period's conversion rate among messaged and
// among held-out customers, with its 95% Wilson interval as a band (a period with few customers
// shows a wide band, so a gap between the lines reads as what it is). A period without anyone in
// an arm has no rate and no interval (null), not 0%. Revenue per pillar: attributed revenue per
// period, one series per pillar, on the periods any pillar has.
import type { ArmPoint } from "~/attribution/arm-series.server";
import type { SeriesPoint } from "~/attribution/series.server";
import { wilsonInterval } from "~/attribution/rules/stats";

export interface RateSeries {
  name: string;
  points: { label: string; value: number | null }[];
  /** The 95% interval of each point (same order), drawn as a band around the line. */
  interval?: { name: string; low: (number | null)[]; high: (number | null)[] };
}

const rate = (converted: number, of: number) => (of > 0 ? converted / of : null);

function arm(name: string, points: readonly ArmPoint[], pick: (p: ArmPoint) => [number, number]): RateSeries {
  const intervals = points.map((p) => {
    const [converted, of] = pick(p);
    return of > 0 ? wilsonInterval(converted, of) : null;
  });
  return {
    name,
    points: points.map((p) => ({ label: p.period, value: rate(...pick(p)) })),
    interval: {
      name: `${name}, 95% interval`,
      low: intervals.map((i) => i?.low ?? null),
      high: intervals.map((i) => i?.high ?? null),
    },
  };
}

export function conversionSeries(points: readonly ArmPoint[]): RateSeries[] {
  return [
    arm("Messaged", points, (p) => [p.messagedConverted, p.messaged]),
    arm("Held out", points, (p) => [p.heldOutConverted, p.heldOut]),
  ];
}

/** Attributed revenue per period and pillar; a period a pillar has no row for had no revenue (0). */
export function pillarRevenueSeries(
  pillars: readonly { title: string; series: readonly Pick<SeriesPoint, "period" | "revenue">[] }[],
): RateSeries[] {
  const periods = [...new Set(pillars.flatMap((p) => p.series.map((s) => s.period)))].sort();
  return pillars.map((p) => {
    const byPeriod = new Map(p.series.map((s) => [s.period, Number(s.revenue)]));
    return { name: p.title, points: periods.map((period) => ({ label: period, value: byPeriod.get(period) ?? 0 })) };
  });
}
